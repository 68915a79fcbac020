"""Checks of a property's declaration, run by `Assignment.property` when it is called.

A mistake in a declaration would otherwise register quietly and fail later: a `given` key that
no parameter takes surfaces at grading time as "a grader bug" in every student's report, a
string `depends` as dependencies on the letters of the string. Here each one is a
`DeclarationError` at the decorator, naming the assignment, the property and the argument, the
way Hypothesis validates the arguments of `@given` and `settings`.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Collection, Mapping
from typing import Any

from grader.errors import DeclarationError


def _ids(values: Any, argument: str, where: str) -> tuple[str, ...]:
    """`values` as a tuple of strings: a string or a non-sequence is a mistake, not letters."""
    if isinstance(values, str):
        raise DeclarationError(
            f"{where}: {argument}={values!r} is a string; {argument} takes a tuple of "
            f"them: write {argument}=({values!r},)"
        )
    if not isinstance(values, tuple | list):
        raise DeclarationError(
            f"{where}: {argument} must be a tuple of strings, not {type(values).__name__}"
        )
    wrong = [v for v in values if not isinstance(v, str)]
    if wrong:
        raise DeclarationError(f"{where}: {argument} holds {wrong[0]!r}, which is not a string")
    return tuple(values)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_arguments(
    where: str,
    *,
    id: Any,
    category: Any,
    points: Any,
    given: Any,
    depends: Any,
    hint: Any,
    examples: Any,
    timeout: Any,
    roles: Any,
    declared: Collection[str],
    functions: Collection[str],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Everything about a declaration that is known before the function: `where` names the
    property for messages ("softmax: property 'api.shape'"), `declared` the ids of the
    properties declared before it, `functions` the assignment's functions. Returns `depends`
    and `roles` as tuples."""
    if not isinstance(id, str) or not id:
        raise DeclarationError(f"{where}: the id must be a non-empty string, not {id!r}")
    if id in declared:
        raise DeclarationError(f"{where} is a duplicate: property ids must be unique")
    if not isinstance(category, str) or not category:
        raise DeclarationError(f"{where}: category must be a non-empty string, not {category!r}")
    if not _number(points) or not math.isfinite(points) or points < 0:
        raise DeclarationError(f"{where}: points={points!r} must be a number >= 0")
    if given is not None and not isinstance(given, Mapping):
        raise DeclarationError(
            f"{where}: given must be a dict of parameter name -> Hypothesis strategy, "
            f"not {type(given).__name__}"
        )
    if given:
        # (here, not at the top: the grader's modules load without Hypothesis until it runs)
        from hypothesis.strategies import SearchStrategy
    for name, strategy in (given or {}).items():
        if not isinstance(strategy, SearchStrategy):
            raise DeclarationError(
                f"{where}: given[{name!r}] must be a Hypothesis strategy (st.integers(1, 5), "
                f"...), not {type(strategy).__name__}"
            )
    depends = _ids(depends, "depends", where)
    for dependency in depends:
        if dependency == id:
            raise DeclarationError(f"{where}: depends names the property itself")
        if dependency not in declared:
            raise DeclarationError(
                f"{where}: depends names {dependency!r}, which is unknown: no property "
                "declared before this one has that id (declare a dependency first)"
            )
    if hint is not None and not isinstance(hint, str):
        raise DeclarationError(f"{where}: hint must be a string or None, not {hint!r}")
    if not isinstance(examples, int) or isinstance(examples, bool) or examples < 1:
        raise DeclarationError(f"{where}: examples={examples!r} must be a whole number >= 1")
    if timeout is not None and (not _number(timeout) or not timeout > 0):
        raise DeclarationError(f"{where}: timeout={timeout!r} must be a number of seconds > 0")
    roles = _ids(roles, "roles", where)
    for role in roles:
        if role not in functions:
            known = ", ".join(functions)
            raise DeclarationError(
                f"{where}: roles names {role!r}, which is not a function of the assignment "
                f"(its functions: {known})"
            )
    return depends, roles


def check_function(where: str, func: Callable[..., Any], given: Mapping[str, Any]) -> None:
    """The decorated function must take the student's `code` first, then every `given` key
    as a parameter, and need no other argument."""
    if not callable(func):
        raise DeclarationError(f"{where}: decorates {func!r}, which is not a function")
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return  # a callable without a signature (a builtin): nothing to check against
    params = list(signature.parameters.values())
    shown = f"{getattr(func, '__name__', 'the function')}{signature}"
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if not params or params[0].kind not in (*positional, inspect.Parameter.VAR_POSITIONAL):
        raise DeclarationError(
            f"{where}: {shown} must take the student's code as its first parameter"
        )
    rest = params[1:] if params[0].kind is not inspect.Parameter.VAR_POSITIONAL else params
    if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in rest):
        takes = {
            p.name
            for p in rest
            if p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
        }
        for name in given:
            if name not in takes:
                raise DeclarationError(
                    f"{where}: given has {name!r}, which is not a parameter of {shown}"
                )
    for p in rest:
        required = p.default is inspect.Parameter.empty and p.kind not in (
            inspect.Parameter.VAR_POSITIONAL,
            inspect.Parameter.VAR_KEYWORD,
        )
        if required and p.name not in given:
            raise DeclarationError(
                f"{where}: {shown} has the parameter {p.name!r}, which given does not draw "
                f"(add given={{{p.name!r}: ...}} or a default)"
            )
