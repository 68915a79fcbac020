"""The launcher contract (`spawn` -> `Spawned`, `start`, `close`) and `Launcher`, which starts a
fresh interpreter per worker (~0.35 s: numpy's import). `ForkServerLauncher`
(`grader.runner.sandbox.forkserver`) keeps the same contract with warm templates."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from typing import Any

from grader.runner import world as world_module
from grader.runner.sandbox.bwrap import bwrap_flags
from grader.runner.sandbox.confinement import allowed_layers, read_confinement
from grader.runner.sandbox.limits import Limits
from grader.runner.sandbox.processes import PopenWorker, Spawned, start_process
from grader.runner.sandbox.program import bootstrap
from grader.runner.world import World


class Launcher:
    """Starts workers. One launcher may serve many submissions (a batch keeps one per process);
    `close` releases whatever it keeps warm. This one starts a fresh interpreter per worker.

    Each worker is confined to a `World` (what it may read, where it runs), given to `spawn`.

    `namespaces` and `landlock` switch those confinement layers off (for tests that check each
    layer alone); they are on by default (see `LAYERS_ENV`) and used wherever the machine
    allows them.
    """

    def __init__(
        self,
        mode: str = "process",
        limits: Limits | None = None,
        *,
        namespaces: bool | None = None,
        landlock: bool | None = None,
    ) -> None:
        allowed_ns, allowed_ll = allowed_layers()
        self.mode = mode
        self.limits = limits or Limits()
        self.namespaces = allowed_ns if namespaces is None else namespaces
        self.landlock = allowed_ll if landlock is None else landlock
        #: How this launcher's workers have their reads confined ("": not at all).
        self.confinement = read_confinement(
            mode, namespaces=self.namespaces, landlock=self.landlock
        )

    def jail_config(self, role: str, workdir: str) -> dict[str, Any]:
        """The plain-data configuration the jail receives (a worker's world comes apart)."""
        limits = self.limits
        return {
            "role": role,
            "workdir": workdir,
            "namespaces": self.namespaces,
            "network": self.mode != "bwrap",  # bwrap has already unshared it for the tree
            "landlock": self.landlock,
            "confine": bool(self.confinement),  # refuse to run where that fails
            "hidden": list(world_module.grader_folders()),
            "limits": {
                "memory": limits.memory_mb * 1024 * 1024,
                "cpu": limits.cpu_seconds,
                "fsize": limits.file_mb * 1024 * 1024,
                "nofile": limits.open_files,
                "tmp": limits.tmp_mb * 1024 * 1024,
            },
        }

    def command(self, program: str, *, private: str = "") -> list[str]:
        """The argv that runs `program` in this launcher's sandbox mode."""
        command = [sys.executable, "-I", "-B", "-c", program]
        if self.mode == "bwrap":
            bwrap = shutil.which("bwrap") or "bwrap"
            flags = bwrap_flags(self.limits, private=private)
            command = [bwrap, *flags, "--", *command]
        return command

    def spawn(self, preload: tuple[str, ...] = (), world: World | None = None) -> Spawned:
        """Start one worker in `world` (default: no folder, no support); it waits for a load
        request. `preload` names modules a warm launcher may import ahead of time; a fresh
        interpreter imports them when asked."""
        host_dir = tempfile.mkdtemp(prefix="grader-worker-")
        fd, stderr_path = tempfile.mkstemp(prefix="grader-stderr-")
        os.close(fd)
        workdir = host_dir
        world = (world or World()).with_scratch(workdir)
        req_r, req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        config = dict(self.jail_config("run", workdir), req=req_r, rep=rep_w, world=world.jail())
        try:
            popen, cgroup = start_process(
                self.command(bootstrap(config)),
                what="worker process",
                folder=host_dir,
                stderr_path=stderr_path,
                pass_fds=(req_r, rep_w),
                max_tasks=self.limits.processes + 4,
            )
        except BaseException:
            for end in (req_w, rep_r):
                os.close(end)
            raise
        finally:
            os.close(req_r)
            os.close(rep_w)
        process = PopenWorker(popen, cgroup, bwrap=self.mode == "bwrap")
        return Spawned(process, req_w, rep_r, host_dir, stderr_path)

    def start(self, preload: tuple[str, ...] = ()) -> None:
        """Warm up ahead of the first `spawn` (nothing to warm here; a fork server starts its
        template)."""

    def close(self) -> None:
        """Nothing kept warm here; subclasses that keep a template process stop it."""

    def __enter__(self) -> Launcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def spawn(mode: str, limits: Limits, world: World | None = None) -> Spawned:
    """Start one worker in `mode` ("bwrap" or "process") with a one-off launcher."""
    return Launcher(mode, limits).spawn(world=world)
