"""Calling a student's function by its real signature: the one place that knows course versions.

Properties call with the canonical arguments of the assignment's `Function` declaration
(``code.compute_cost(A2, Y)``); the worker reports the signature the student actually wrote
(``compute_cost(A2, Y, parameters)``, ``update_parameters(params, grads, learning_rate)``).
`bind` maps one onto the other:

1. a parameter named like a given argument gets it, wherever it stands;
2. a parameter named like a canonical parameter the call leaves out, or like a declared extra,
   keeps its default, or, when it has none, gets the extra's value (a ``parameters`` dict
   shaped like the call, ``learning_rate=1.2``);
3. a parameter with a name the assignment does not know (``params``, ``paramaters``) takes the
   next given argument that no name claimed (by position); when none is left, a required one
   takes the next extra the signature does not name, and an optional one keeps its default;
4. given arguments still unclaimed go to ``*args``, else to ``**kwargs`` by name.

Arguments go by position up to the first parameter left to its default, by keyword after it.
Anything else is a `SignatureMismatch`, one line naming the signature seen and the forms
accepted. Signatures arrive from the worker as plain data and are checked here (`parse`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from grader.properties import Failure, Function

POSITIONAL_ONLY = "positional_only"
POSITIONAL_OR_KEYWORD = "positional_or_keyword"
VAR_POSITIONAL = "var_positional"
KEYWORD_ONLY = "keyword_only"
VAR_KEYWORD = "var_keyword"
KINDS = frozenset(
    {POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD, VAR_POSITIONAL, KEYWORD_ONLY, VAR_KEYWORD}
)
_POSITIONAL = (POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD)
_VARIADIC = (VAR_POSITIONAL, VAR_KEYWORD)

#: A reported signature with more parameters than this is ignored (the call goes by position).
MAX_PARAMS = 64


@dataclass(frozen=True)
class Param:
    """One parameter of a student's function, as the worker reports it."""

    name: str
    kind: str = POSITIONAL_OR_KEYWORD
    has_default: bool = False


Signature = tuple[Param, ...]


@dataclass(frozen=True)
class Bound:
    """A call ready to send: ``f(*args, **kwargs)``, with the student's name for each positional
    argument (how the counterexample spells the call)."""

    args: tuple[Any, ...]
    kwargs: Mapping[str, Any]
    labels: tuple[str, ...]


class SignatureMismatch(Failure):
    """The student's signature cannot take what the property passes: an api failure of
    `function`, whose message names the signature seen and the forms accepted."""

    def __init__(self, function: str, message: str) -> None:
        super().__init__(message)
        self.function = function


def bind(
    function: str, values: Sequence[Any], spec: Function | None, signature: Signature | None
) -> Bound:
    """Map the canonical arguments `values` (in `spec`'s order) onto `signature`.

    Without a signature (the worker could not read one) the call goes by position, as given;
    without a `spec` (a function the assignment does not declare) every argument is unnamed.
    Raises SignatureMismatch when the signature cannot be matched.
    """
    if signature is None:
        return Bound(tuple(values), {}, ())
    names = spec.params if spec is not None else ()
    extras = spec.extras if spec is not None else {}
    named = [p for p in signature if p.kind not in _VARIADIC]
    given = {names[i]: v for i, v in enumerate(values) if i < len(names)}
    index = {name: i for i, name in enumerate(names[: len(values)])}
    known = {*names, *extras}
    spelled = {p.name for p in named}

    def mismatch(why: str) -> SignatureMismatch:
        expected = f"; expected {' or '.join(spec.forms(function))}" if spec is not None else ""
        return SignatureMismatch(function, f"{function} takes {show(signature)}: {why}{expected}")

    chosen: dict[str, Any] = {}
    for p in named:  # 1. by name
        if p.name in index:
            chosen[p.name] = values[index[p.name]]
    unclaimed = [i for i in range(len(values)) if i >= len(names) or names[i] not in spelled]
    spare = [e for e in extras if e not in spelled and e not in index]
    for p in named:
        if p.name in chosen:
            continue
        if p.name in known:  # 2. a parameter this call leaves out
            if p.has_default:
                continue
            if p.name not in extras:
                raise mismatch(f"{p.name} has no default, and this check does not pass it")
            chosen[p.name] = extras[p.name].produce(given)
        elif p.kind != KEYWORD_ONLY and unclaimed:  # 3. an unknown name: by position
            chosen[p.name] = values[unclaimed.pop(0)]
        elif not p.has_default:
            if not spare:
                raise mismatch(
                    f"{p.name} is not one of its parameters in the course, and has no default "
                    "(remove it, or give it a default)"
                )
            chosen[p.name] = extras[spare.pop(0)].produce(given)

    args: list[Any] = []
    labels: list[str] = []
    kwargs: dict[str, Any] = {}
    gap = False  # a positional parameter left to its default: keywords from there on
    for p in named:
        if p.name not in chosen:
            gap = gap or p.kind in _POSITIONAL
        elif p.kind in _POSITIONAL and not gap:
            args.append(chosen[p.name])
            labels.append(p.name)
        elif p.kind == POSITIONAL_ONLY:
            raise mismatch(f"{p.name} comes after a parameter left to its default")
        else:
            kwargs[p.name] = chosen[p.name]
    if unclaimed:  # 4. what no parameter took
        kinds = {p.kind for p in signature}
        label = [names[i] if i < len(names) else f"arg{i + 1}" for i in unclaimed]
        if VAR_POSITIONAL in kinds and not gap:
            args.extend(values[i] for i in unclaimed)
            labels.extend(label)
        elif VAR_KEYWORD in kinds and all(i < len(names) for i in unclaimed):
            kwargs.update((names[i], values[i]) for i in unclaimed)
        else:
            raise mismatch(f"it has no parameter for {', '.join(label)}")
    return Bound(tuple(args), kwargs, tuple(labels))


def show(signature: Signature) -> str:
    """A signature as Python spells it, defaults elided: ``(A2, Y, eps=..., *, log=...)``."""
    parts: list[str] = []
    starred = False
    for i, p in enumerate(signature):
        if p.kind == KEYWORD_ONLY and not starred:
            parts.append("*")
            starred = True
        if p.kind == VAR_POSITIONAL:
            parts.append(f"*{p.name}")
            starred = True
        elif p.kind == VAR_KEYWORD:
            parts.append(f"**{p.name}")
        else:
            parts.append(f"{p.name}=..." if p.has_default else p.name)
        following = signature[i + 1].kind if i + 1 < len(signature) else None
        if p.kind == POSITIONAL_ONLY and following != POSITIONAL_ONLY:
            parts.append("/")
    return f"({', '.join(parts)})"


def parse(data: Any, limit: int = 1000) -> dict[str, Signature]:
    """Signatures as the worker reports them, ``{name: [[param, kind, has_default], ...]}``;
    anything malformed is dropped (a submission can make its worker send anything)."""
    if not isinstance(data, dict):
        return {}
    found: dict[str, Signature] = {}
    for name, params in list(data.items())[:limit]:
        signature = parse_one(params)
        if type(name) is str and signature is not None:
            found[name] = signature
    return found


def parse_one(data: Any) -> Signature | None:
    """One reported signature, or None when it is not one."""
    if not isinstance(data, list | tuple) or len(data) > MAX_PARAMS:
        return None
    params: list[Param] = []
    for item in data:
        if not (isinstance(item, list | tuple) and len(item) == 3):
            return None
        name, kind, has_default = item
        if type(name) is not str or not name.isidentifier() or kind not in KINDS:
            return None
        if type(has_default) is not bool:
            return None
        params.append(Param(name, kind, has_default))
    return tuple(params)
