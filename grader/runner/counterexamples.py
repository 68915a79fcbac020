"""A failing example as data and as text: the call that failed, as the student would type it,
with its arguments as JSON for the report (small arrays in full, large ones summarised)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from grader.properties import Assignment
from grader.results import Counterexample
from grader.runner.student import Call

_MAX_SHOWN_ELEMENTS = 24


def jsonable(value: Any) -> Any:
    """Arguments as JSON data for the report: small arrays in full, large ones summarised."""
    if isinstance(value, np.ndarray):
        if value.size <= _MAX_SHOWN_ELEMENTS:
            return value.tolist()
        return {"array": list(value.shape), "dtype": str(value.dtype)}
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, float) and not np.isfinite(value):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # A drawn input that a property builds from several values (a network, a step).
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return repr(value)[:200]  # anything else: described, so the report stays JSON


def short(value: Any) -> str:
    if isinstance(value, np.ndarray):
        if value.size <= 6:
            return np.array2string(value, separator=", ", precision=4).replace("\n", "")
        return f"<array of shape {value.shape}>"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {short(v)}" for k, v in value.items()) + "}"
    if isinstance(value, float):
        return f"{value:.6g}"
    return repr(value)


def format_call(
    function: str,
    args: tuple[Any, ...],
    names: tuple[str, ...],
    kwargs: Mapping[str, Any] | None = None,
) -> Counterexample:
    """A call as the student would type it: ``initialize_parameters(n_x=1, n_h=2, n_y=1)``;
    positional arguments are labelled by `names`, keyword arguments by their keyword."""
    labels = [names[i] if i < len(names) else f"arg{i + 1}" for i in range(len(args))]
    pairs = [*zip(labels, args, strict=True), *(kwargs or {}).items()]
    shown = ", ".join(f"{label}={short(v)}" for label, v in pairs)
    arguments = {label: jsonable(v) for label, v in pairs}
    return Counterexample(function=function, arguments=arguments, call=f"{function}({shown})")


def counterexample(
    calls: Sequence[Call], assignment: Assignment, drawn: Mapping[str, Any] | None
) -> Counterexample | None:
    """The failing example as the student reads it: its last call into their code (`calls`,
    in order), else the inputs the property drew, else None."""
    if calls:
        call = calls[-1]
        declared = assignment.functions.get(call.function)
        names = call.names or (declared.params if declared is not None else ())
        return format_call(call.function, call.args, names, call.kwargs)
    if drawn:
        return Counterexample(
            function="",
            arguments={k: jsonable(v) for k, v in drawn.items()},
            call=", ".join(f"{k}={short(v)}" for k, v in drawn.items()),
        )
    return None
