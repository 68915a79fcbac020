"""`--format html`: a self-contained feedback page, escaped, with the symmetry plot; and the
page as a browser shows it (headless Chromium, when installed)."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from render_samples import TRAJECTORIES, graded, load_error

from grader.render import render
from grader.render.svg import distinct_paths, trajectories


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def test_the_page_is_self_contained():
    tags = _tags(render(graded(), "html"))
    names = [t for t, _ in tags]
    assert names[:2] == ["html", "head"]
    assert "script" not in names and "link" not in names and "img" not in names
    assert not [a for _, attrs in tags for k, a in attrs.items() if k in ("src", "href")]


def test_everything_from_the_report_is_escaped():
    page = render(graded(), "html")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_each_property_shows_title_points_message_call_and_hint():
    page = render(graded(), "html")
    assert "W1 has shape (n_h, n_x)" in page
    assert '<span class="pts">0 / 12</span>' in page
    assert "<code>initialize_parameters(n_x=1, n_h=2, n_y=1)</code>" in page
    assert "One row per hidden unit." in page
    assert "<strong>18 / 60</strong>" in page
    assert "ZeroDivisionError" not in page  # tracebacks are for the instructor


def test_the_symmetry_plot_draws_one_line_per_unit_per_start():
    page = render(graded(), "html")
    assert page.count("<svg") == 1
    assert page.count("<polyline") == 4
    assert "2 units, 2 different paths" in page
    assert "2 units, 1 path: they move as one" in page


def test_a_malformed_attachment_costs_the_plot_not_the_page():
    import dataclasses

    report = graded()
    bad = dataclasses.replace(report.properties[2], artifacts={"trajectories": {"panels": "x"}})
    page = render(dataclasses.replace(report, properties=(bad,)), "html")
    assert "<svg" not in page and "After training" in page
    with pytest.raises(ValueError):
        trajectories({"panels": [{"units": [[1.0, float("nan")]]}]})


def test_distinct_paths_counts_identical_units_once():
    units = TRAJECTORIES["panels"][1]["units"]
    assert distinct_paths(units) == 1
    assert distinct_paths(TRAJECTORIES["panels"][0]["units"]) == 2


def test_the_fragment_for_notebooks_is_one_scoped_div():
    fragment = render(graded(), "html", fragment=True)
    assert fragment.startswith('<div class="grader-report"><style>')
    assert "<html" not in fragment
    css = re.search(r"<style>(.*?)</style>", fragment, re.S).group(1)
    selectors = [
        s.strip() for rule in css.split("}") if "{" in rule for s in rule.split("{")[0].split(",")
    ]
    assert all(s.startswith(".grader-report") for s in selectors if s)


def test_a_load_error_page_says_why():
    page = render(load_error(), "html")
    assert "Your submission could not be graded." in page
    assert "is not a valid notebook" in page


CHROMIUM = (
    shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
)


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install chromium)")
def test_chromium_opens_the_page_from_disk_and_draws_it(tmp_path):
    page = tmp_path / "feedback.html"
    page.write_text(render(graded(), "html"), encoding="utf-8")
    shot = tmp_path / "shot.png"
    common = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    dom = subprocess.run(
        [*common, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=60
    ).stdout
    assert "W1 has shape (n_h, n_x)" in dom and "<polyline" in dom
    subprocess.run(
        [*common, "--window-size=900,1400", f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        timeout=60,
    )
    image = pytest.importorskip("PIL.Image").open(shot).convert("RGB")
    colours = {c for _, c in image.getcolors(maxcolors=1 << 20)}
    # The failed property's red border and the passed property's green border were painted.
    assert (0xCF, 0x22, 0x2E) in colours
    assert (0x1A, 0x7F, 0x37) in colours
