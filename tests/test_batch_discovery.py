"""Which files a batch grades, and which student each belongs to (folder, flat, LMS layouts),
and how a .zip is extracted without trusting its member names."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pytest

from grader.batch import archive
from grader.batch.discovery import discover, safe_key, student_of
from grader.errors import UsageError


def touch(path: Path, text: str = "x = 1\n", mtime: float | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


@pytest.mark.parametrize(
    ("relpath", "student", "layout"),
    [
        ("jane/hw.ipynb", "jane", "folder"),
        ("jane/deep/er/hw.py", "jane", "folder"),
        ("jane.ipynb", "jane", "flat"),
        ("doe_jane_12345_67890_assignment.ipynb", "12345", "canvas"),
        ("doejane_late_12345_67890_hw-1.ipynb", "12345", "canvas"),
        ("doejane_LATE_777_42_hw.py", "777", "canvas"),
        ("Jane Doe_12345_assignsubmission_file_/hw.ipynb", "12345", "moodle"),
        ("Zoë Ñandú_9_assignsubmission_file_/sub/x.py", "9", "moodle"),
        ("HW 1_jdoe_attempt_2024-03-01-10-15-00_hw.ipynb", "jdoe", "blackboard"),
        ("HW_1_jdoe_attempt_2024-03-01-10-15-00_hw.ipynb", "jdoe", "blackboard"),
    ],
)
def test_student_comes_from_the_layout(relpath: str, student: str, layout: str) -> None:
    assert student_of(relpath) == (student, layout)


def test_per_student_folders_take_the_folder_name(tmp_path: Path) -> None:
    touch(tmp_path / "alice" / "hw.ipynb")
    touch(tmp_path / "bob" / "work" / "solution.py")
    found = discover(tmp_path)
    assert [(s.student, s.relpath) for s in found.submissions] == [
        ("alice", "alice/hw.ipynb"),
        ("bob", "bob/work/solution.py"),
    ]


def test_the_newest_file_of_a_student_is_graded_and_the_others_are_named(tmp_path: Path) -> None:
    touch(tmp_path / "alice" / "hw_v1.ipynb", mtime=1_000_000)
    touch(tmp_path / "alice" / "hw_final.ipynb", mtime=2_000_000)
    touch(tmp_path / "alice" / "scratch.py", mtime=1_500_000)
    (sub,) = discover(tmp_path).submissions
    assert sub.relpath == "alice/hw_final.ipynb"
    assert sorted(sub.ignored) == ["alice/hw_v1.ipynb", "alice/scratch.py"]


def test_equal_times_are_broken_by_the_greatest_name(tmp_path: Path) -> None:
    touch(tmp_path / "s" / "hw-1.py", mtime=1_000_000)
    touch(tmp_path / "s" / "hw-2.py", mtime=1_000_000)
    assert discover(tmp_path).submissions[0].relpath == "s/hw-2.py"


def test_canvas_resubmissions_of_one_student_collapse_to_the_newest(tmp_path: Path) -> None:
    touch(tmp_path / "doejane_12345_1_hw.ipynb", mtime=1_000_000)
    touch(tmp_path / "doejane_late_12345_2_hw-1.ipynb", mtime=2_000_000)
    touch(tmp_path / "roeric_555_3_hw.ipynb")
    found = discover(tmp_path)
    assert [s.student for s in found.submissions] == ["12345", "555"]
    assert found.submissions[0].relpath == "doejane_late_12345_2_hw-1.ipynb"


def test_hidden_junk_and_other_files_are_not_graded(tmp_path: Path) -> None:
    touch(tmp_path / "alice" / "hw.ipynb")
    touch(tmp_path / "alice" / ".ipynb_checkpoints" / "hw-checkpoint.ipynb")
    touch(tmp_path / "__MACOSX" / "alice" / "._hw.ipynb")
    touch(tmp_path / ".hidden.py")
    touch(tmp_path / "alice" / "report.pdf")
    found = discover(tmp_path)
    assert [s.relpath for s in found.submissions] == ["alice/hw.ipynb"]
    assert found.other_files == ["alice/report.pdf"]


def test_symlinks_are_never_followed(tmp_path: Path) -> None:
    secret = touch(tmp_path.parent / f"{tmp_path.name}-secret.py", "SECRET = 1\n")
    (tmp_path / "mallory").mkdir()
    (tmp_path / "mallory" / "hw.py").symlink_to(secret)
    touch(tmp_path / "alice" / "hw.py")
    found = discover(tmp_path)
    assert [s.student for s in found.submissions] == ["alice"]


def test_report_file_names_are_safe_and_unique_ignoring_case(tmp_path: Path) -> None:
    touch(tmp_path / "Jane.py")
    touch(tmp_path / "jane.py")
    touch(tmp_path / "=cmd|' calc'!A0.py")
    keys = [s.key for s in discover(tmp_path).submissions]
    assert len({k.casefold() for k in keys}) == 3
    assert all(k and not k.startswith(".") and "/" not in k and "|" not in k for k in keys)


def test_safe_key_keeps_letters_of_any_alphabet() -> None:
    assert safe_key("Zoë Ñandú") == "Zoë_Ñandú"
    assert safe_key("../../etc/passwd") == "etc_passwd"
    assert safe_key("...") == "student"


# -- .zip ---------------------------------------------------------------------------------------


def make_zip(path: Path, members: dict[str, bytes], symlinks: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=(2024, 3, 1, 10, 0, 0)), data)
        for name, target in (symlinks or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, target)
    return path


def test_a_zip_is_extracted_with_its_times_and_a_wrapping_folder_is_stepped_into(
    tmp_path: Path,
) -> None:
    zipped = make_zip(
        tmp_path / "class.zip",
        {"hw1/alice/hw.ipynb": b"{}", "hw1/bob/hw.py": b"x = 1\n", "hw1/notes.txt": b"hi"},
    )
    dest = tmp_path / "out"
    dest.mkdir()
    got = archive.extract(zipped, dest)
    assert got.root == dest / "hw1"
    assert (got.root / "alice" / "hw.ipynb").read_bytes() == b"{}"
    assert got.others == ["hw1/notes.txt"]
    assert os.path.getmtime(got.root / "bob" / "hw.py") > 1.7e9  # 2024, not "now" or 1980


def test_a_malicious_zip_writes_nothing_outside_and_says_what_it_skipped(tmp_path: Path) -> None:
    zipped = make_zip(
        tmp_path / "evil.zip",
        {
            "alice.py": b"x = 1\n",
            "../escape.py": b"owned = True\n",
            "a/../../escape2.py": b"owned = True\n",
            "/abs/escape3.py": b"owned = True\n",
            "C:\\win\\escape4.py": b"owned = True\n",
        },
        symlinks={"link.py": "/etc/passwd"},
    )
    dest = tmp_path / "inner" / "out"
    dest.mkdir(parents=True)
    got = archive.extract(zipped, dest)
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert written == ["evil.zip", "inner/out/alice.py"]
    assert len(got.skipped) == 5
    assert any("symbolic link" in s for s in got.skipped)
    assert sum("leaves the folder" in s for s in got.skipped) == 4


def test_a_member_that_inflates_past_the_cap_is_not_extracted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 1000)
    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bomb.py", b"#" * 100_000)
        zf.writestr("fine.py", b"x = 1\n")
    dest = tmp_path / "out"
    dest.mkdir()
    got = archive.extract(tmp_path / "bomb.zip", dest)
    assert sorted(p.name for p in dest.iterdir()) == ["fine.py"]
    assert len(got.skipped) == 1
    assert got.skipped[0].startswith("bomb.py: larger than the")


def test_a_file_that_is_not_a_zip_is_a_usage_error(tmp_path: Path) -> None:
    bad = touch(tmp_path / "class.zip", "not a zip")
    with pytest.raises(UsageError, match=r"not a readable \.zip"):
        archive.extract(bad, tmp_path)
