"""Show that a change leaves every report of the test corpus as it was.

Grades every submission of ``tests/corpus/<assignment>/`` (and the single-bug submissions its
``expected.toml`` builds from the assignment's declared mutants) twice with ``grader grade``:
once with this working tree's grader, once with the grader at a git ref (``--base``, default
``main``), checked out into a temporary worktree; each runs from a temporary folder of its own
with this interpreter (``PYTHONPATH=<folder>``; nothing is built or installed). The working tree
is copied as it is on disk (tracked and untracked files, not ignored ones), so that neither
side holds a virtualenv (a checkout's files are hidden from submissions, and a .venv inside it
would hide site-packages from one side only) and edits during the run change nothing. Both
runs grade the very same files.
Each report is compared as JSON after removing what may differ from run to run:

* timings (every ``duration`` / ``durations`` key);
* the location of the grader checkout and of the temporary folders, where a message quotes one;
* ``artifacts`` (the data attached for plots) of the submissions in `RANDOM_ARTIFACTS`, which
  draw from an unseeded ``np.random.default_rng()`` (or seed from the clock), so the numbers
  they attach change from one run to the next, even between two runs of the same grader; with
  ``--skip-artifacts``, of every submission.

Prints every difference and exits 1 if there is any, 0 if every report is identical.

    .venv/bin/python scripts/report_identity.py                # working tree against main
    .venv/bin/python scripts/report_identity.py --base HEAD~3  # ... against another ref
    .venv/bin/python scripts/report_identity.py --hostile      # also tests/corpus/hostile

The hostile corpus is left out by default: several of its files end by timing out, which makes
the run slow (and its outcome depends on how loaded the machine is).
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
HOSTILE = "hostile"
HOSTILE_ASSIGNMENT = "init-shallow"  # the hostile files attack this assignment's grading
VOLATILE_KEYS = frozenset({"duration", "durations"})
# Submissions whose attached plot data is random from run to run (found by running this script
# with --base HEAD on an unchanged tree); their reports are compared without `artifacts`.
RANDOM_ARTIFACTS = {
    "init-shallow": {
        "correct_default_rng_inside.ipynb",
        "correct_default_rng_module.py",
        "wrong_seed_time.py",
    },
}


def corpus_folders(hostile: bool) -> list[str]:
    names = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.toml").is_file())
    return [n for n in names if hostile or n != HOSTILE]


def build_inputs(folder: str, dest: Path) -> int:
    """Copy corpus `folder`'s submissions, and build its declared mutants, into `dest`, one
    folder per submission (so each is graded alone in its world). Returns how many."""
    sys.path.insert(0, str(ROOT / "tests"))
    import corpus_harness  # the tests' own builder of mutant submissions

    files = {p.name: p for p in (CORPUS / folder).iterdir() if p.suffix in (".py", ".ipynb")}
    if folder != HOSTILE:
        for exp in corpus_harness.expectations(folder):
            if exp.mutant:
                files[exp.file] = corpus_harness.derived(folder, exp)
    for name, path in files.items():
        student = dest / student_key(name)
        student.mkdir(parents=True)
        shutil.copy2(path, student / name)
    shutil.rmtree(corpus_harness._BUILT, ignore_errors=True)
    return len(files)


def student_key(name: str) -> str:
    """The folder (and so the student and report name) a corpus file is graded under."""
    return name.replace(".", "_")


def grade(checkout: Path, source: Path, assignment: str, outdir: Path, args: Any) -> None:
    """`grader grade` with the grader of `checkout`, run by this very interpreter."""
    command = [sys.executable, "-m", "grader", "grade", str(source), "-a", assignment]
    command += ["-o", str(outdir), "-j", str(args.jobs), "--progress", "none"]
    if assignment != source.name:  # the hostile corpus: files that never finish loading
        command += ["--load-timeout", "5"]
    env = {**os.environ, "PYTHONPATH": str(checkout), "NO_COLOR": "1"}
    proc = subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"grader grade ({checkout}) exited {proc.returncode}:\n{proc.stderr}")


def normalised(data: Any, replacements: list[tuple[str, str]], artifacts: bool) -> Any:
    if isinstance(data, dict):
        return {
            k: normalised(v, replacements, artifacts)
            for k, v in data.items()
            if k not in VOLATILE_KEYS and (artifacts or k != "artifacts")
        }
    if isinstance(data, list):
        return [normalised(v, replacements, artifacts) for v in data]
    if isinstance(data, str):
        for old, new in replacements:
            data = data.replace(old, new)
    return data


def reports(outdir: Path, replacements: list[tuple[str, str]], random: set[str]) -> dict[str, str]:
    """Each report of a batch in `outdir`, normalised, as indented JSON text; without
    artifacts for the students in `random`."""
    found = {}
    for path in sorted((outdir / "reports").glob("*.json")):
        artifacts = path.stem not in random
        data = normalised(json.loads(path.read_text()), replacements, artifacts)
        found[path.stem] = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False)
    return found


def snapshot_tree(dest: Path) -> None:
    """Copy this working tree's files as they are on disk (tracked and untracked, not ignored)."""
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # not a file deleted but not yet staged
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)


def fork_point_note(ref: str) -> str:
    """A warning when `ref` has commits this tree lacks: their changes show up as differences."""
    git = ["git", "-C", str(ROOT)]
    ancestor = subprocess.run([*git, "merge-base", "--is-ancestor", ref, "HEAD"], check=False)
    if ancestor.returncode == 0:
        return ""
    fork = subprocess.run([*git, "merge-base", ref, "HEAD"], capture_output=True, text=True)
    return (
        f"note: {ref} has commits this tree lacks; their changes count as differences here "
        f"(--base {fork.stdout.strip()[:12] or '<fork point>'} compares with the fork point)"
    )


def checkout_base(ref: str, dest: Path) -> None:
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(dest), ref],
        check=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="main", help="git ref to compare with (default main)")
    parser.add_argument("--jobs", "-j", type=int, default=2, help="grading processes per run")
    parser.add_argument("--hostile", action="store_true", help="also grade tests/corpus/hostile")
    parser.add_argument(
        "--skip-artifacts", action="store_true", help="compare no attached plot data at all"
    )
    parser.add_argument("--only", action="append", default=[], help="just this corpus folder")
    args = parser.parse_args(argv)

    started = time.monotonic()
    # A SIGTERM unwinds like Ctrl-C, so the temporary worktree is removed either way.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tmp = Path(tempfile.mkdtemp(prefix="grader-identity-"))
    base = tmp / "base"
    try:
        checkout_base(args.base, base)
        snapshot_tree(tmp / "tree")
        sides = {"tree": tmp / "tree", "base": base}
        differences = 0
        total = 0
        for folder in args.only or corpus_folders(args.hostile):
            source = tmp / "inputs" / folder
            count = build_inputs(folder, source)
            total += count
            assignment = HOSTILE_ASSIGNMENT if folder == HOSTILE else folder
            random = {student_key(f) for f in RANDOM_ARTIFACTS.get(folder, ())}
            if args.skip_artifacts:
                random = {p.name for p in source.iterdir()}
            graded = {}
            for side, checkout in sides.items():
                outdir = tmp / "out" / side / folder
                grade(checkout, source, assignment, outdir, args)
                replacements = [(str(checkout), "<grader>"), (str(tmp), "<tmp>")]
                graded[side] = reports(outdir, replacements, random)
            for name in sorted(graded["tree"].keys() | graded["base"].keys()):
                before, after = graded["base"].get(name, ""), graded["tree"].get(name, "")
                if before != after:
                    differences += 1
                    print(f"--- {folder}/{name} differs:")
                    diff = difflib.unified_diff(
                        before.splitlines(), after.splitlines(), args.base, "tree", lineterm=""
                    )
                    print("\n".join(list(diff)[:60]))
            missing = count - len(graded["tree"])
            print(
                f"{folder}: {count} submissions, {len(graded['tree'])} reports, {missing} missing"
            )
        elapsed = time.monotonic() - started
        note = fork_point_note(args.base)
        if note:
            print(note)
        if differences:
            print(f"{differences} of {total} reports differ from {args.base} ({elapsed:.0f} s)")
            return 1
        print(f"all {total} reports identical to {args.base} ({elapsed:.0f} s)")
        return 0
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)],
            capture_output=True,
        )
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
