"""summary.html: one self-contained page for the instructor (inline CSS, charts as inline SVG).

Every string from a submission (names, messages, counterexamples) is HTML-escaped: students
choose their file names and what their code raises.
"""

from __future__ import annotations

from html import escape
from typing import Any

from grader.batch import charts

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2530;
 max-width:1040px;margin:24px auto;padding:0 20px;background:#fafbfc}
h1{font-size:24px;margin:0 0 2px}h2{font-size:19px;margin:30px 0 10px;border-bottom:1px solid #dde2e8;
 padding-bottom:4px}h3{font-size:16px;margin:18px 0 6px}
.sub{color:#5b6673;margin:0 0 16px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
.card{background:#fff;border:1px solid #dde2e8;border-radius:8px;padding:8px 14px;min-width:110px}
.card b{display:block;font-size:22px}.card span{color:#5b6673;font-size:13px}
.card.bad b{color:#c0392b}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px;margin:6px 0}
th,td{border:1px solid #dde2e8;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f3f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
code{font:13px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f0f3f6;padding:1px 4px;
 border-radius:3px;word-break:break-word}
.prop{background:#fff;border:1px solid #dde2e8;border-radius:8px;padding:6px 14px 10px;margin:10px 0}
.rate{float:right;font-weight:600}.low{color:#c0392b}.mid{color:#b07d00}.high{color:#2e8b57}
.hint{color:#5b6673;font-size:14px}.warn{background:#fff6e0;border:1px solid #f0d48a;
 border-radius:6px;padding:6px 12px;margin:6px 0}
details summary{cursor:pointer;color:#3b6ea5;font-size:13px}
.chart svg{max-width:100%;height:auto;background:#fff;border:1px solid #dde2e8;border-radius:6px}
.muted{color:#5b6673}
"""


def _figure(svg: str) -> str:
    return f'<div class="chart">{svg}</div>'


def _num(x: Any) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.1f}".rstrip("0").rstrip(".")
    return str(x)


def _rate_class(rate: float) -> str:
    return "high" if rate >= 0.8 else "mid" if rate >= 0.5 else "low"


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _cards(data: dict[str, Any]) -> str:
    score = data["score"]
    items = [
        (data["submissions"], "submissions", False),
        (data["graded"], "graded", False),
        (data["full_marks"], "full marks", False),
        (f"{_num(score['mean'])} / {_num(data['max_score'])}", "mean score", False),
        (_num(score["median"]), "median score", False),
        (len(data["load_errors"]), "could not load", bool(data["load_errors"])),
        (len({t["student"] for t in data["timeouts"]}), "with timeouts", bool(data["timeouts"])),
        (len(data["grader_failures"]), "grader failures", bool(data["grader_failures"])),
    ]
    return (
        '<div class="cards">'
        + "".join(
            f'<div class="card{" bad" if bad else ""}"><b>{escape(str(v))}</b>'
            f"<span>{escape(label)}</span></div>"
            for v, label, bad in items
        )
        + "</div>"
    )


def _misunderstandings(properties: list[dict[str, Any]]) -> str:
    failing = [p for p in properties if p["messages"]]
    if not failing:
        return "<p>Every graded submission passed every property.</p>"
    failing.sort(key=lambda p: (p["pass_rate"] if p["pass_rate"] is not None else 1, p["id"]))
    parts = []
    for p in failing:
        rate = p["pass_rate"] or 0.0
        fails = p["checked"] - p["counts"]["passed"]
        parts.append('<div class="prop">')
        parts.append(
            f'<span class="rate {_rate_class(rate)}">{100 * rate:.0f}% pass</span>'
            f"<h3>{escape(p['title'])} <code>{escape(p['id'])}</code></h3>"
            f'<div class="muted">{fails} of {p["checked"]} checked submissions did not pass '
            f"({p['points']:g} points)</div>"
        )
        rows = []
        for m in p["messages"]:
            students = ", ".join(escape(s) for s in m["students"])
            rows.append(
                [
                    f"<code>{escape(m['example'])}</code>"
                    f"<details><summary>{_count(len(m['students']), 'student')}</summary>{students}</details>",
                    str(m["count"]),
                ]
            )
        parts.append(_table(["most common failure (example wording)", "students"], rows, {1}))
        if p["counterexamples"]:
            calls = "; ".join(
                f"<code>{escape(c['call'])}</code> ({c['count']})" for c in p["counterexamples"]
            )
            parts.append(f"<div>Smallest failing calls: {calls}</div>")
        if p["hint"]:
            parts.append(f'<div class="hint">Hint students see: {escape(p["hint"])}</div>')
        parts.append("</div>")
    return "".join(parts)


def render(data: dict[str, Any]) -> str:
    """The summary page for `data` (as built by `summary.build`)."""
    title = f"{data['assignment_title']} — class summary"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(data['assignment_title'])}</h1>",
        f'<p class="sub">Class summary for <code>{escape(data["assignment"])}</code> '
        f"(version {escape(str(data['assignment_version']))}), "
        f"{data['finished']} of {data['submissions']} submissions graded"
        + (f" ({data['resumed']} kept from an earlier run)" if data["resumed"] else "")
        + f"; this run took {data['duration']:.0f} s.</p>",
        _cards(data),
    ]
    if data["interrupted"]:
        out.append(
            '<div class="warn">The batch was interrupted: this page covers only the '
            "submissions graded so far. Run the same command with --resume to finish.</div>"
        )
    out += [f'<div class="warn">{escape(w)}</div>' for w in data["warnings"]]
    out.append("<h2>Scores</h2>")
    if data["score"]["mean"] is not None:
        out.append(_figure(charts.score_histogram(data["histogram"], data["max_score"])))
    if data["load_errors"]:
        out.append(
            f'<p class="muted">Includes {len(data["load_errors"])} submissions that could not be '
            "loaded (score 0; listed below).</p>"
        )
    out.append("<h2>Pass rate per property</h2>")
    if any(p["pass_rate"] is not None for p in data["properties"]):
        out.append(_figure(charts.pass_rates(data["properties"])))
    out.append(
        _table(
            ["property", "what it checks", "points", "passed", "failed", "timeout", "pass rate"],
            [
                [
                    f"<code>{escape(p['id'])}</code>",
                    escape(p["title"]),
                    f"{p['points']:g}",
                    str(p["counts"]["passed"]),
                    str(p["counts"]["failed"]),
                    str(p["counts"]["timeout"]),
                    "–" if p["pass_rate"] is None else f"{100 * p['pass_rate']:.0f}%",
                ]
                for p in data["properties"]
            ],
            {2, 3, 4, 5, 6},
        )
    )
    out.append("<h2>What the class got wrong</h2>")
    out.append(_misunderstandings(data["properties"]))
    out += _problem_sections(data)
    out.append("<h2>Slowest submissions</h2>")
    out.append(
        _table(
            ["student", "submission", "seconds"],
            [
                [
                    escape(s["student"]),
                    f"<code>{escape(s['submission'])}</code>",
                    f"{s['seconds']:.1f}",
                ]
                for s in data["slowest"]
            ],
            {2},
        )
    )
    out.append("<h2>Every student</h2>")
    out.append(
        _table(
            ["student", "submission", "status", "score", "feedback"],
            [
                [
                    escape(s["student"]),
                    f"<code>{escape(s['submission'])}</code>",
                    escape(s["status"]),
                    _num(s["score"]),
                    f'<a href="feedback/{escape(s["key"])}.md">feedback</a> · '
                    f'<a href="reports/{escape(s["key"])}.json">report</a>',
                ]
                for s in data["students"]
            ],
            {3},
        )
    )
    out.append("</body></html>\n")
    return "\n".join(out)


def _problem_sections(data: dict[str, Any]) -> list[str]:
    out = []
    if data["load_errors"]:
        out.append(f"<h2>Could not load ({len(data['load_errors'])})</h2>")
        out.append(
            _table(
                ["student", "submission", "why"],
                [
                    [
                        escape(e["student"]),
                        f"<code>{escape(e['submission'])}</code>",
                        escape(e["reason"]),
                    ]
                    for e in data["load_errors"]
                ],
            )
        )
    if data["timeouts"]:
        out.append(f"<h2>Timeouts ({len(data['timeouts'])})</h2>")
        out.append(
            _table(
                ["student", "property", "message"],
                [
                    [
                        escape(t["student"]),
                        f"<code>{escape(t['property'])}</code>",
                        escape(t["message"]),
                    ]
                    for t in data["timeouts"]
                ],
            )
        )
    if data["grader_failures"]:
        out.append(f"<h2>Not graded: the grader failed ({len(data['grader_failures'])})</h2>")
        out.append(
            '<p class="muted">No report for these; run the same command with --resume to retry '
            "them, and report the problem if it persists.</p>"
        )
        out.append(
            _table(
                ["student", "submission", "status", "why"],
                [
                    [
                        escape(f["student"]),
                        f"<code>{escape(f['submission'])}</code>",
                        escape(f["status"]),
                        escape(f["reason"]),
                    ]
                    for f in data["grader_failures"]
                ],
            )
        )
    if data["duplicates"]:
        out.append(f"<h2>Several files for one student ({len(data['duplicates'])})</h2>")
        out.append(
            '<p class="muted">The newest file was graded (modification time, then name).</p>'
        )
        out.append(
            _table(
                ["student", "graded", "not graded"],
                [
                    [
                        escape(d["student"]),
                        f"<code>{escape(d['graded'])}</code>",
                        ", ".join(f"<code>{escape(i)}</code>" for i in d["ignored"]),
                    ]
                    for d in data["duplicates"]
                ],
            )
        )
    return out


def _count(n: int, noun: str) -> str:
    """ "1 student", "2 students"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
