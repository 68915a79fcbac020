"""The worker loop, through a real worker: a submission that patches its own process fools
only its own code, output is captured and capped, what it tried against the grader's files is
remembered, and each example's randomness is reproducible."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from grader.runner import sandbox
from grader.runner.student import StudentCode, StudentFailure

REPO = Path(__file__).resolve().parent.parent

CORRECT = """
def initialize_parameters(n_x, n_h, n_y):
    return {"W1": np.random.randn(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
            "W2": np.random.randn(n_y, n_h) * 0.01, "b2": np.zeros((n_y, 1))}
"""


@pytest.fixture(scope="module")
def launcher() -> Iterator[sandbox.ForkServerLauncher]:
    with sandbox.ForkServerLauncher("process") as warm:
        yield warm


@pytest.fixture
def run(launcher: sandbox.ForkServerLauncher) -> Iterator:  # type: ignore[type-arg]
    codes: list[StudentCode] = []

    def start(source: str) -> StudentCode:
        code = StudentCode((("submission.py", source),), launcher=launcher)
        codes.append(code)
        return code

    yield start
    for code in codes:
        code.close()


def test_patching_builtins_json_random_and_the_codec_fools_only_the_submission(run) -> None:  # type: ignore[no-untyped-def]
    code = run(
        """
import builtins, json, random, sys
import numpy as np
builtins.len = lambda obj: 4
builtins.isinstance = lambda obj, cls: True
builtins.type = lambda *a: int
json.dumps = lambda *a, **k: '{"score": 100}'
json.loads = lambda *a, **k: {"op": "nothing"}
random.seed = None
sys.modules["_grader_codec"].encode = lambda value: b"GRD1 forged"
"""
        + CORRECT
    )
    loaded = code.load_result()
    assert loaded.error == "" and loaded.functions == ("initialize_parameters",)
    params = code.initialize_parameters(2, 3, 1)
    assert sorted(params) == ["W1", "W2", "b1", "b2"] and params["W1"].shape == (3, 2)
    assert code.initialize_parameters(1, 1, 1)["b2"].tolist() == [[0.0]]  # and again


def test_replacing_stdout_at_import_does_not_hide_what_a_call_prints(run) -> None:  # type: ignore[no-untyped-def]
    code = run('import sys, io\nsys.stdout = io.StringIO()\ndef f():\n    print("hello")\n')
    code.f()
    assert code.calls[-1].output == "hello\n"


def test_output_is_captured_and_capped(run) -> None:  # type: ignore[no-untyped-def]
    code = run('def f():\n    print("x" * 50_000)\n    return 1\n')
    assert code.f() == 1
    output = code.calls[-1].output
    assert output.startswith("xxx") and len(output) < 4200
    assert "46001 more characters not shown" in output


@pytest.mark.parametrize("exc", ["KeyboardInterrupt", "SystemExit(0)", "GeneratorExit"])
def test_base_exceptions_from_a_function_are_the_students_failure(run, exc: str) -> None:  # type: ignore[no-untyped-def]
    code = run(f"def f():\n    raise {exc}\n")
    with pytest.raises(StudentFailure, match=exc.partition("(")[0]):
        code.f()
    assert code.restarts == 0  # the worker lived


def test_imports_and_reads_of_the_grader_are_refused_and_remembered(run) -> None:  # type: ignore[no-untyped-def]
    target = REPO / "reference" / "init.py"
    code = run(
        f"""
def peek():
    try:
        import reference.init
    except ImportError as exc:
        refused = str(exc)
    try:
        open({str(target)!r}).read()
        return "read it", refused
    except OSError:
        return "could not read", refused
"""
    )
    read, refused = code.peek()
    assert read == "could not read" and "cannot be imported" in refused
    assert "reference" in code.blocked_imports  # the package itself is refused
    assert str(target) in code.blocked_reads


def test_each_example_seeds_numpy_so_reports_are_reproducible(run) -> None:  # type: ignore[no-untyped-def]
    code = run("import numpy as np\n" + CORRECT)
    draws = []
    for seed in (7, 7, 8):
        code.begin_example(seed)
        draws.append(code.initialize_parameters(3, 2, 1)["W1"])
    assert np.array_equal(draws[0], draws[1]) and not np.array_equal(draws[0], draws[2])


def test_threads_that_keep_printing_do_not_disturb_the_replies(run) -> None:  # type: ignore[no-untyped-def]
    code = run(
        """
import sys, threading, time
def chatter():
    while True:
        print("noise" * 100)
        sys.stderr.write("more noise\\n")
        time.sleep(0.001)
threading.Thread(target=chatter, daemon=True).start()
def f(k):
    return k * 2
"""
    )
    assert [code.f(k) for k in range(50)] == [k * 2 for k in range(50)]


@pytest.mark.parametrize("reader", ["tag", "comparison"])
def test_the_pristine_world_comes_back_after_every_student_step(reader: str) -> None:
    """Whether changes are noticed by CPython's dict tag or entry by entry, a patch made by
    student code is undone for the worker's own steps and given back for the next student
    step, and an unpatched namespace is left alone."""
    import json
    import types

    from grader.runner import _worker

    if reader == "tag":
        assert _worker._dict_tag() is not None, "CPython 3.11-3.13 keep a dict tag"
    module = types.ModuleType("probe_module")
    module.value = 1
    pristine = _worker._Pristine([module, json])
    if reader == "comparison":
        pristine.tag = None
    with pristine.student():
        module.value = 2
        module.added = "x"
    assert module.value == 1 and not hasattr(module, "added")  # the worker's world
    with pristine.student():
        assert module.value == 2 and module.added == "x"  # the student's, as it left it
    assert module.value == 1
    before = dict(json.__dict__)
    with pristine.student():
        pass
    assert json.__dict__ == before  # never patched: left alone
    assert [ns is module.__dict__ for ns, _ in pristine.theirs] == [True]  # only the patched one


def test_a_read_is_an_attempt_on_the_graders_files_when_the_innermost_folder_holding_it_is_hidden():
    from grader.runner._worker_capture import ReadWatch

    watch = ReadWatch(
        ["/srv/checkout", "/venv/site-packages/grader"],
        shown=["/srv/checkout/assignments/support", "/srv/checkout/.venv", "/venv"],
    )
    for path in (
        "/srv/checkout/assignments/support/planar_utils.py",  # a support folder
        "/srv/checkout/.venv/lib/numpy/__init__.py",  # a virtualenv inside the checkout
        "/venv/site-packages/numpy/core.py",  # the interpreter
        "/home/student/notes.txt",  # outside every folder named
    ):
        watch("open", (path, "r", 0))
    assert watch.attempts == []
    watch("open", ("/srv/checkout/tests/answers.py", "r", 0))
    watch("os.listdir", ("/venv/site-packages/grader",))
    assert watch.attempts == ["/srv/checkout/tests/answers.py", "/venv/site-packages/grader"]
