"""A student feedback page in HTML: one self-contained file (inline CSS and SVG, no scripts, no
external assets) that opens from disk, or a fragment for Jupyter (``fragment=True``).

Every string from the report is escaped. Properties that attached "trajectories" (the
symmetry check of init-shallow) get a plot of each hidden unit's weight over training, the
student's start beside a zero start; see `grader.render.svg`.
"""

from __future__ import annotations

from html import escape

from grader.render import svg
from grader.render._common import VERDICTS, details, points
from grader.results import PropertyResult, Report, ReportStatus, Status

_MARKS = {
    Status.PASSED: "✓",
    Status.FAILED: "✗",
    Status.TIMEOUT: "✗",  # the message says it ran out of time; ⏱ has no glyph in many fonts
    Status.ERROR: "!",
    Status.SKIPPED: "–",
}

# Scoped under .grader-report so the fragment can sit inside a notebook without restyling it.
CSS = """
.grader-report{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;
max-width:860px;margin:0 auto;padding:16px 20px}
.grader-report h1{font-size:1.45em;margin:0 0 2px}
.grader-report h2{font-size:1.05em;margin:22px 0 6px;text-transform:uppercase;
letter-spacing:.05em;color:#57606a;border-bottom:1px solid #d8dee4;padding-bottom:3px}
.grader-report .sub{color:#57606a;margin:0 0 12px}
.grader-report .score{display:flex;align-items:center;gap:14px;margin:10px 0 4px}
.grader-report .score strong{font-size:1.6em}
.grader-report .bar{flex:1;height:10px;background:#eaeef2;border-radius:5px;overflow:hidden}
.grader-report .bar span{display:block;height:100%;background:#cf222e}
.grader-report .bar.full span{background:#1a7f37}
.grader-report .prop{border:1px solid #d8dee4;border-left-width:5px;border-radius:6px;
padding:7px 12px;margin:7px 0;background:#fff}
.grader-report .prop.passed{border-left-color:#1a7f37}
.grader-report .prop.failed,.grader-report .prop.timeout{border-left-color:#cf222e}
.grader-report .prop.error{border-left-color:#8250df}
.grader-report .prop.skipped{border-left-color:#afb8c1;color:#57606a}
.grader-report .head{display:flex;gap:10px;align-items:baseline}
.grader-report .mark{font-weight:700;width:1.1em;text-align:center}
.grader-report .passed .mark{color:#1a7f37}
.grader-report .failed .mark,.grader-report .timeout .mark{color:#cf222e}
.grader-report .error .mark{color:#8250df}
.grader-report .title{flex:1}
.grader-report .pts{font-variant-numeric:tabular-nums;white-space:nowrap;color:#57606a}
.grader-report .detail{margin:4px 0 2px 1.9em}
.grader-report .msg{white-space:pre-wrap}
.grader-report .label{font-weight:600;margin-right:.4em}
.grader-report code,.grader-report pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,
monospace;background:#f6f8fa;border-radius:4px}
.grader-report code{padding:1px 5px;overflow-wrap:anywhere}
.grader-report pre{padding:6px 9px;margin:3px 0;white-space:pre-wrap;overflow-wrap:anywhere}
.grader-report .hint{background:#fff8c5;border-radius:4px;padding:4px 9px}
.grader-report .box{border:1px solid #ff8182;background:#ffebe9;border-radius:6px;
padding:8px 14px;margin:12px 0}
.grader-report .box.warn{border-color:#d4a72c;background:#fff8c5}
.grader-report .box ul{margin:4px 0;padding-left:20px}
.grader-report figure{margin:8px 0 4px 1.9em}
.grader-report figure svg{max-width:100%;height:auto}
.grader-report figcaption{font-size:.9em;color:#57606a;max-width:600px}
.grader-report .plot-area{fill:#fbfcfd;stroke:#d8dee4}
.grader-report .zero{stroke:#afb8c1;stroke-dasharray:3 3}
.grader-report .unit{fill:none;stroke-width:1.8;stroke-linejoin:round}
.grader-report .tick{font-size:11px;fill:#57606a}
.grader-report .panel-title{font-size:13px;font-weight:600;fill:#1f2328}
.grader-report .verdict{font-size:11px;fill:#1f2328}
.grader-report footer{margin-top:22px;font-size:.85em;color:#57606a}
"""


def _figure(row: PropertyResult) -> str:
    data = row.artifacts.get("trajectories")
    if data is None:
        return ""
    try:
        drawing = svg.trajectories(data)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError):
        return ""  # a malformed attachment costs the plot, never the page
    quantity = escape(str(data.get("quantity", "weight")))
    steps = escape(str(data.get("steps", "")))
    return (
        f"<figure>{drawing}<figcaption>Each line is one hidden unit's weight {quantity} during "
        f"{steps} steps of gradient descent. Units that start different learn different things; "
        "units that start the same (as from a zero start) get the same updates and stay one "
        "line.</figcaption></figure>"
    )


def _property(row: PropertyResult) -> str:
    status = row.status.value
    parts = [
        f'<section class="prop {status}"><div class="head">'
        f'<span class="mark" aria-label="{escape(VERDICTS[row.status])}">{_MARKS[row.status]}'
        f'</span><span class="title">{escape(row.title or row.id)}</span>'
        f'<span class="pts">{points(row.points)} / {points(row.max_points)}</span></div>'
    ]
    for label, text in details(row):
        if label == "your function printed":
            parts.append(
                f'<div class="detail"><span class="label">{label}:</span>'
                f"<pre>{escape(text)}</pre></div>"
            )
        elif label.startswith("smallest"):
            parts.append(
                f'<div class="detail"><span class="label">{label}:</span>'
                f"<code>{escape(text)}</code></div>"
            )
        elif label == "hint":
            parts.append(
                f'<div class="detail hint"><span class="label">Hint:</span>{escape(text)}</div>'
            )
        else:
            parts.append(f'<div class="detail msg">{escape(text)}</div>')
    parts.append(_figure(row))
    parts.append("</section>")
    return "".join(parts)


def _body(report: Report) -> str:
    title = report.assignment_title or report.assignment
    passed = sum(1 for p in report.properties if p.passed)
    share = report.score / report.max_score if report.max_score else 0.0
    full = " full" if report.full_marks else ""
    out = [
        f"<header><h1>{escape(title)}</h1>"
        f'<p class="sub">{escape(report.assignment)} · {escape(report.submission)}'
        f"{' · course ' + escape(report.course) if report.course else ''}</p>"
        f'<div class="score"><strong>{points(report.score)} / {points(report.max_score)}'
        f'</strong><div class="bar{full}"><span style="width:{100 * share:.1f}%"></span></div>'
        f"<span>{passed} of {len(report.properties)} properties passed</span></div></header>"
    ]
    if report.status is ReportStatus.LOAD_ERROR:
        items = "".join(f"<li>{escape(reason)}</li>" for reason in report.load_errors)
        out.append(
            f'<div class="box"><strong>Your submission could not be graded.</strong>'
            f"<ul>{items}</ul></div>"
        )
    else:
        for category, rows in report.by_category().items():
            out.append(f"<h2>{escape(category)}</h2>")
            out.extend(_property(row) for row in rows)
        if report.load_errors:
            items = "".join(f"<li>{escape(w)}</li>" for w in report.load_errors)
            out.append(
                f'<div class="box warn"><strong>While running your notebook:</strong>'
                f"<ul>{items}</ul></div>"
            )
    out.append(
        f"<footer>grader {escape(report.grader_version)} · seed {report.seed}"
        + (
            f" · assignment version {escape(report.assignment_version)}"
            if report.assignment_version
            else ""
        )
        + "</footer>"
    )
    return "".join(out)


def render(report: Report, *, fragment: bool = False, **_: object) -> str:
    """The report as a complete HTML page, or as one <div> (with its style) when `fragment`."""
    body = f'<div class="grader-report"><style>{CSS}</style>{_body(report)}</div>'
    if fragment:
        return body
    title = escape(f"{report.assignment}: {points(report.score)}/{points(report.max_score)}")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title></head><body>{body}</body></html>\n"
    )
