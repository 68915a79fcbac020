"""Run every benchmark: `python benchmarks/run.py` (results in benchmarks/results/)."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    for name in ("check.py", "toplevel.py", "batch.py", "course.py"):
        script = HERE / name
        if script.exists():
            print(f"== {name}", file=sys.stderr)
            sys.argv = [str(script)]
            runpy.run_path(str(script), run_name="__main__")
