"""A worker's world: the submission's folder (its working directory, first on sys.path,
read-only), the support files, the interpreter; nothing else is readable, in every sandbox
mode. Everything here goes through the real command line.

The hostile student globs the class folder, the temporary directory, the output folder and
the grader's home for files and puts whatever it could read into its own report; each of
those places holds a file with a secret marker, which must never reach that report.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from grader.runner import _jail, sandbox

BWRAP = sandbox.bwrap_usable()
NAMESPACES = sandbox._can_unshare()
LANDLOCK = _jail.landlock_abi() > 0

CORRECT = """
import numpy as np

def initialize_parameters(n_x, n_h, n_y):
    {check}
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {{"W1": W1, "b1": b1, "W2": W2, "b2": b2}}
"""


def solution(header: str = "", check: str = "pass") -> str:
    return header + CORRECT.format(check=check)


def grader(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "grader", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
    )


def check_json(path: Path, *args: str, env: dict[str, str] | None = None) -> dict:
    proc = grader("check", str(path), "-a", "init-shallow", "--format", "json", *args, env=env)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def messages(report: dict) -> str:
    return " ".join([*report["load_errors"], *(p["message"] for p in report["properties"])])


# -- grader check: the notebook's folder, as in Jupyter -------------------------------------------
def test_a_helper_module_and_a_data_file_beside_the_submission_work_as_in_jupyter(
    tmp_path: Path,
) -> None:
    (tmp_path / "planar_utils.py").write_text("def sigmoid(z):\n    return 0.5\n")
    (tmp_path / "data.csv").write_text("1,2\n")
    header = "import os\nfrom planar_utils import sigmoid\nDATA = open('data.csv').read()\n"
    check = "assert sigmoid(0) == 0.5 and DATA == '1,2\\n', (sigmoid(0), DATA)"
    (tmp_path / "hw.py").write_text(solution(header, check))
    report = check_json(tmp_path / "hw.py")
    assert report["score"] == report["max_score"], messages(report)


@pytest.mark.parametrize(
    ("mode", "layers", "available"),
    [
        pytest.param("process", None, NAMESPACES, id="process"),
        pytest.param("process", "landlock", LANDLOCK, id="process-landlock-only"),
        pytest.param("bwrap", None, BWRAP, id="bwrap"),
    ],
)
def test_writing_into_the_submission_folder_never_changes_it(
    tmp_path: Path, mode: str, layers: str | None, available: bool
) -> None:
    """With its own namespaces a worker writes into an overlay and reads back what it wrote
    (as in Jupyter); with Landlock alone the writes fail. The folder never changes."""
    if not available:
        pytest.skip("this confinement is not available here")
    (tmp_path / "notes.txt").write_text("mine\n")
    # The writes happen in a function that sets WROTE, which the graded function reads: top-level
    # statements run only when a graded function needs what they set.
    header = (
        "import os\n"
        "def _write():\n"
        "    for name in ('notes.txt', 'new.txt'):\n"
        "        try:\n"
        "            with open(name, 'w') as f:\n"
        "                f.write('changed')\n"
        "        except OSError:\n"
        "            pass\n"
        "    try:\n"
        "        os.remove('notes.txt')\n"
        "    except OSError:\n"
        "        pass\n"
        "    return os.path.exists('new.txt') and open('new.txt').read() == 'changed'\n"
        "WROTE = _write()\n"
    )
    overlay = layers is None  # its own namespaces: the folder is an overlay
    (tmp_path / "hw.py").write_text(solution(header, f"assert WROTE == {overlay}, WROTE"))
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    env = {sandbox.LAYERS_ENV: layers} if layers else None
    report = check_json(tmp_path / "hw.py", "--sandbox", mode, env=env)
    assert report["score"] == report["max_score"], messages(report)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_support_folders_and_files_import_in_order_after_the_submission_folder(
    tmp_path: Path,
) -> None:
    """Precedence: the submission's folder, then each --support in the order given."""
    own, first, second = (tmp_path / n for n in ("own", "first", "second"))
    for folder in (own, first, second):
        folder.mkdir()
    (own / "shared.py").write_text("WHO = 'own'\n")
    (first / "shared.py").write_text("WHO = 'first'\n")
    (first / "only_first.py").write_text("WHO = 'first'\n")
    (second / "only_first.py").write_text("WHO = 'second'\n")
    (second / "single.py").write_text("WHO = 'single file'\n")
    (second / "neighbour.py").write_text("WHO = 'neighbour of a single file'\n")
    header = (
        "import shared, only_first, single\n"
        "try:\n"
        "    import neighbour\n"
        "    SEEN = 'neighbour seen'\n"
        "except ImportError:\n"
        "    SEEN = 'alone'\n"
        "GOT = (shared.WHO, only_first.WHO, single.WHO, SEEN)\n"
    )
    check = "assert GOT == ('own', 'first', 'single file', 'alone'), GOT"
    (own / "hw.py").write_text(solution(header, check))
    support = ["--support", str(first), "--support", str(second / "single.py")]
    report = check_json(own / "hw.py", *support)
    assert report["score"] == report["max_score"], messages(report)
    # The same without the folder's own copy: the first --support wins over the second.
    (own / "shared.py").unlink()
    (own / "hw.py").write_text(solution("import shared\n", "assert shared.WHO == 'first'"))
    report = check_json(own / "hw.py", *support, "--support", str(second))
    assert report["score"] == report["max_score"], messages(report)


def test_a_missing_support_path_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "hw.py").write_text(solution())
    for command in (
        ["check", str(tmp_path / "class" / "hw.py"), "-a", "init-shallow"],
        ["grade", str(tmp_path / "class"), "-a", "init-shallow", "-o", str(tmp_path / "out")],
    ):
        proc = grader(*command, "--support", str(tmp_path / "missing"))
        assert proc.returncode == 2
        assert proc.stderr.strip().splitlines() == [
            f"grader: error: --support {tmp_path / 'missing'}: no such file or folder"
        ]


def test_the_built_in_support_folder_is_readable_and_the_grader_is_not(tmp_path: Path) -> None:
    from assignments import SUPPORT

    header = (
        "import os, sys\n"
        f"SUPPORT = {str(SUPPORT)!r}\n"
        f"REFERENCE = {str(Path(__file__).parents[1] / 'reference')!r}\n"
        "ON_PATH = SUPPORT in sys.path\n"
        "LISTED = os.path.isdir(SUPPORT)\n"
        "try:\n"
        "    os.listdir(REFERENCE)\n"
        "    SECRET = 'reference readable'\n"
        "except OSError:\n"
        "    SECRET = 'hidden'\n"
    )
    check = "assert (ON_PATH, LISTED, SECRET) == (True, True, 'hidden'), (ON_PATH, LISTED, SECRET)"
    (tmp_path / "hw.py").write_text(solution(header, check))
    report = check_json(tmp_path / "hw.py")
    assert report["score"] == report["max_score"], messages(report)


# -- grader grade: no submission reads anything else of the batch ---------------------------------
HOSTILE = """
import glob, os
PLACES = {places!r}
found = []
for pattern in PLACES:
    for path in glob.glob(pattern, recursive=True):
        try:
            with open(path) as f:
                found.append(f.read(200))
        except OSError:
            pass
for folder in ("..", "../..", "/tmp", os.path.expanduser("~")):
    try:
        found.append(" ".join(os.listdir(folder)))
    except OSError:
        pass

def initialize_parameters(n_x, n_h, n_y):
    raise ValueError("ATTACK-RAN " + " | ".join(found)[:900])
"""

#: (mode, GRADER_SANDBOX_LAYERS or None for all, what must be available)
MODES = [
    pytest.param("process", None, LANDLOCK or NAMESPACES, id="process"),
    pytest.param("process", "landlock", LANDLOCK, id="process-landlock-only"),
    pytest.param("process", "namespaces", NAMESPACES, id="process-namespaces-only"),
    pytest.param("bwrap", None, BWRAP, id="bwrap"),
]


def batch(tmp_path: Path, layout: str) -> tuple[Path, Path, dict[str, str], dict[str, str]]:
    """A class folder (`layout`: "folders" or "flat") with a hostile student and a classmate,
    and secrets in the output folder, the temporary directory and the grader's home."""
    secrets = {
        "classmate": "CLASSMATE-SECRET-4711",
        "output": "OUTPUT-SECRET-4712",
        "tmp": "TMP-SECRET-4713",
        "home": "HOME-SECRET-4714",
    }
    klass, out, tmp, home = (tmp_path / n for n in ("class", "out", "tmp", "home"))
    for folder in (klass, out, tmp / "grader-worker-old", home):
        folder.mkdir(parents=True)
    places = [f"{klass}/**/*.py", f"{out}/**/*.json", f"{tmp}/**/*.py", f"{home}/*"]
    hostile = HOSTILE.format(places=places)
    classmate = f"# {secrets['classmate']}\n" + solution()
    if layout == "folders":
        (klass / "mallory").mkdir()
        (klass / "bob").mkdir()
        (klass / "mallory" / "hw.py").write_text(hostile)
        (klass / "bob" / "hw.py").write_text(classmate)
    else:
        (klass / "mallory.py").write_text(hostile)
        (klass / "bob.py").write_text(classmate)
    # An earlier batch's output folder, which a new batch may write into.
    (out / ".grader-batch.json").write_text("{}\n")
    (out / "kept.json").write_text(json.dumps({"secret": secrets["output"]}))
    (tmp / "grader-worker-old" / "copy.py").write_text(f"# {secrets['tmp']}\n")
    (home / "notes.txt").write_text(secrets["home"] + "\n")
    env = {"TMPDIR": str(tmp), "HOME": str(home)}
    return klass, out, env, secrets


def stolen(out: Path) -> str:
    feedback = (out / "feedback" / "mallory.md").read_text()
    report = (out / "reports" / "mallory.json").read_text()
    assert "ATTACK-RAN" in feedback, "the attack never ran: the test would prove nothing"
    return feedback + report


@pytest.mark.parametrize("layout", ["folders", "flat"])
@pytest.mark.parametrize(("mode", "layers", "available"), MODES)
def test_a_hostile_submission_in_a_batch_reads_no_classmate_output_tmp_or_home(
    tmp_path: Path, layout: str, mode: str, layers: str | None, available: bool
) -> None:
    if not available:
        pytest.skip("this confinement is not available here")
    klass, out, env, secrets = batch(tmp_path, layout)
    if layers is not None:
        env[sandbox.LAYERS_ENV] = layers
    proc = grader(
        "grade", str(klass), "-a", "init-shallow", "-o", str(out), "-j", "1",
        "--sandbox", mode, "--progress", "none", env=env,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    text = stolen(out)
    for where, secret in secrets.items():
        assert secret not in text, f"the {where} secret reached the hostile student's report"
    bob = json.loads((out / "reports" / "bob.json").read_text())
    assert bob["score"] == bob["max_score"]


def test_where_nothing_confines_reads_grade_needs_allow_unconfined_and_the_attack_shows(
    tmp_path: Path,
) -> None:
    """Without any confinement (simulated), `grader grade` refuses in one line, exit 2; with
    --allow-unconfined it says so first, and the attack above really does succeed: the test
    above can see a leak."""
    klass, out, env, secrets = batch(tmp_path, "folders")
    env[sandbox.LAYERS_ENV] = "none"
    command = ["grade", str(klass), "-a", "init-shallow", "-o", str(out), "-j", "1"]
    command += ["--sandbox", "process", "--progress", "none"]
    refused = grader(*command, env=env)
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        "grader: error: this machine cannot stop a submission from reading other students' "
        "files (no bubblewrap, Landlock or namespaces); add --allow-unconfined to grade anyway"
    ]
    assert not (out / "reports").exists()
    allowed = grader(*command, "--allow-unconfined", env=env)
    assert allowed.returncode == 0, allowed.stderr
    assert allowed.stderr.startswith("grader: warning: reads are not confined")
    assert secrets["classmate"] in stolen(out)


def test_check_proceeds_unconfined_and_says_so_in_a_notice(tmp_path: Path) -> None:
    (tmp_path / "hw.py").write_text(solution())
    env = {sandbox.LAYERS_ENV: "none"}
    report = check_json(tmp_path / "hw.py", "--sandbox", "process", env=env)
    assert report["score"] == report["max_score"]
    assert any("could not confine what the submission may read" in n for n in report["notices"])
    confined = check_json(tmp_path / "hw.py", "--sandbox", "process")
    assert not any("could not confine" in n for n in confined["notices"])


def test_the_resume_command_keeps_support_and_allow_unconfined() -> None:
    from grader.batch import BatchConfig
    from grader.config import RunConfig

    config = BatchConfig(
        "class", "init-shallow", "out", run=RunConfig(allow_unconfined=True),
        support=("/course/helpers", "/course/x.py"),
    )  # fmt: skip
    assert config.resume_command() == (
        "grader grade class -a init-shallow -o out --support /course/helpers "
        "--support /course/x.py --allow-unconfined --resume"
    )


def test_support_inside_the_grader_packages_is_refused_but_the_built_in_folder_is_not() -> None:
    from assignments import SUPPORT
    from grader.errors import UsageError
    from grader.runner.world import resolve_support

    reference = Path(__file__).parents[1] / "reference"
    with pytest.raises(UsageError, match="inside the grader's own packages"):
        resolve_support([str(reference)])
    assert resolve_support([str(SUPPORT)]) == (str(SUPPORT),)


@pytest.mark.parametrize(
    "mode",
    ["process", pytest.param("bwrap", marks=pytest.mark.skipif(not BWRAP, reason="no bwrap"))],
)
def test_student_code_holds_no_capability_once_its_world_is_built(
    tmp_path: Path, mode: str
) -> None:
    """Building the private root takes CAP_SYS_ADMIN (and, in bwrap, CAP_DAC_OVERRIDE for the
    overlay); the worker gives up every capability before the submission runs."""
    header = (
        "with open('/proc/self/status') as f:\n"
        "    CAPS = [l.split()[1] for l in f if l.startswith(('CapEff', 'CapPrm', 'CapBnd'))]\n"
    )
    check = "assert CAPS == ['0000000000000000'] * 3, CAPS"
    (tmp_path / "hw.py").write_text(solution(header, check))
    report = check_json(tmp_path / "hw.py", "--sandbox", mode)
    assert report["score"] == report["max_score"], messages(report)


def test_a_grader_folder_inside_a_readable_one_stays_hidden_in_both_enforcements(
    tmp_path: Path,
) -> None:
    """The plan each layer follows: the private root puts an empty folder over it, Landlock
    grants the folder's other entries instead of the folder."""
    from grader.runner.world import World

    (tmp_path / "grader").mkdir()
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    world = World(folder=str(tmp_path), readable=(), hidden=(str(tmp_path / "grader"),))
    assert world.mounts() == [["folder", str(tmp_path)], ["hide", str(tmp_path / "grader")]]
    assert sorted(world.landlock_roots()) == [str(tmp_path / "notes.txt"), str(tmp_path / "sub")]
    assert world.sys_path == (str(tmp_path),)
