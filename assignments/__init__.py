"""The shipped assignments: one package each, exposing `assignment` (a grader.Assignment).

`SUPPORT` is the folder of course helper modules (e.g. ``planar_utils``) that every shipped
assignment declares as its support: a worker may import and read it, and nothing else of
this package.
"""

from pathlib import Path

SUPPORT = Path(__file__).resolve().parent / "support"
