"""The summary's two charts as inline SVG: a score histogram and the pass rate per property.

Plain SVG text, no plotting library: the batch driver used to import matplotlib (~0.4 CPU s,
plus ~0.1 s to draw) only for these two charts, CPU it took from the grading processes with
`-j 2`. Text from the assignment (property ids) is escaped; the same data always gives the
same bytes.
"""

from __future__ import annotations

import itertools
from html import escape
from typing import Any

_FONT = 'font-family="system-ui,-apple-system,Segoe UI,Roboto,sans-serif"'
_AXIS = "#5b6673"
_BAR = "#3b6ea5"


def _svg(width: int, height: int, label: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" {_FONT} '
        f'font-size="11">' + "".join(body) + "</svg>"
    )


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _count_ticks(top: int) -> list[int]:
    """A few whole-number ticks from 0 to at least `top`."""
    step = 1
    while top / step > 5:
        step *= 5 if str(step).startswith("2") else 2
    return list(range(0, top + step, step)) if top else [0, 1]


def score_histogram(histogram: dict[str, Any], max_score: float) -> str:
    """Bars of how many students scored in each tenth of the maximum."""
    edges, counts = histogram["edges"], histogram["counts"]
    width, height = 640, 260
    left, right, top, bottom = 48, 16, 16, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    x_max = max_score or edges[-1] or 1
    ticks = _count_ticks(max(counts, default=0))
    y_max = ticks[-1] or 1

    def x(v: float) -> float:
        return left + plot_w * v / x_max

    def y(v: float) -> float:
        return top + plot_h * (1 - v / y_max)

    body = []
    for t in ticks:
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{_num(y(t))}" y2="{_num(y(t))}" '
            'stroke="#e6e9ed"/>'
            f'<text x="{left - 6}" y="{_num(y(t) + 4)}" text-anchor="end" fill="{_AXIS}">{t}</text>'
        )
    for (a, b), n in zip(itertools.pairwise(edges), counts, strict=False):
        if n:
            body.append(
                f'<rect x="{_num(x(a) + 1)}" y="{_num(y(n))}" width="{_num(x(b) - x(a) - 2)}" '
                f'height="{_num(y(0) - y(n))}" fill="{_BAR}"/>'
                f'<text x="{_num((x(a) + x(b)) / 2)}" y="{_num(y(n) - 3)}" '
                f'text-anchor="middle">{n}</text>'
            )
    for e in edges:
        body.append(
            f'<text x="{_num(x(e))}" y="{_num(y(0) + 15)}" text-anchor="middle" '
            f'fill="{_AXIS}">{e:g}</text>'
        )
    body.append(
        f'<line x1="{left}" x2="{width - right}" y1="{_num(y(0))}" y2="{_num(y(0))}" '
        f'stroke="{_AXIS}"/>'
        f'<text x="{left + plot_w / 2:g}" y="{height - 6}" text-anchor="middle" fill="{_AXIS}">'
        f"score (out of {escape(f'{max_score:g}')})</text>"
        f'<text transform="translate(12 {top + plot_h / 2:g}) rotate(-90)" text-anchor="middle" '
        f'fill="{_AXIS}">students</text>'
    )
    return _svg(width, height, "scores", body)


def _rate_colour(rate: float) -> str:
    return "#2e8b57" if rate >= 80 else "#d9a400" if rate >= 50 else "#c0392b"


def pass_rates(properties: list[dict[str, Any]]) -> str:
    """One horizontal bar per property, in assignment order: the share of graded submissions
    that passed it."""
    shown = [p for p in properties if p["pass_rate"] is not None]
    label_w = 8 + 6 * max((len(p["id"]) for p in shown), default=4)
    width, row, top, bottom = 640, 22, 8, 34
    plot_w = width - label_w - 16
    height = top + row * max(len(shown), 1) + bottom
    body = []
    for i, p in enumerate(shown):
        rate = 100 * p["pass_rate"]
        y = top + i * row
        bar = plot_w * rate / 100
        inside = rate > 85  # the label goes inside a long bar, so it never runs past the axis
        label_x, anchor = (label_w + bar - 4, "end") if inside else (label_w + bar + 4, "start")
        fill = ' fill="white"' if inside else ""
        body.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(p["id"])}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{_num(bar)}" height="{row - 6}" '
            f'fill="{_rate_colour(rate)}"/>'
            f'<text x="{_num(label_x)}" y="{y + 15}" text-anchor="{anchor}"{fill}>{rate:.0f}%</text>'
        )
    axis_y = top + row * max(len(shown), 1)
    body.append(
        f'<line x1="{label_w}" x2="{label_w + plot_w}" y1="{axis_y}" y2="{axis_y}" '
        f'stroke="{_AXIS}"/>'
    )
    for t in range(0, 101, 20):
        tx = _num(label_w + plot_w * t / 100)
        body.append(
            f'<text x="{tx}" y="{axis_y + 14}" text-anchor="middle" fill="{_AXIS}">{t}</text>'
        )
    body.append(
        f'<text x="{label_w + plot_w / 2:g}" y="{height - 4}" text-anchor="middle" '
        f'fill="{_AXIS}">% of graded submissions passing</text>'
    )
    return _svg(width, height, "pass rate per property", body)
