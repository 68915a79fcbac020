"""Starting worker processes: command line, environment, resource limits, isolation.

Two modes. "process": ``python -I -B -c <bootstrap>`` in its own session; the bootstrap (the
jail, `grader.runner._jail`) confines the worker to its `World` (what it may read: its
folder, the support files, the interpreter) with whatever this machine allows: its own pid,
mount and network namespaces and a private root holding only its world when privileged,
Landlock (reads only in its world, writes only in its scratch folder, no TCP, no signals
out), capabilities dropped and resource limits. "bwrap": the same inside bubblewrap, whose
user namespace gives every worker the namespaces (and so its private root) without
privileges. "auto" takes bwrap when it works on this machine. Where a writable pids cgroup
exists, every worker also gets a cap on its number of processes and threads, and is killed
through the cgroup, so nothing it starts can be missed.

Two launchers with one contract (`spawn` -> `Spawned`, `close`): `Launcher` starts a fresh
interpreter per worker (~0.35 s: numpy's import); `ForkServerLauncher` keeps one warm template
process and forks each worker from it (tens of milliseconds).

Modules, one job each: `limits` (resource limits, the worker's environment), `program` (the
``-c`` program carrying the trusted modules), `confinement` (what a worker may read, which
layers can confine it here), `bwrap` (bubblewrap's flags, the choice of mode), `cgroups` (pids
cgroups), `processes` (starting a sandboxed process; handles on running workers), `launchers`
(the contract, and a fresh interpreter per worker), `forkserver` (warm templates).
Everything the rest of the grader uses is importable from here.
"""

from __future__ import annotations

from grader.runner.sandbox.bwrap import SANDBOX_MODES, bwrap_usable, resolve_mode
from grader.runner.sandbox.cgroups import _cgroup_base
from grader.runner.sandbox.confinement import (
    LAYERS_ENV,
    _can_unshare,
    allowed_layers,
    hidden_paths,
    read_confinement,
)
from grader.runner.sandbox.forkserver import (
    PRELOADABLE,
    ForkServerLauncher,
    preloads_for,
    warm_launcher,
)
from grader.runner.sandbox.launchers import Launcher, spawn
from grader.runner.sandbox.limits import Limits
from grader.runner.sandbox.processes import Spawned, WorkerProcess
from grader.runner.sandbox.program import bootstrap

__all__ = [
    "LAYERS_ENV",
    "PRELOADABLE",
    "SANDBOX_MODES",
    "ForkServerLauncher",
    "Launcher",
    "Limits",
    "Spawned",
    "WorkerProcess",
    "_can_unshare",
    "_cgroup_base",
    "allowed_layers",
    "bootstrap",
    "bwrap_usable",
    "hidden_paths",
    "preloads_for",
    "read_confinement",
    "resolve_mode",
    "spawn",
    "warm_launcher",
]
