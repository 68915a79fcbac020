"""Instructor notices: reading a submission's source (never running it) flags what an
instructor may want to look at, through aliases and indirections; honest code raises none."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.loading import load
from grader.notices import runtime_notices, static_notices

CORPUS = Path(__file__).parent / "corpus" / "init-shallow"


def notices_of(write, source: str) -> list[str]:  # type: ignore[no-untyped-def]
    return static_notices(load(write("submission.py", source)))


@pytest.mark.parametrize("path", sorted(CORPUS.glob("correct_*")), ids=lambda p: p.name)
def test_honest_solutions_raise_no_notice(path: Path) -> None:
    assert static_notices(load(path)) == []


@pytest.mark.parametrize(
    ("source", "notice"),
    [
        ("import numpy as xp\nxp.random.randn = print", "assigns to numpy.random.randn"),
        ("import numpy.random as R\nR.seed = None", "assigns to numpy.random.seed"),
        ("from numpy import random as r\nr.seed = None", "assigns to r.seed (from numpy)"),
        ("import numpy as np\nsetattr(np, 'allclose', max)", "calls setattr on numpy"),
        ("import numpy\nnumpy.testing.assert_allclose = id", "assigns to numpy.testing"),
        ("import numpy as np\nnp.isfinite, np.any = id, id", "assigns to numpy.any"),
        ("import builtins as b\nb.len = id", "assigns to b.len (patches Python itself)"),
        ("__builtins__['isinstance'] = id", "assigns to __builtins__['isinstance']"),
        ("import sys\nsys.modules['numpy'] = None", "replaces a module in sys.modules"),
    ],
)
def test_patches_are_noticed_through_aliases(write, source: str, notice: str) -> None:  # type: ignore[no-untyped-def]
    assert any(notice in n for n in notices_of(write, source))


@pytest.mark.parametrize(
    "source",
    [
        "from reference.init import initialize_parameters",
        "import assignments.init_shallow as a",
        "import importlib\nm = importlib.import_module('grader.api')",
        "m = __import__('reference')",
    ],
)
def test_imports_of_the_grader_are_noticed_however_written(write, source: str) -> None:  # type: ignore[no-untyped-def]
    assert any("imports the grader's package" in n for n in notices_of(write, source))


def test_paths_into_the_grader_are_noticed(write) -> None:  # type: ignore[no-untyped-def]
    found = notices_of(write, "text = open('/srv/course/reference/init.py').read()")
    assert found == [
        "names a file of the grader's package 'reference' ('/srv/course/reference/init.py')"
    ]


def test_system_calls_a_solution_does_not_need_are_noticed(write) -> None:  # type: ignore[no-untyped-def]
    found = notices_of(write, "import os, subprocess\nos.kill(os.getppid(), 9)\nos.fork()")
    assert found == [
        "uses subprocess, which a solution of this lesson does not need",
        "uses os.kill, which a solution of this lesson does not need",
        "uses os.fork, which a solution of this lesson does not need",
    ]


def test_rebinding_a_plain_name_is_not_a_patch(write) -> None:  # type: ignore[no-untyped-def]
    assert notices_of(write, "import numpy as np\nnp = None\nzeros = 1\nW = {}\nW['a'] = 2") == []


def test_a_cell_that_does_not_parse_is_still_read(write) -> None:  # type: ignore[no-untyped-def]
    found = notices_of(write, "import numpy as np\nnp.random.seed = 1\ndef broken(:\n")
    assert "assigns to np.random.seed (patches numpy)" in found


def test_runtime_notices_say_what_was_tried() -> None:
    assert runtime_notices(["reference.init"], ["/x/reference/init.py"]) == [
        "tried to import 'reference.init'; blocked",
        "tried to read /x/reference/init.py, one of the grader's own files (hidden from submissions)",
    ]
