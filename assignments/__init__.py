"""The shipped assignments: one package each, exposing `assignment` (a grader.Assignment)."""
