"""One frozen configuration, built at the CLI edge and passed down unchanged."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RunConfig:
    """How to grade: the same config and submission always give the same report.

    seed: mixed with the assignment and property ids into each property's Hypothesis seed.
    call_timeout: wall-clock seconds one call into student code may take.
    load_timeout: wall-clock seconds the submission's top-level code may take.
    memory_mb: address-space limit of the worker process.
    sandbox: "auto" (bubblewrap when usable, else process limits), "bwrap" or "process".
    examples: scale factor on each property's number of generated examples (1.0 = default).
    plan_cache: folder where the inputs properties replay are kept between runs (None: record
        them in every process). `grader check` uses one; `grader grade` never does (see
        grader.runner.plan_cache).
    """

    seed: int = 0
    call_timeout: float = 5.0
    load_timeout: float = 20.0
    memory_mb: int = 2048
    sandbox: str = "auto"
    examples: float = 1.0
    plan_cache: str | None = None
