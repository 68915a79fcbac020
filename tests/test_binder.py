"""The binder's rules, as a specification: how a property's canonical arguments reach the
signature a student wrote (grader.binding). Pure unit tests: signatures are read here with
`inspect`, as the worker reads them."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from grader import registry
from grader.binding import (
    KEYWORD_ONLY,
    Bound,
    Param,
    SignatureMismatch,
    bind,
    parse,
    parse_one,
    show,
)
from grader.properties import Assignment, Extra, Function

TRAIN = registry.get("train-shallow")
A2 = np.array([[0.5, 0.25, 0.75]])
Y = np.array([[1.0, 0.0, 1.0]])


def signature(func: Callable[..., Any]) -> tuple[Param, ...]:
    return tuple(
        Param(p.name, p.kind.name.lower(), p.default is not p.empty)
        for p in inspect.signature(func).parameters.values()
    )


def bind_to(func: Callable[..., Any], *values: Any, assignment: Assignment = TRAIN) -> Bound:
    name = func.__name__
    return bind(name, values, assignment.functions[name], signature(func))


def call(func: Callable[..., Any], bound: Bound) -> Any:
    return func(*bound.args, **bound.kwargs)


# -- compute_cost: with and without the parameters of older course versions -------------------


def test_the_canonical_signature_gets_the_arguments_by_position_under_their_own_names():
    def compute_cost(A2, Y):
        return A2, Y

    bound = bind_to(compute_cost, A2, Y)
    assert bound.args == (A2, Y) and bound.kwargs == {}
    assert bound.labels == ("A2", "Y")


def test_a_required_parameters_gets_zero_weights_shaped_like_the_call():
    def compute_cost(A2, Y, parameters):
        return parameters

    bound = bind_to(compute_cost, A2, Y)
    assert bound.labels == ("A2", "Y", "parameters")
    parameters = call(compute_cost, bound)
    assert set(parameters) == {"W1", "b1", "W2", "b2"}
    assert parameters["W2"].shape[0] == parameters["b2"].shape[0] == A2.shape[0]
    assert parameters["W1"].shape[0] == parameters["W2"].shape[1]
    assert all(not np.any(v) for v in parameters.values())


def test_a_misspelled_parameter_falls_back_to_its_position():
    def compute_cost(A2, Y, paramaters):
        return paramaters

    bound = bind_to(compute_cost, A2, Y)
    assert bound.labels == ("A2", "Y", "paramaters")
    assert set(call(compute_cost, bound)) == {"W1", "b1", "W2", "b2"}


def test_arguments_go_by_name_whatever_the_order():
    def compute_cost(Y, A2):
        return A2, Y

    bound = bind_to(compute_cost, A2, Y)
    assert bound.labels == ("Y", "A2")
    got_A2, got_Y = call(compute_cost, bound)
    assert got_A2 is A2 and got_Y is Y


def test_an_optional_parameter_the_course_does_not_know_keeps_its_default_anywhere():
    def compute_cost(A2, eps=1e-8, Y=None, *, verbose=False):
        return A2, eps, Y, verbose

    bound = bind_to(compute_cost, A2, Y)
    assert bound.args == (A2,) and dict(bound.kwargs) == {"Y": Y}
    assert call(compute_cost, bound) == (A2, 1e-8, Y, False)


def test_an_extra_required_parameter_is_one_mismatch_naming_the_expected_forms():
    def compute_cost(A2, Y, parameters, foo):
        return 0.0

    with pytest.raises(SignatureMismatch) as caught:
        bind_to(compute_cost, A2, Y)
    assert caught.value.function == "compute_cost"
    assert str(caught.value) == (
        "compute_cost takes (A2, Y, parameters, foo): foo is not one of its parameters in the "
        "course, and has no default (remove it, or give it a default); expected "
        "compute_cost(A2, Y) or compute_cost(A2, Y, parameters)"
    )


def test_a_signature_too_short_for_the_arguments_is_a_mismatch():
    def compute_cost(A2):
        return 0.0

    with pytest.raises(SignatureMismatch, match=r"takes \(A2\): it has no parameter for Y"):
        bind_to(compute_cost, A2, Y)


# -- update_parameters: a learning rate with or without its default ----------------------------


P = {"W1": np.ones((2, 1))}
G = {"dW1": np.ones((2, 1))}


def update_with_default(parameters, grads, learning_rate=1.2):
    return learning_rate


def update_without_default(parameters, grads, learning_rate):
    return learning_rate


def update_params(params, grads, learning_rate):
    return params, grads, learning_rate


@pytest.mark.parametrize("update", [update_with_default, update_without_default, update_params])
def test_every_course_version_of_update_parameters_takes_a_given_rate(update):
    bound = bind(
        update.__name__, (P, G, 0.5), TRAIN.functions["update_parameters"], signature(update)
    )
    assert bound.args[:2] == (P, G) and bound.args[2] == 0.5 and bound.kwargs == {}


def test_a_rate_left_out_keeps_the_students_default():
    bound = bind("update_parameters", (P, G), TRAIN.functions["update_parameters"],
                 signature(update_with_default))  # fmt: skip
    assert bound.args == (P, G)  # so update.default still checks the student's default


def test_a_required_rate_left_out_gets_the_course_default():
    spec = TRAIN.functions["update_parameters"]
    for update in (update_without_default, update_params):
        bound = bind("update_parameters", (P, G), spec, signature(update))
        assert bound.args == (P, G, 1.2)
    assert bind("update_parameters", (P, G), spec, signature(update_params)).labels == (
        "params",
        "grads",
        "learning_rate",
    )


def test_no_parameter_for_a_given_rate_is_a_mismatch():
    def update_parameters(parameters, grads):
        return parameters

    with pytest.raises(SignatureMismatch, match="it has no parameter for learning_rate"):
        bind_to(update_parameters, P, G, 0.5)


# -- nn_model: the learning rate of another course version, and other extras -------------------


X = np.zeros((2, 3))


def test_nn_model_with_the_canonical_signature_leaves_print_cost_to_its_default():
    def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
        return num_iterations

    bound = bind_to(nn_model, X, Y, 4, 5)
    assert bound.args == (X, Y, 4, 5) and bound.labels == ("X", "Y", "n_h", "num_iterations")


def test_nn_model_with_a_required_learning_rate_trains_at_the_course_rate():
    def nn_model(X, Y, n_h, learning_rate, num_iterations=10000, print_cost=False):
        return learning_rate, num_iterations

    bound = bind_to(nn_model, X, Y, 4, 5)
    assert call(nn_model, bound) == (1.2, 5)
    assert bound.labels == ("X", "Y", "n_h", "learning_rate", "num_iterations")


def test_required_print_cost_is_false_and_optional_extras_anywhere_keep_defaults():
    def nn_model(X, Y, n_h, num_iterations, print_cost, seed=3):
        return print_cost, seed

    assert call(nn_model, bind_to(nn_model, X, Y, 4, 5)) == (False, 3)


def test_a_keyword_only_parameter_is_passed_by_keyword():
    def nn_model(X, Y, n_h, *, num_iterations=10000, print_cost=False):
        return num_iterations

    bound = bind_to(nn_model, X, Y, 4, 5)
    assert bound.args == (X, Y, 4) and dict(bound.kwargs) == {"num_iterations": 5}


# -- variadic signatures and undeclared functions ------------------------------------------------


def test_star_args_take_the_arguments_by_position_under_the_canonical_names():
    def compute_cost(*args):
        return args

    bound = bind_to(compute_cost, A2, Y)
    assert bound.args == (A2, Y) and bound.labels == ("A2", "Y")


def test_star_star_kwargs_take_the_arguments_by_canonical_name():
    def compute_cost(**kwargs):
        return kwargs

    bound = bind_to(compute_cost, A2, Y)
    assert bound.args == () and dict(bound.kwargs) == {"A2": A2, "Y": Y}


def test_an_unknown_signature_goes_by_position_as_given():
    bound = bind("compute_cost", (A2, Y), TRAIN.functions["compute_cost"], None)
    assert bound.args == (A2, Y) and bound.labels == ()


def test_an_undeclared_function_goes_by_position_under_the_students_names():
    def helper(z, scale=2):
        return z * scale

    bound = bind("helper", (3,), None, signature(helper))
    assert bound.args == (3,) and bound.labels == ("z",)


# -- the other assignments -------------------------------------------------------------------------


def test_init_deep_accepts_the_layers_dims_spelling_by_position():
    deep = registry.get("init-deep")

    def initialize_parameters_deep(layers_dims):
        return layers_dims

    bound = bind_to(initialize_parameters_deep, [2, 3, 1], assignment=deep)
    assert bound.args == ([2, 3, 1],) and bound.labels == ("layers_dims",)


def test_init_shallow_binds_its_canonical_signature_unchanged():
    shallow = registry.get("init-shallow")

    def initialize_parameters(n_x, n_h, n_y):
        return n_x

    bound = bind_to(initialize_parameters, 2, 3, 1, assignment=shallow)
    assert bound.args == (2, 3, 1) and bound.labels == ("n_x", "n_h", "n_y")


def test_every_declared_variant_of_every_assignment_binds_its_full_call():
    for assignment in registry.all_assignments():
        for name, spec in assignment.functions.items():
            for params in (spec.params, *spec.variants):
                required = tuple(Param(p) for p in params)
                bound = bind(name, tuple(range(len(spec.params))), spec, required)
                assert len(bound.args) == len(params), (name, params)


# -- declarations and the worker's data ----------------------------------------------------------


def test_an_assignment_may_still_declare_a_function_by_its_parameter_names():
    a = Assignment("toy", "Toy", functions={"f": ("x", "y")})
    assert a.functions["f"] == Function(("x", "y"))
    assert list(a.functions["f"]) == ["x", "y"]


def test_an_extra_is_built_from_the_given_arguments_by_canonical_name():
    spec = Function(("n",), extras={"double": Extra(make=lambda given: 2 * given["n"])})

    def f(n, double):
        return double

    assert bind("f", (21,), spec, signature(f)).args == (21, 42)


def test_signatures_are_shown_as_python_spells_them():
    def f(a, /, b, c=1, *args, d, e=2, **kwargs):
        pass

    def g(a, *, k):
        pass

    assert show(signature(f)) == "(a, /, b, c=..., *args, d, e=..., **kwargs)"
    assert show(signature(g)) == "(a, *, k)"


def test_reported_signatures_are_checked_and_anything_malformed_is_dropped():
    good = [["A2", "positional_or_keyword", False], ["k", KEYWORD_ONLY, True]]
    assert parse_one(good) == (Param("A2"), Param("k", KEYWORD_ONLY, True))
    assert parse({"f": good, "g": [["x", "sideways", False]], 3: good}) == {"f": parse_one(good)}
    for bad in (None, "f", [["not a name", "positional_or_keyword", False]], [["x", 1, 0]]):
        assert parse_one(bad) is None
    assert parse_one([["x", "positional_or_keyword", False]] * 1000) is None
