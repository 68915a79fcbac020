"""Running student code: a sandboxed worker process executes it; the grader process drives it.

Only plain data crosses between the two (`codec`). Grader side, one job each: `student` (the
`StudentCode` proxy: a property's ``code.f(...)`` becomes a request to the worker), `engine`
(runs properties with Hypothesis against that proxy), `counterexamples` (a failing call as
data and text), `plans` + `plan_cache` (Hypothesis's
inputs recorded once, replayed without it, kept on disk between checks), `explain` (errors
that are not the student's maths, told as such), `world` (what a worker may read: its
submission's folder, the support files, the interpreter), `sandbox` (a package: starting
workers, with launchers, limits, bubblewrap, cgroups and a fork server; see its docstring).

Worker side, trusted code injected into each worker by `sandbox` (never imported there from
the grader package, which a worker cannot read): `codec`, `_worker` (loads the submission,
serves calls), `_landlock` (confines its reads with Landlock) and `_jail` (the supervisor,
namespaces, privileges and limits, and the fork server's warm template).
"""
