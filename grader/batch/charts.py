"""The summary's charts as PNG bytes, drawn with matplotlib's Agg backend (no display needed).

matplotlib is the optional extra ``grader[plots]``: without it `available()` is False and the
summary page is written without charts.
"""

from __future__ import annotations

import io
import itertools
from typing import Any


def available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def warm_up() -> None:
    """Import what drawing needs and draw each chart once on made-up data, ahead of time (the
    batch does it in a thread while it grades): the first drawing loads fonts and fills
    matplotlib's caches, ~0.5 s that would otherwise come after the last submission. Nothing
    when matplotlib is missing."""
    if not available():
        return
    score_histogram({"edges": [0.0, 5.0, 10.0], "counts": [1, 2]}, 10.0)
    pass_rates([{"id": "warm.up", "pass_rate": 0.5}, {"id": "warm.up-2", "pass_rate": 0.9}])


def _figure(width: float, height: float) -> Any:
    # The object-oriented API never touches pyplot's global state or a GUI backend, so it is
    # safe with any MPLBACKEND and from any thread.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110)
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    # Fixed metadata: the same summary draws the same bytes (no "Software"/date stamps).
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def score_histogram(histogram: dict[str, Any], max_score: float) -> bytes:
    """Bars of how many students scored in each tenth of the maximum."""
    edges, counts = histogram["edges"], histogram["counts"]
    fig = _figure(6.4, 2.8)
    ax = fig.add_subplot()
    widths = [b - a for a, b in itertools.pairwise(edges)]
    ax.bar(edges[:-1], counts, width=widths, align="edge", color="#3b6ea5", edgecolor="white")
    ax.set_xlim(0, max_score or edges[-1])
    ax.set_xlabel(f"score (out of {max_score:g})")
    ax.set_ylabel("students")
    ax.yaxis.get_major_locator().set_params(integer=True)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    for x, w, n in zip(edges, widths, counts, strict=False):
        if n:
            ax.text(x + w / 2, n, str(n), ha="center", va="bottom", fontsize=8)
    fig.tight_layout()
    return _png(fig)


def pass_rates(properties: list[dict[str, Any]]) -> bytes:
    """One horizontal bar per property: the share of graded submissions that passed it."""
    shown = [p for p in properties if p["pass_rate"] is not None]
    labels = [p["id"] for p in shown][::-1]  # assignment order, top to bottom
    rates = [100 * p["pass_rate"] for p in shown][::-1]
    fig = _figure(6.4, 0.9 + 0.32 * max(len(shown), 1))
    ax = fig.add_subplot()
    colors = ["#2e8b57" if r >= 80 else "#d9a400" if r >= 50 else "#c0392b" for r in rates]
    ax.barh(labels, rates, color=colors)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of graded submissions passing")
    for y, r in enumerate(rates):
        # Inside the bar when it is long, so the label never runs past the axis.
        inside = r > 85
        ax.text(
            r - 1 if inside else r + 1,
            y,
            f"{r:.0f}%",
            va="center",
            ha="right" if inside else "left",
            color="white" if inside else "black",
            fontsize=8,
        )
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    ax.tick_params(axis="y", labelsize=8)
    fig.tight_layout()
    return _png(fig)
