"""Loading parses a submission and never executes it."""

from __future__ import annotations

import json

import nbformat
import pytest

from grader.errors import UsageError
from grader.loading import load, to_python


def notebook(*cells: tuple[str, str], metadata: dict | None = None) -> str:
    nb = nbformat.v4.new_notebook(metadata=metadata or {})
    for kind, source in cells:
        maker = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        nb.cells.append(maker(source))
    return nbformat.writes(nb)


def test_a_python_file_is_one_cell(write):
    sub = load(write("hw.py", "x = 1\n"))
    assert sub.kind == "py"
    assert sub.cells == (("hw.py", "x = 1\n"),)
    assert not sub.error


def test_a_notebook_contributes_its_code_cells_in_order(write):
    path = write(
        "hw.ipynb", notebook(("markdown", "# Title"), ("code", "a = 1"), ("code", "b = a"))
    )
    sub = load(path)
    assert [src for _, src in sub.cells] == ["a = 1", "b = a"]
    assert sub.cells[1][0] == "hw.ipynb [cell 2]"


def test_notebook_metadata_is_kept(write):
    path = write(
        "hw.ipynb", notebook(("code", "x=1"), metadata={"grader": {"assignment": "init-shallow"}})
    )
    assert load(path).metadata["grader"] == {"assignment": "init-shallow"}


def test_outputs_are_ignored_so_huge_notebooks_load(write):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x = 1")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "A" * 5_000_000})]
    nb.cells.append(cell)
    sub = load(write("big.ipynb", nbformat.writes(nb)))
    assert sub.cells == (("big.ipynb [cell 1]", "x = 1"),)


def test_magics_and_shell_escapes_become_no_ops():
    src, notes = to_python(
        "%matplotlib inline\n!pip install numpy\nx = 1\n  %time y = 2\nfiles = !ls"
    )
    assert src.splitlines() == ["pass", "pass", "x = 1", "  y = 2", "files = []"]
    assert any("shell command skipped" in n for n in notes)


def test_non_python_cell_magics_drop_the_cell():
    assert to_python("%%bash\nrm -rf /\n")[0] == ""
    assert to_python("%%writefile x.py\nprint(1)\n")[0] == ""


def test_python_cell_magics_keep_their_body():
    src, _ = to_python("%%time\nx = 1\n")
    assert src.splitlines() == ["", "x = 1"]


def test_help_lines_and_not_equal_continuations():
    src, _ = to_python("np.random.randn?\nok = (1\n!= 2)")
    assert src.splitlines() == ["pass", "ok = (1", "!= 2)"]


def test_line_numbers_are_preserved():
    source = "a = 1\n%magic\nb = 2\n"
    assert len(to_python(source)[0].splitlines()) == len(source.splitlines())


def test_old_notebooks_are_converted(write):
    v3 = {
        "nbformat": 3,
        "nbformat_minor": 0,
        "metadata": {},
        "worksheets": [
            {
                "cells": [
                    {"cell_type": "code", "input": "x = 3", "outputs": [], "language": "python"}
                ]
            }
        ],
    }
    sub = load(write("old.ipynb", json.dumps(v3)))
    assert not sub.error
    assert [src for _, src in sub.cells] == ["x = 3"]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "not a valid notebook"),
        ('{"a": 1}', "not a Jupyter notebook"),
        ('{"nbformat": 2, "cells": []}', "format version 2"),
    ],
)
def test_broken_notebooks_load_with_an_error_instead_of_raising(write, content, fragment):
    sub = load(write("bad.ipynb", content))
    assert fragment in sub.error


def test_usage_errors(tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        load(tmp_path / "missing.py")
    with pytest.raises(UsageError, match="folder"):
        load(tmp_path)
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(UsageError, match=r"\.py module or an \.ipynb"):
        load(tmp_path / "notes.txt")


def test_defined_functions_are_found_statically_even_with_syntax_errors(write):
    sub = load(write("hw.py", "def good(a):\n    return a\n\ndef broken(:\n"))
    assert {"good", "broken"} <= sub.defined_functions()


def test_function_line_points_at_the_definition(write):
    path = write(
        "hw.ipynb", notebook(("code", "import numpy"), ("code", "x = 1\n\ndef f(a):\n    pass"))
    )
    assert load(path).function_line("f") == ("hw.ipynb [cell 2]", 3)


def test_a_python_file_with_a_pep_263_coding_line_loads_as_python_reads_it(tmp_path):
    path = tmp_path / "hw.py"
    path.write_bytes(b"# -*- coding: latin-1 -*-\nAUTHOR = 'Jos\xe9'\n")
    sub = load(path)
    assert not sub.error
    assert "AUTHOR = 'José'" in sub.cells[0][1]


def test_a_python_file_that_is_not_utf8_and_says_nothing_is_a_load_error(tmp_path):
    path = tmp_path / "hw.py"
    path.write_bytes(b"AUTHOR = 'Jos\xe9'\n")
    assert load(path).error == "hw.py is not UTF-8 text"


def test_an_unknown_coding_line_is_named(tmp_path):
    path = tmp_path / "hw.py"
    path.write_bytes(b"# coding: klingon\nx = 1\n")
    assert load(path).error == "hw.py: its coding line names an unknown encoding: klingon"


def test_a_notebook_is_utf8_json_whatever_its_cells_say(tmp_path):
    nb = notebook(("code", "# -*- coding: latin-1 -*-\nAUTHOR = 'José'"))
    path = tmp_path / "hw.ipynb"
    path.write_bytes(nb.encode("utf-8"))
    assert "AUTHOR = 'José'" in load(path).cells[0][1]
    path.write_bytes(nb.encode("latin-1"))
    assert load(path).error == "hw.ipynb is not UTF-8 text"
