"""Loading as a plan: which top-level statements of a submission run, and when.

A notebook holds two kinds of top-level code. Definitions (imports, ``def``, ``class``,
constants such as ``layers_dims = [12288, 20, 7, 5, 1]``) are what grading needs; they run
in place, in source order, each statement on its own, so that a statement that fails (an
``import h5py`` the grader lacks) costs that statement and not the rest of its cell. Driver
code (training runs, sweeps, plots, prints, calls to the course's test helpers, loops,
``if __name__ == "__main__":``) runs only on demand: when a graded function, or a
definition, reads a name that only driver code binds (``rng = np.random.default_rng(1)``,
``X, Y = load_planar_dataset()``), the worker runs the statements that bind it, in source
order, together with what they need in turn, each under its own time budget.

This module is the static half, run in the grader: it splits the cells into statements and
says, for each, whether it runs in place and which names it binds. The worker
(`grader.runner._worker`) does the dynamic half: it reads the global names each function's
code object uses and runs the driver statements that bind them.

Imports run on demand too: ``import matplotlib.pyplot as plt`` costs half a second, and
grading rarely needs it. A star import and ``from __future__`` run in place (what they bind
cannot be known before). An import that never ran is still checked: the worker asks the
import system whether its module exists, without importing it, so a missing ``h5py`` is
reported either way.

Configuration runs in place: an expression statement calling a function known to set process
state that a graded function can depend on (a random seed, warning filters, numpy's error and
print options, the recursion limit, ``sys.path``) with literal arguments. It takes
microseconds and can change what a function computes (``np.seterr(all="raise")``) or can
import; Jupyter runs it before the functions are called, so the grader does too. Any other
call is driver code. Names that a program reaches only through ``globals()`` or ``eval``
are not seen.
"""

from grader.load_plan.statements import LoadPlan, Statement, plan

__all__ = ["LoadPlan", "Statement", "plan", "statement_budget"]


def statement_budget(load_timeout: float) -> float:
    """Seconds one on-demand statement may take: a quarter of the load's, so that one slow
    statement costs only the functions that need it. Sent to the worker in the plan."""
    return max(load_timeout / 4, 0.5)
