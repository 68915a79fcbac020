"""Course versions' signatures, end to end: the worker reports each function's real signature,
calls go through the binder, and `grader check` gives full marks to every accepted variant of a
correct train-shallow solution, one api failure to a signature it cannot match, and shows a
buggy variant's counterexample in the student's own spelling."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.binding import Param, SignatureMismatch
from grader.properties import Function
from grader.runner import sandbox
from grader.runner.student import StudentCode

CORRECT = Path(__file__).parent / "corpus" / "train-shallow" / "correct_vectorized.py"


# -- through a real worker ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def launcher() -> Iterator[sandbox.ForkServerLauncher]:
    with sandbox.ForkServerLauncher("process") as warm:
        yield warm


@pytest.fixture
def run(launcher: sandbox.ForkServerLauncher) -> Iterator:  # type: ignore[type-arg]
    codes: list[StudentCode] = []

    def start(source: str, functions: dict[str, Function] | None = None) -> StudentCode:
        code = StudentCode((("submission.py", source),), launcher=launcher, functions=functions)
        codes.append(code)
        return code

    yield start
    for code in codes:
        code.close()


def test_the_load_reply_describes_every_top_level_function(run) -> None:  # type: ignore[no-untyped-def]
    code = run("def f(a, /, b, c=1, *rest, d, **more):\n    pass\nclass K:\n    pass\n")
    assert code.load_result().signatures == {
        "f": (
            Param("a", "positional_only"),
            Param("b"),
            Param("c", has_default=True),
            Param("rest", "var_positional"),
            Param("d", "keyword_only"),
            Param("more", "var_keyword"),
        )
    }


def test_a_submission_that_patches_inspect_does_not_change_its_reported_signatures(run) -> None:  # type: ignore[no-untyped-def]
    code = run(
        "import inspect\n"
        "inspect.signature = lambda *a, **k: None\n"
        "def compute_cost(A2, Y, parameters):\n    return float(parameters['b2'][0, 0])\n",
        {"compute_cost": Function(("A2", "Y"))},
    )
    assert [p.name for p in code.load_result().signatures["compute_cost"]] == [
        "A2",
        "Y",
        "parameters",
    ]


def test_a_function_defined_after_the_load_is_asked_for_and_bound_by_name(run) -> None:  # type: ignore[no-untyped-def]
    code = run(
        "def define():\n"
        "    global late\n"
        "    def late(y, x, scale=1):\n        return (x, y, scale)\n",
        {"late": Function(("x", "y"))},
    )
    assert "late" not in code.load_result().signatures
    code.define()
    assert code.late(1, 2) == (1, 2, 1)  # by name, though the student's order is (y, x)
    assert code.calls[-1].names == ("y", "x")


def test_keyword_arguments_reach_the_student_and_stay_in_the_call_record(run) -> None:  # type: ignore[no-untyped-def]
    code = run(
        "def f(a, verbose=False, b=0):\n    return [a, verbose, b]\n",
        {"f": Function(("a", "b"))},
    )
    assert code.f(1, 2) == [1, False, 2]
    assert code.calls[-1].args == (1,) and code.calls[-1].kwargs == {"b": 2}


def test_a_callable_that_is_not_a_plain_function_is_called_by_position(run) -> None:  # type: ignore[no-untyped-def]
    code = run(
        "class Scale:\n    def __call__(self, x, k):\n        return x * k\nf = Scale()\n",
        {"f": Function(("k", "x"))},
    )
    assert "f" not in code.load_result().signatures
    assert code.f(3, 4) == 12 and code.calls[-1].names == ()


def test_an_unmatched_signature_raises_before_anything_is_sent(run) -> None:  # type: ignore[no-untyped-def]
    code = run("def f(a, b, c):\n    return 1\n", {"f": Function(("a",))})
    with pytest.raises(SignatureMismatch, match=r"f takes \(a, b, c\)"):
        code.f(1)
    assert code.calls == []


# -- through the command line ----------------------------------------------------------------------


def variant(tmp_path: Path, name: str, *edits: tuple[str, str]) -> Path:
    """The corpus's correct solution with each (old, new) edit applied once."""
    source = CORRECT.read_text()
    for old, new in edits:
        assert source.count(old) == 1, old
        source = source.replace(old, new)
    path = tmp_path / f"{name}.py"
    path.write_text(source)
    return path


def check(path: Path) -> dict:  # type: ignore[type-arg]
    out = path.with_suffix(".json")
    args = ["check", str(path), "-a", "train-shallow", "--format", "json", "-o", str(out)]
    proc = subprocess.run(
        [sys.executable, "-m", "grader", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.stderr == "", proc.stderr
    return json.loads(out.read_text())


COST_WITH_PARAMETERS = (
    ("def compute_cost(A2, Y):", "def compute_cost(A2, Y, parameters):\n    W1 = parameters['W1']"),
    ("cost = compute_cost(A2, Y)", "cost = compute_cost(A2, Y, parameters)"),
)
VARIANTS = {
    "cost_with_parameters": COST_WITH_PARAMETERS,
    "update_rate_required": (
        ("grads, learning_rate=1.2):", "grads, learning_rate):"),
        ("update_parameters(parameters, grads)\n", "update_parameters(parameters, grads, 1.2)\n"),
    ),
    "update_params_spelling": (
        ("def update_parameters(parameters, grads, learning_rate=1.2):",
         "def update_parameters(params, grads, learning_rate):\n    parameters = params"),
        ("update_parameters(parameters, grads)\n", "update_parameters(parameters, grads, 1.2)\n"),
    ),
    "nn_model_with_rate": (
        ("def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):",
         "def nn_model(X, Y, n_h, learning_rate, num_iterations=10000, print_cost=False):"),
        ("update_parameters(parameters, grads)\n",
         "update_parameters(parameters, grads, learning_rate)\n"),
    ),
    "optional_extras_anywhere": (
        ("def compute_cost(A2, Y):", "def compute_cost(A2, eps=0.0, Y=None, *, log=np.log):"),
        ("cost = compute_cost(A2, Y)", "cost = compute_cost(A2, Y=Y)"),
        ("def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):",
         "def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False, seed=None):"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_every_accepted_variant_of_a_correct_solution_gets_full_marks(tmp_path, name):
    report = check(variant(tmp_path, name, *VARIANTS[name]))
    failed = {p["id"]: p["message"] for p in report["properties"] if p["status"] != "passed"}
    assert failed == {} and report["score"] == report["max_score"] == 100


def test_a_signature_that_cannot_be_matched_is_one_failure_naming_the_expected_forms(tmp_path):
    path = variant(
        tmp_path,
        "cost_foo",
        ("def compute_cost(A2, Y):", "def compute_cost(A2, Y, parameters, foo):"),
    )
    report = check(path)
    about = [p for p in report["properties"] if "compute_cost takes" in p["message"]]
    assert [p["status"] for p in about] == ["failed"]
    assert about[0]["message"] == (
        "compute_cost takes (A2, Y, parameters, foo): foo is not one of its parameters in the "
        "course, and has no default (remove it, or give it a default); expected "
        "compute_cost(A2, Y) or compute_cost(A2, Y, parameters)"
    )
    assert about[0]["counterexample"] is None
    skipped = [p for p in report["properties"] if "compute_cost's signature" in p["message"]]
    assert skipped and {p["status"] for p in skipped} == {"skipped"}


def test_a_buggy_variant_shows_its_counterexample_in_the_students_spelling(tmp_path):
    path = variant(
        tmp_path,
        "cost_parameters_no_mean",
        *COST_WITH_PARAMETERS,
        ("cost = -np.sum(logprobs) / m", "cost = -np.sum(logprobs)"),
    )
    report = check(path)
    cost = next(p for p in report["properties"] if p["id"] == "cost.value")
    assert cost["status"] == "failed"
    call = cost["counterexample"]["call"]
    assert call.startswith("compute_cost(A2=") and ", Y=" in call
    assert call.endswith("parameters={'W1': [[0.]], 'b1': [[0.]], 'W2': [[0.]], 'b2': [[0.]]})")
    assert set(cost["counterexample"]["arguments"]) == {"A2", "Y", "parameters"}


def test_a_buggy_update_with_the_params_spelling_is_shown_as_written(tmp_path):
    path = variant(
        tmp_path,
        "update_params_plus",
        *VARIANTS["update_params_spelling"],
        ('W1 = parameters["W1"] - learning_rate', 'W1 = parameters["W1"] + learning_rate'),
    )
    report = check(path)
    step = next(p for p in report["properties"] if p["id"] == "update.step")
    assert step["status"] == "failed"
    assert step["counterexample"]["call"].startswith("update_parameters(params={")
