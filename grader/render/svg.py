"""Small inline SVG plots for the HTML feedback page: no matplotlib, no external assets.

`trajectories` draws the data a property attached with
``attach("trajectories", {...})`` (see assignments/init_shallow): one panel per start, one line
per hidden unit, every panel on the same vertical scale so the starts can be compared.
Expected shape::

    {"quantity": "W1[i, 0]", "steps": 40,
     "panels": [{"label": "from your weights", "units": [[w_0, w_1, ...], ...]}, ...]}
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

# Eight colours that stay distinct for colour-blind readers (Okabe-Ito, black moved last).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

_W, _H = 300, 200  # one panel
_LEFT, _RIGHT, _TOP, _BOTTOM = 52, 10, 38, 30


def _series(panel: Any) -> list[list[float]]:
    units = panel["units"]
    if not isinstance(units, list) or not units:
        raise ValueError("a panel needs at least one unit")
    out = []
    for unit in units:
        values = [float(v) for v in unit]
        if not values or not all(math.isfinite(v) for v in values):
            raise ValueError("series must be finite numbers")
        out.append(values)
    return out


def distinct_paths(units: list[list[float]]) -> int:
    """How many different lines the units draw (units with identical series count once)."""
    return len({tuple(u) for u in units})


def _tick(x: float) -> str:
    if x == 0:
        return "0"
    return f"{x:.2g}" if abs(x) < 0.01 or abs(x) >= 1000 else f"{x:.3g}"


def _panel(label: str, units: list[list[float]], low: float, high: float, steps: int) -> str:
    plot_w = _W - _LEFT - _RIGHT
    plot_h = _H - _TOP - _BOTTOM

    def x(i: int, n: int) -> float:
        return _LEFT + plot_w * (i / max(n - 1, 1))

    def y(v: float) -> float:
        return _TOP + plot_h * (1 - (v - low) / (high - low))

    parts = [
        f'<rect x="{_LEFT}" y="{_TOP}" width="{plot_w}" height="{plot_h}" class="plot-area"/>',
        f'<text x="{_LEFT}" y="13" class="panel-title">{escape(label)}</text>',
    ]
    if low < 0 < high:
        parts.append(
            f'<line x1="{_LEFT}" x2="{_LEFT + plot_w}" y1="{y(0):.1f}" y2="{y(0):.1f}" '
            'class="zero"/>'
        )
    for value in (low, 0.0, high) if low < 0 < high else (low, high):
        parts.append(
            f'<text x="{_LEFT - 5}" y="{y(value) + 4:.1f}" class="tick" '
            f'text-anchor="end">{escape(_tick(value))}</text>'
        )
    bottom = _TOP + plot_h
    parts.append(f'<text x="{_LEFT}" y="{bottom + 16}" class="tick">0</text>')
    parts.append(
        f'<text x="{_LEFT + plot_w}" y="{bottom + 16}" class="tick" text-anchor="end">'
        f"{steps}</text>"
    )
    parts.append(
        f'<text x="{_LEFT + plot_w / 2:.0f}" y="{bottom + 16}" class="tick" '
        'text-anchor="middle">training step</text>'
    )
    # Draw in reverse so unit 0 ends on top; identical units then show as one line.
    for index in reversed(range(len(units))):
        values = units[index]
        points = " ".join(f"{x(i, len(values)):.1f},{y(v):.1f}" for i, v in enumerate(values))
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<polyline points="{points}" stroke="{colour}" class="unit"/>')
    n, k = len(units), distinct_paths(units)
    verdict = (
        f"{n} units, {k} different paths"
        if k > 1
        else f"{n} units, 1 path: they move as one"
        if n > 1
        else "1 unit"
    )
    parts.append(f'<text x="{_LEFT}" y="{_TOP - 8}" class="verdict">{escape(verdict)}</text>')
    return "".join(parts)


def trajectories(data: Any) -> str:
    """An inline <svg> of the panels side by side; raises ValueError for malformed data."""
    if not isinstance(data, dict):
        raise ValueError("trajectories must be an object")
    panels = data.get("panels")
    if not isinstance(panels, list) or not panels:
        raise ValueError("trajectories need panels")
    labelled = [(str(p.get("label", "")), _series(p)) for p in panels]
    every = [v for _, units in labelled for unit in units for v in unit]
    low, high = min(every), max(every)
    if low == high == 0:
        # Nothing moved from zero anywhere: show the lesson's scale, not a range of nothing.
        low, high = -0.01, 0.01
    else:
        # Pad the range so that lines never sit on the frame.
        span = max(high - low, abs(high), abs(low))
        low, high = low - 0.08 * span, high + 0.08 * span
    steps = int(data.get("steps", len(labelled[0][1][0]) - 1))
    quantity = str(data.get("quantity", "weight"))
    width = _W * len(labelled)
    description = "; ".join(
        f"{label}: {len(units)} units, {distinct_paths(units)} different paths"
        for label, units in labelled
    )
    body = "".join(
        f'<g transform="translate({i * _W},0)">{_panel(label, units, low, high, steps)}</g>'
        for i, (label, units) in enumerate(labelled)
    )
    return (
        f'<svg class="trajectories" viewBox="0 0 {width} {_H}" width="{width}" height="{_H}" '
        f'role="img" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(quantity)} of every hidden unit over training: {escape(description)}"
        f"</title>{body}</svg>"
    )
