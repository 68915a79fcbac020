"""Loading as a plan: definitions run in place, statement by statement; driver code runs only
when a graded function needs what it binds; what was skipped or missing is said in words.

The first tests read the static plan (`grader.load_plan`); the rest load through a real
worker (`StudentCode`), as grading does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from grader.load_plan import plan
from grader.runner import sandbox
from grader.runner.explain import explain
from grader.runner.student import StudentCode, StudentFailure


def kinds(source: str) -> list[tuple[str, bool, tuple[str, ...]]]:
    """(statement text, runs in place, names it binds) for each statement of `source`."""
    return [(s.source.strip(), s.eager, s.binds) for s in plan([("hw.py", source)]).statements]


# -- the static plan ---------------------------------------------------------------------------
def test_definitions_and_literal_constants_run_in_place() -> None:
    source = (
        "layers_dims = [12288, 20, 7, 5, 1]\n"
        "SCALE = 0.01 * 2\n"
        "square = lambda x: x * x\n"
        "def f(x):\n    return x\n"
        "class Helper:\n    pass\n"
        "from __future__ import annotations\n"
        "from testCases_v2 import *\n"
    )
    assert all(eager for _, eager, _ in kinds(source))


def test_imports_run_only_when_something_needs_the_names_they_bind() -> None:
    source = (
        "import numpy as np\n"
        "import matplotlib.pyplot as plt\n"
        "from planar_utils import sigmoid\n"
        "cmap = plt.cm.Spectral\n"  # reads an imported name: it would import pyplot in place
    )
    assert not any(eager for _, eager, _ in kinds(source))


def test_calls_loops_prints_and_the_main_guard_are_driver_code() -> None:
    source = (
        "X, Y = load_planar_dataset()\n"
        "parameters = nn_model(X, Y, n_h=4, num_iterations=10000, print_cost=True)\n"
        "for n_h in [1, 2, 3, 4, 5, 20, 50]:\n    nn_model(X, Y, n_h, 5000)\n"
        "print(parameters)\n"
        "layer_sizes_test(layer_sizes)\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    assert not any(eager for _, eager, _ in kinds(source))


def test_configuration_calls_with_literal_arguments_run_in_place() -> None:
    source = (
        "import numpy as np, sys, warnings\n"
        "np.random.seed(1)\n"
        "sys.path.append('../helpers')\n"
        "warnings.filterwarnings('ignore')\n"
        "np.set_printoptions(precision=3)\n"
        "np.random.seed(compute_seed())\n"
        "plt.rcParams['figure.figsize'] = (5.0, 4.0)\n"
    )
    eager = [e for _, e, _ in kinds(source)]
    # The imports come when the calls need them; the last seed comes from a call; how
    # plots look changes no graded value.
    assert eager == [False] * 3 + [True] * 4 + [False, False]


def test_a_multi_name_import_is_split_so_each_name_stands_alone() -> None:
    assert kinds("import h5py, numpy as np\n")[:2] == [
        ("import h5py", False, ("h5py",)),
        ("import numpy as np", False, ("np",)),
    ]


def test_driver_statements_bind_what_they_assign_and_what_they_change_in_place() -> None:
    source = (
        "import matplotlib.pyplot as plt\n"
        "import numpy as np\n"
        "rng = np.random.default_rng(1)\n"
        "layers_dims.append(1)\n"
        "params['W1'] = make()\n"
        "for i, n_h in enumerate(sizes):\n    costs.append(i)\n"
        "plt.plot(costs)\n"
    )
    binds = [b for _, _, b in kinds(source)]
    assert binds[2:] == [("rng",), ("layers_dims",), ("params",), ("i", "n_h", "costs"), ()]


def test_each_statement_keeps_its_cells_line_numbers() -> None:
    statements = plan([("hw.ipynb [cell 4]", "a = 1; print(a)\n\nb = load()\n")]).statements
    assert [
        (s.line, s.source.count("\n", 0, s.source.index(s.source.strip()))) for s in statements
    ] == [
        (1, 0),
        (1, 0),
        (3, 2),
    ]


def test_the_notice_names_skipped_cells_as_compact_ranges() -> None:
    cells = [(f"hw.ipynb [cell {n}]", "print(1)" if n > 1 else "x = 1") for n in range(1, 8)]
    cells[4] = ("hw.ipynb [cell 5]", "y = 2")
    the_plan = plan(cells)
    not_run = [i for i, s in enumerate(the_plan.statements) if not s.eager]
    assert the_plan.skipped_notice(not_run) == (
        "top-level code not needed for grading was skipped (cells 2-4, 6-7)"
    )
    assert the_plan.skipped_notice([]) == ""


def test_in_a_python_file_the_notice_names_line_ranges() -> None:
    the_plan = plan([("hw.py", "x = 1\nprint(x)\nprint(x)\n\ny = 2\nplot(x)\n")])
    assert the_plan.skipped_notice([1, 2, 4]) == (
        "top-level code not needed for grading was skipped (lines 2-3, 6)"
    )


def test_a_name_from_a_missing_module_is_explained_in_words_a_student_acts_on() -> None:
    the_plan = plan([("hw.py", "from planar_utils import sigmoid\nfrom testCases_v2 import *\n")])
    reasons = the_plan.unavailable([(0, "planar_utils"), (1, "testCases_v2")], (), 5)
    assert explain("NameError: name 'sigmoid' is not defined", reasons) == (
        "NameError: name 'sigmoid' is not defined (`sigmoid` comes from `planar_utils`, which "
        "this grader does not have; ask your instructor to add it with --support)"
    )
    # Any other undefined name may come from the star import.
    assert "imported with *" in explain("NameError: name 'relu' is not defined", reasons)


def test_missing_modules_become_one_notice_each() -> None:
    the_plan = plan(
        [("hw.py", "import h5py\nimport sklearn.linear_model\nfrom testCases_v2 import *\n")]
    )
    notes = the_plan.import_notices([(0, "h5py"), (1, "sklearn"), (2, "testCases_v2")])
    assert notes[0].startswith("`h5py` is not installed where the grader runs")
    assert notes[1].startswith("`sklearn` is not installed where the grader runs")
    assert notes[2] == (
        "`testCases_v2` (the course's test helpers) is not available where the grader runs; "
        "the calls to it were skipped"
    )


@pytest.mark.parametrize(
    ("error", "fragment"),
    [
        ("AttributeError: module 'numpy' has no attribute 'asscalar'", "use `a.item()`"),
        (
            "AttributeError: module 'numpy' has no attribute 'float'.\n`np.float` was ...",
            "use `float`",
        ),
        (
            "TypeError: only 0-dimensional arrays can be converted to Python scalars",
            "numpy 2 turns only 0-d arrays into Python numbers",
        ),
        (
            "TypeError: unsupported format string passed to numpy.ndarray.__format__",
            "format `x.item()`",
        ),
    ],
)
def test_numpy_2_removals_name_the_change_and_the_one_line_fix(error: str, fragment: str) -> None:
    assert fragment in explain(error)


def test_an_ordinary_error_is_left_as_it_is() -> None:
    assert explain("ValueError: shapes (2,3) and (2,3) not aligned") == (
        "ValueError: shapes (2,3) and (2,3) not aligned"
    )
    assert explain("NameError: name 'W3' is not defined", {}) == (
        "NameError: name 'W3' is not defined"
    )


# -- through a worker --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def launcher() -> Iterator[sandbox.ForkServerLauncher]:
    with sandbox.ForkServerLauncher("process") as warm:
        yield warm


@pytest.fixture
def load(launcher: sandbox.ForkServerLauncher) -> Iterator:  # type: ignore[type-arg]
    codes: list[StudentCode] = []

    def start(
        *cells: str, roots: tuple[str, ...] | None = None, timeout: float = 20.0
    ) -> StudentCode:
        named = tuple((f"hw.ipynb [cell {i}]", src) for i, src in enumerate(cells, 1))
        code = StudentCode(named, launcher=launcher, roots=roots, load_timeout=timeout)
        codes.append(code)
        return code

    yield start
    for code in codes:
        code.close()


def test_a_failing_import_does_not_lose_the_imports_after_it_in_its_cell(load) -> None:  # type: ignore[no-untyped-def]
    code = load("import h5py\nimport numpy as np\ndef f():\n    return np.ones(2).sum()\n")
    loaded = code.load_result()
    assert loaded.warnings == ()
    assert code.f() == 2.0
    assert any(n.startswith("`h5py` is not installed") for n in loaded.notices)


def test_one_import_statement_naming_a_missing_module_first_still_imports_the_rest(load) -> None:  # type: ignore[no-untyped-def]
    code = load("import h5py, numpy as np\ndef f():\n    return np.zeros(3).size\n")
    assert code.f() == 3


def test_driver_code_not_needed_by_any_function_never_runs(load) -> None:  # type: ignore[no-untyped-def]
    code = load(
        "import time\ndef f():\n    return 1\n",
        "print('training')\ntime.sleep(60)\n",
        "if __name__ == '__main__':\n    print('main')\n",
    )
    loaded = code.load_result()
    assert loaded.output == ""
    assert loaded.notices[0] == "top-level code not needed for grading was skipped (cells 2-3)"
    assert code.f() == 1


def test_functions_get_the_module_level_values_they_read(load) -> None:  # type: ignore[no-untyped-def]
    code = load(
        "import numpy as np\nlayers_dims = [3, 2, 1]\nSCALE = 0.5\n",
        "rng = np.random.default_rng(1)\n",
        "class Layer:\n    def __init__(self, n):\n        self.n = n * SCALE\n",
        "def helper(x):\n    return x + 1\n",
        "double = lambda x: 2 * x\n",
        "def f():\n"
        "    return [len(layers_dims), Layer(4).n, helper(1), double(3), rng.integers(0, 1)]\n",
        "parameters = train_for_a_minute()\n",
    )
    assert code.f() == [3, 2.0, 2, 6, 0]
    loaded = code.load_result()
    # numpy's import and the rng statement; the training run was never needed
    assert loaded.on_demand == (0, 3)
    assert loaded.not_run == (8,)


def test_driver_code_runs_in_source_order_with_what_it_needs_in_turn(load) -> None:  # type: ignore[no-untyped-def]
    code = load(
        "import numpy as np\n",
        "X = np.arange(3)\n",
        "Y = X * 2\n",
        "X = X + 100\n",  # after Y: Y keeps the X of before, as in Jupyter
        "def f():\n    return Y.tolist()\n",
    )
    assert code.f() == [0, 2, 4]


def test_the_last_statement_binding_a_name_wins_as_in_jupyter(load) -> None:  # type: ignore[no-untyped-def]
    code = load(
        "import time\nsizes = compute_sizes_slowly()\n",
        "sizes = [1, 2]\n",
        "def f():\n    return sizes\n",
    )
    assert code.f() == [1, 2]
    assert code.load_result().on_demand == ()


def test_a_default_argument_from_driver_code_is_computed_before_the_def(load) -> None:  # type: ignore[no-untyped-def]
    code = load(
        "import numpy as np\nrng = np.random.default_rng(0)\ndef f(g=rng):\n    return g is rng\n"
    )
    assert code.f() is True


def test_only_the_graded_functions_decide_what_driver_code_runs(load) -> None:  # type: ignore[no-untyped-def]
    cells = (
        "def f():\n    return 1\n",
        "def plot_costs():\n    return costs\n",
        "print('expensive')\ncosts = list(range(2))\n",
    )
    graded = load(*cells, roots=("f",))
    assert graded.load_result().output == ""
    everything = load(*cells)  # no roots known: every top-level function is one
    assert everything.load_result().output == ""  # print binds nothing: still skipped
    assert everything.load_result().on_demand == (3,)
    assert graded.load_result().on_demand == ()


def test_configuration_runs_in_place_and_changes_what_functions_do(load) -> None:  # type: ignore[no-untyped-def]
    code = load(
        "import numpy as np\nnp.seterr(all='raise')\ndef f():\n    return np.float64(1) / 0\n"
    )
    with pytest.raises(StudentFailure, match="FloatingPointError"):
        code.f()


def test_driver_code_that_never_finishes_costs_only_the_functions_that_need_it(load) -> None:  # type: ignore[no-untyped-def]
    code = load(
        "import time\ndef wait():\n    while True:\n        time.sleep(0.01)\n",
        "slow = wait()\n",
        "def needs_it():\n    return slow\n",
        "def fine():\n    return 'ok'\n",
        timeout=2.0,
    )
    loaded = code.load_result()
    assert loaded.error == ""
    assert loaded.timed_out == (2,)
    assert code.fine() == "ok"
    with pytest.raises(StudentFailure, match="name 'slow' is not defined"):
        code.needs_it()
    assert (
        "`slow` is set by top-level code (cell 2, line 1) that did not finish"
        in (code.unavailable["slow"])
    )


def test_a_statement_that_swallows_the_alarm_is_still_stopped(load) -> None:  # type: ignore[no-untyped-def]
    code = load(
        "def spin():\n"
        "    while True:\n"
        "        try:\n"
        "            sum(range(1000))\n"
        "        except BaseException:\n"
        "            pass\n",
        "value = spin()\n",
        "def f():\n    return value\n",
        timeout=2.0,
    )
    assert code.load_result().timed_out == (1,)


def test_a_name_from_a_missing_module_is_explained_when_a_function_needs_it(load) -> None:  # type: ignore[no-untyped-def]
    code = load(
        "import numpy as np\nfrom planar_helpers_absent import sigmoid\n",
        "def forward(z):\n    return sigmoid(z)\n",
    )
    with pytest.raises(StudentFailure) as failure:
        code.forward(1.0)
    assert explain(str(failure.value), code.unavailable).endswith(
        "(`sigmoid` comes from `planar_helpers_absent`, which this grader does not have; "
        "ask your instructor to add it with --support)"
    )


def test_a_future_import_applies_to_the_statements_after_it(load) -> None:  # type: ignore[no-untyped-def]
    code = load(
        "from __future__ import annotations\n",
        "def f(x: UndefinedType) -> int:\n    return 1\n",
    )
    assert code.load_result().warnings == ()
    assert code.f(0) == 1


def test_a_traceback_points_at_the_students_cell_and_line(load) -> None:  # type: ignore[no-untyped-def]
    code = load("import h5py\n\n\ndef f():\n    return 1 / 0\n")
    with pytest.raises(StudentFailure) as failure:
        code.f()
    assert 'File "hw.ipynb [cell 1]", line 5, in f' in failure.value.traceback
    assert "return 1 / 0" in failure.value.traceback


def test_a_decorated_class_keeps_its_decorator(load) -> None:  # type: ignore[no-untyped-def]
    code = load(
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Layer:\n    n: int\n",
        "def f():\n    return Layer(3).n\n",
    )
    assert code.f() == 3


def test_an_import_nothing_needs_is_not_run_yet_a_missing_module_is_still_reported(load) -> None:  # type: ignore[no-untyped-def]
    code = load("import colorsys\nimport module_absent_here\n", "def f():\n    return 1\n")
    loaded = code.load_result()
    assert loaded.not_run == (0, 1)
    assert loaded.notices == (
        "`module_absent_here` is not installed where the grader runs (nor beside the "
        "submission, nor given with --support); code that needs it was skipped",
    )


def test_a_call_to_a_function_that_sets_a_global_binds_that_global(load) -> None:  # type: ignore[no-untyped-def]
    code = load(
        "import numpy as np\ndef setup():\n    global rng\n    rng = np.random.default_rng(0)\n",
        "setup()\nprint('ready')\n",
        "def f():\n    return type(rng).__name__\n",
    )
    assert code.f() == "Generator"


def test_a_patch_of_a_module_runs_before_a_function_that_uses_the_module(load) -> None:  # type: ignore[no-untyped-def]
    code = load(
        "import numpy as np\nimport json\n",
        "np.random.randn = lambda *shape: np.full(shape, 0.5)\n",
        "json.dumps = None\n",
        "def f():\n    return np.random.randn(2).tolist()\n",
    )
    assert code.f() == [0.5, 0.5]
    assert code.load_result().not_run == (1, 3)  # json and its patch: nothing needed them


def test_a_name_set_by_driver_code_that_raised_is_explained(load) -> None:  # type: ignore[no-untyped-def]
    code = load(
        "import numpy as np\nX = np.loadtxt('planar_data_absent.csv')\n",
        "def f():\n    return X.shape\n",
    )
    loaded = code.load_result()
    assert loaded.warnings[0].startswith("hw.ipynb [cell 1]: FileNotFoundError")
    with pytest.raises(StudentFailure, match="name 'X' is not defined"):
        code.f()
    assert code.unavailable["X"] == (
        "`X` is set by top-level code (cell 1, line 2) that raised an error when the grader "
        "ran it (see the load warnings)"
    )


def test_a_long_chain_of_driver_statements_does_not_exhaust_the_workers_stack(load) -> None:  # type: ignore[no-untyped-def]
    chain = "x0 = int('0')\n" + "".join(f"x{i} = x{i - 1} + 1\n" for i in range(1, 600))
    code = load(chain, "def f():\n    return x599\n")
    assert code.f() == 599


def test_line_numbers_survive_characters_that_str_splitlines_would_split_at() -> None:
    source = 's = "a\u2028b\x0cc"\nx = load()\r\ny = 2\n'
    statements = plan([("hw.py", source)]).statements
    assert [s.line for s in statements] == [1, 2, 3]
    assert statements[1].source == "\nx = load()\n"
    assert statements[2].source == "\n\ny = 2\n"


def test_a_closure_made_by_driver_code_gets_what_its_body_reads(load) -> None:  # type: ignore[no-untyped-def]
    code = load(
        "def make_scaler():\n    def scale(x):\n        return x * FACTOR\n    return scale\n",
        "scaler = make_scaler()\n",
        "FACTOR = int('3')\n",
        "def f(x):\n    return scaler(x)\n",
    )
    assert code.f(2) == 6


def test_a_worker_restarted_before_the_graded_functions_are_known_still_waits_for_them(
    launcher: sandbox.ForkServerLauncher,
) -> None:
    """As `grader check` does when its guess of the assignment's support files was wrong."""
    cells = (("hw.py", "def f():\n    return 1\ndef g():\n    return SLOW\nSLOW = int('2')\n"),)
    code = StudentCode(cells, launcher=launcher, roots_follow=True)
    try:
        code.start()
        code.close()
        code.start()
        code.roots = ("f",)
        loaded = code.load_result()
        assert loaded.not_run == (2,) and loaded.on_demand == ()  # only g needs SLOW
    finally:
        code.close()
