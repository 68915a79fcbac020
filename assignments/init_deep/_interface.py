"""Properties of the interface: api (a dict of exactly W1..WL and b1..bL, float arrays) and
shapes (the lesson's shapes), one of each per method, so that each function is graded on its own.
"""

from __future__ import annotations

from typing import Any

from grader.authoring import Failure, StudentFailure, expect_float_array, expect_shape

from ._base import (
    ANY,
    LAYER_KEY,
    METHODS,
    Method,
    call_method,
    prop,
)

# -- api ----------------------------------------------------------------------------------------


def _expect_keys(params: dict[str, Any], method: Method, L: int) -> None:
    """Exactly W1..WL and b1..bL. api.<method> checks it first; shapes.<method> again, on
    networks api did not draw."""
    wanted = [f"{kind}{layer}" for layer in range(1, L + 1) for kind in "Wb"]
    missing = [k for k in wanted if k not in params]
    extra = sorted(str(k) for k in params if k not in wanted)
    if missing or extra:
        raise Failure(f"{method.function}: {_key_problem(missing, extra, L)}")


def _api_property(method: Method) -> None:
    def returns_dict_of_arrays(code: Any, layer_dims: list[int]) -> None:
        # The keys are the interface every later check reads, so a dict numbered from 0 or one
        # missing the last layer fails here, naming the missing and the unexpected keys.
        try:
            params = call_method(code, method, layer_dims)
        except StudentFailure as exc:
            if "IndexError" not in str(exc):
                raise
            raise Failure(
                f"{method.function}({list(layer_dims)}) raised {exc}: does the loop run one "
                f"layer too far? layer_dims has {len(layer_dims)} entries, layer_dims[0] to "
                f"layer_dims[{len(layer_dims) - 1}], so the layers are range(1, len(layer_dims))"
            ) from None
        _expect_keys(params, method, len(layer_dims) - 1)
        for key, value in params.items():
            expect_float_array(value, f"{method.function}: {key!s}")

    returns_dict_of_arrays.__doc__ = (
        f"{method.function} returns a dict of exactly W1..WL and b1..bL, numpy arrays of finite "
        "floats, for every depth"
    )
    prop(
        f"api.{method.key}",
        category="api",
        roles=(method.function,),
        points=3,
        given=ANY,
        examples=5,
        hint="Return one dict, {'W1': ..., 'b1': ..., 'W2': ...}, with one 'W' + str(l) and "
        "one 'b' + str(l) for l = 1 .. L (L = len(layer_dims) - 1), whose values are numpy "
        "arrays made with np.random.randn and np.zeros (float64).",
    )(returns_dict_of_arrays)


for _method in METHODS:
    _api_property(_method)


# -- shapes -------------------------------------------------------------------------------------


def _expect_layers(params: dict[str, Any], method: Method, layer_dims: list[int]) -> None:
    """Exactly W1..WL and b1..bL, L = len(layer_dims) - 1, with the lesson's shapes."""
    L = len(layer_dims) - 1
    _expect_keys(params, method, L)
    for layer in range(1, L + 1):
        n, n_prev = layer_dims[layer], layer_dims[layer - 1]
        expect_shape(
            params[f"W{layer}"],
            (n, n_prev),
            f"{method.function}: W{layer}",
            f"(n[{layer}], n[{layer - 1}]), one row per unit of layer {layer}",
        )
        expect_shape(
            params[f"b{layer}"],
            (n, 1),
            f"{method.function}: b{layer}",
            f"(n[{layer}], 1), one bias per unit of layer {layer}, as a column",
        )


def _key_problem(missing: list[str], extra: list[str], L: int) -> str:
    """What is wrong with the keys, and the loop bug it usually comes from."""
    parts = []
    if missing:
        parts.append("is missing " + ", ".join(missing))
    if extra:
        parts.append("has unexpected " + ", ".join(extra))
    keys = "W1 and b1" if L == 1 else f"W1..W{L} and b1..b{L}"
    said = f"the dict {' and '.join(parts)}; layer_dims of length {L + 1} describe L = {L} "
    said += f"layer{'s' if L > 1 else ''}, so expected exactly {keys}"
    loop = "loop over l = 1, ..., L, which is range(1, len(layer_dims))"
    if "W0" in extra or "b0" in extra:
        return said + (
            f" (there is no layer 0: layer_dims[0] is the input size, and the inputs have no "
            f"weights; {loop})"
        )
    if missing and missing[-1] == f"b{L}" and f"W{L}" in missing:
        return said + f" (the last layer is missing: {loop})"
    beyond = [k for k in extra if (m := LAYER_KEY.match(k)) and int(m.group(2)) > L]
    if beyond and len(beyond) == len(extra) and not missing:
        return said + (
            " (layers beyond L: is the dict created outside the function, so that it keeps "
            "the layers of earlier calls? Start from parameters = {} inside the function)"
        )
    if any(LAYER_KEY.match(k) is None for k in extra):
        return said + (
            " (key names are exact and case-sensitive: 'W' + str(l) and 'b' + str(l), "
            "as in 'W1', 'b1')"
        )
    return said


def _shapes_property(method: Method) -> None:
    def layers_have_shapes(code: Any, layer_dims: list[int]) -> None:
        params = call_method(code, method, layer_dims)
        _expect_layers(params, method, layer_dims)

    # The docstring's first line is the title the student reads (set before registering).
    layers_have_shapes.__doc__ = (
        f"{method.function} returns W1..WL of shape (n[l], n[l-1]) and b1..bL of shape (n[l], 1)"
    )
    prop(
        f"shapes.{method.key}",
        category="shapes",
        roles=(method.function,),
        points=6,
        given=ANY,
        depends=(f"api.{method.key}",),
        examples=5,
        hint="For l = 1 .. L: W{l} is np.random.randn(layer_dims[l], layer_dims[l-1]) times the "
        "scale, one row per unit of layer l; b{l} is np.zeros((layer_dims[l], 1)).",
    )(layers_have_shapes)


for _method in METHODS:
    _shapes_property(_method)
