"""A student feedback page in Markdown (GitHub-flavoured: job summaries, README-style pages,
Jupyter's ``_repr_markdown_``).

Everything that comes from the report is escaped: a student controls what their functions
print and, through dict keys, parts of the messages, and Markdown renderers pass HTML through.
Free text is backslash-escaped with ``<``, ``>`` and ``&`` as entities; calls and printed output
are code spans or fenced blocks, whose fences are longer than any run of backticks inside.
"""

from __future__ import annotations

import re

from grader.render._common import VERDICTS, details, points
from grader.results import PropertyResult, Report, ReportStatus, Status

_MARKS = {
    Status.PASSED: "✅",
    Status.FAILED: "❌",
    Status.TIMEOUT: "⏱️",
    Status.ERROR: "⚠️",
    Status.SKIPPED: "➖",
}

# Escaped text always follows a prefix on its line ("- ", "## "), so only the characters that
# act inside a line need escaping: the block markers (-, +, 1.) cannot trigger there.
_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def escape(text: str) -> str:
    """`text` as literal Markdown inline text (one line; newlines become spaces)."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def code_span(text: str) -> str:
    """`text` as an inline code span, whatever backticks it contains."""
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def code_block(text: str, indent: str = "") -> str:
    """`text` as a fenced block (indented under a list item)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    lines = [fence, *text.splitlines(), fence]
    return "\n".join(indent + line for line in lines)


def _property(row: PropertyResult) -> list[str]:
    mark = _MARKS[row.status]
    title = escape(row.title or row.id)
    lines = [
        f"- {mark} **{title}** — {points(row.points)}/{points(row.max_points)}"
        f" ({VERDICTS[row.status]})"
    ]
    for label, text in details(row):
        if label == "your function printed":
            lines.append(f"  - {label}:")
            lines.append(code_block(text, indent="    "))
        elif label.startswith("smallest"):
            lines.append(f"  - {label}: {code_span(text)}")
        elif label:
            lines.append(f"  - *{label}:* {escape(text)}")
        else:
            lines.append(f"  - {escape(text)}")
    return lines


def render(report: Report, **_: object) -> str:
    """The report as a Markdown page."""
    title = escape(report.assignment_title or report.assignment)
    passed = sum(1 for p in report.properties if p.passed)
    out = [
        f"# {escape(report.assignment)}: {title}",
        "",
        f"**Score: {points(report.score)} / {points(report.max_score)}**"
        f" ({passed} of {len(report.properties)} properties passed) · "
        f"submission {code_span(report.submission)}"
        + (f" · course {code_span(report.course)}" if report.course else ""),
        "",
    ]
    if report.status is ReportStatus.LOAD_ERROR:
        out += ["## Your submission could not be graded", ""]
        out += [f"- {escape(reason)}" for reason in report.load_errors]
        out.append("")
        return "\n".join(out)
    for category, rows in report.by_category().items():
        out += [f"## {escape(category)}", ""]
        for row in rows:
            out += _property(row)
        out.append("")
    if report.load_errors:
        out += ["## While running your notebook", ""]
        out += [f"- {escape(w)}" for w in report.load_errors]
        out.append("")
    return "\n".join(out)
