"""Every report format through the real command line: `grader check --format X`."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import junitparser
import pytest

from grader import render

ZEROS = Path(__file__).parent / "corpus" / "init-shallow" / "wrong_zeros.py"
FORMATS = ("junit", "gradescope", "markdown", "html", "github")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, tuple[int, str, str]]:
    folder = tmp_path_factory.mktemp("formats")

    def run(fmt: str) -> tuple[str, tuple[int, str, str]]:
        out = folder / f"report.{fmt}"
        proc = subprocess.run(
            [sys.executable, "-m", "grader", "check", str(ZEROS), "--format", fmt, "-o", str(out)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        return fmt, (
            proc.returncode,
            proc.stderr,
            out.read_text(encoding="utf-8") if out.exists() else "",
        )

    with ThreadPoolExecutor(2) as pool:
        return dict(pool.map(run, FORMATS))


def test_every_format_is_offered_by_the_cli():
    from grader.cli import FORMAT_CHOICES

    assert set(FORMAT_CHOICES) <= set(render.formats())


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_graded_submission_renders_in_every_format(outputs, fmt):
    code, stderr, text = outputs[fmt]
    assert code == 1, stderr  # graded, not full marks
    assert stderr == ""
    assert text.strip()


def test_the_real_reports_are_read_by_their_consumers(outputs, tmp_path):
    xml = tmp_path / "r.xml"
    xml.write_text(outputs["junit"][2], encoding="utf-8")
    suite = next(iter(junitparser.JUnitXml.fromfile(str(xml))))
    assert (suite.tests, suite.failures) == (11, 6)
    results = json.loads(outputs["gradescope"][2])
    assert results["score"] == 45 and len(results["tests"]) == 11
    assert "## symmetry" in outputs["markdown"][2]
    assert outputs["html"][2].count("<polyline") >= 4  # the symmetry plot, two panels
    annotations = outputs["github"][2].splitlines()
    assert annotations[0].startswith(f"::error file={ZEROS},line=4,")
    assert annotations[-1].startswith("::notice title=Score::")
