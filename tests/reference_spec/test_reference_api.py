"""The ``reference`` package exposes its public functions at the top level, documented."""

from __future__ import annotations

import inspect

import reference


def test_package_exports_the_public_api() -> None:
    expected = {
        "initialize_parameters",
        "initialize_parameters_zeros",
        "initialize_parameters_deep",
        "initialize_parameters_xavier",
        "initialize_parameters_he",
        "expected_std",
        "sigmoid",
        "layer_sizes",
        "forward_propagation",
        "compute_cost",
        "backward_propagation",
        "update_parameters",
        "nn_model",
        "predict",
        "train_steps",
        "hidden_units_identical",
        "flower",
        "blobs",
        "xor",
        "random_inputs",
        "numerical_gradient",
        "relative_error",
    }
    assert set(reference.__all__) == expected


def test_every_export_is_a_documented_type_hinted_function() -> None:
    for name in reference.__all__:
        function = getattr(reference, name)
        assert inspect.isfunction(function), name
        assert function.__doc__ and function.__doc__.strip(), name
        assert "return" in function.__annotations__, name
