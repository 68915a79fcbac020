"""A property declaration that cannot work fails at the decorator, naming the assignment, the
property and the argument, instead of registering and failing in every student's report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import strategies as st

from grader.authoring import Assignment, DeclarationError
from grader.errors import GraderError

SIZES = st.integers(1, 5)


def _assignment() -> Assignment:
    a = Assignment("toy", "Toy", functions={"f": ("n",), "g": ("n",)})

    @a.property("api.dict", category="api", points=1)
    def returns_a_dict(code):
        "Returns a dict"

    return a


def _fails(message: str):
    return pytest.raises(DeclarationError, match=f"^{re.escape(message)}$")


def test_a_declaration_error_is_a_grader_error_the_command_line_shows_as_one_line():
    assert issubclass(DeclarationError, GraderError)


def test_a_given_key_that_no_parameter_takes_names_the_key_and_the_signature():
    a = _assignment()
    with _fails(
        "toy: property 'shapes.weights': given has 'n_X', which is not a parameter of "
        "weights(code, n_x, n_h)"
    ):

        @a.property(
            "shapes.weights", category="shapes", points=1, given={"n_X": SIZES, "n_h": SIZES}
        )
        def weights(code, n_x, n_h):
            "W1 is (n_h, n_x)"


def test_a_parameter_that_given_does_not_draw_is_named():
    a = _assignment()
    with _fails(
        "toy: property 'shapes.weights': weights(code, n_x, n_h) has the parameter 'n_h', "
        "which given does not draw (add given={'n_h': ...} or a default)"
    ):

        @a.property("shapes.weights", category="shapes", points=1, given={"n_x": SIZES})
        def weights(code, n_x, n_h):
            "W1 is (n_h, n_x)"


def test_a_property_that_takes_no_code_is_refused():
    a = _assignment()
    with _fails("toy: property 'p': nothing() must take the student's code as its first parameter"):

        @a.property("p", category="c", points=1)
        def nothing():
            "Nothing"


def test_parameters_with_defaults_or_keyword_catch_alls_need_no_strategy():
    a = _assignment()

    @a.property("p", category="c", points=1, given={"n": SIZES})
    def with_default(code, n, scale=2.0):
        "Takes a default"

    @a.property("q", category="c", points=1, given={"anything": SIZES})
    def catch_all(code, **drawn):
        "Takes any keyword"

    assert [p.id for p in a.properties] == ["api.dict", "p", "q"]


def test_a_given_value_that_is_not_a_strategy_is_named():
    a = _assignment()
    with _fails(
        "toy: property 'p': given['n'] must be a Hypothesis strategy (st.integers(1, 5), ...), "
        "not int"
    ):
        a.property("p", category="c", points=1, given={"n": 3})


@pytest.mark.parametrize("points", [-1, -0.5, float("nan"), float("inf"), "10", None, True])
def test_negative_or_non_numeric_points_are_refused(points):
    a = _assignment()
    with _fails(f"toy: property 'p': points={points!r} must be a number >= 0"):
        a.property("p", category="c", points=points)


def test_zero_points_are_allowed():
    a = _assignment()

    @a.property("p", category="c", points=0)
    def free(code):
        "Counts for nothing"

    assert a.get("p").points == 0


def test_depends_given_as_one_string_says_to_write_a_tuple():
    a = _assignment()
    with _fails(
        "toy: property 'p': depends='api.dict' is a string; depends takes a tuple of them: "
        "write depends=('api.dict',)"
    ):
        a.property("p", category="c", points=1, depends="api.dict")


def test_an_unknown_dependency_names_the_property_and_the_id():
    a = _assignment()
    with _fails(
        "toy: property 'p': depends names 'api.dct', which is unknown: no property declared "
        "before this one has that id (declare a dependency first)"
    ):
        a.property("p", category="c", points=1, depends=("api.dict", "api.dct"))


def test_a_dependency_on_itself_is_named():
    a = _assignment()
    with _fails("toy: property 'p': depends names the property itself"):
        a.property("p", category="c", points=1, depends=("p",))


def test_a_duplicate_id_is_refused():
    a = _assignment()
    with _fails("toy: property 'api.dict' is a duplicate: property ids must be unique"):
        a.property("api.dict", category="api", points=1)


def test_a_duplicate_registered_between_the_call_and_the_decoration_is_refused_too():
    a = _assignment()
    later = a.property("p", category="c", points=1)

    @a.property("p", category="c", points=1)
    def first(code):
        "First"

    with _fails("toy: property 'p' is a duplicate: property ids must be unique"):

        @later
        def second(code):
            "Second"


def test_roles_given_as_one_string_or_naming_no_function_are_refused():
    a = _assignment()
    with _fails(
        "toy: property 'p': roles='f' is a string; roles takes a tuple of them: write roles=('f',)"
    ):
        a.property("p", category="c", points=1, roles="f")
    with _fails(
        "toy: property 'p': roles names 'h', which is not a function of the assignment "
        "(its functions: f, g)"
    ):
        a.property("p", category="c", points=1, roles=("f", "h"))


@pytest.mark.parametrize(
    ("argument", "value", "message"),
    [
        ("examples", 0, "toy: property 'p': examples=0 must be a whole number >= 1"),
        ("examples", 2.5, "toy: property 'p': examples=2.5 must be a whole number >= 1"),
        ("timeout", 0, "toy: property 'p': timeout=0 must be a number of seconds > 0"),
        ("timeout", "5", "toy: property 'p': timeout='5' must be a number of seconds > 0"),
        ("hint", 3, "toy: property 'p': hint must be a string or None, not 3"),
        ("category", "", "toy: property 'p': category must be a non-empty string, not ''"),
    ],
)
def test_other_arguments_of_the_wrong_kind_are_named(argument, value, message):
    a = _assignment()
    arguments = {"category": "c", "points": 1, argument: value}
    with _fails(message):
        a.property("p", **arguments)


def test_an_empty_id_is_refused():
    a = _assignment()
    with _fails("toy: property '': the id must be a non-empty string, not ''"):
        a.property("", category="c", points=1)


def test_a_refused_declaration_registers_nothing():
    a = _assignment()
    with pytest.raises(DeclarationError):

        @a.property("p", category="c", points=1, given={"m": SIZES})
        def takes_n(code, n):
            "Takes n"

    assert [p.id for p in a.properties] == ["api.dict"]


def test_the_guide_quotes_the_message_a_declaration_mistake_gets():
    doc = (Path(__file__).parent.parent / "docs" / "authoring.md").read_text()
    a = Assignment("softmax", "Softmax", functions={"softmax": ("z",)})
    with pytest.raises(DeclarationError) as raised:

        @a.property("api.shape", category="api", points=2, given={"Z": st.integers()})
        def same_shape(code, z):
            "Returns a float array with the shape of z"

    assert f"```text\n{raised.value}\n```" in doc
