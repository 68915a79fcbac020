"""Course-shaped notebooks, assembled from cell snippets, for the course corpus tests and benchmarks.

Two lessons of the best-known course for this material, in the shape their students hand them in:

* the planar-data lesson ("one hidden layer"), graded as `train-shallow`: helper imports that the
  grader may lack (sklearn, h5py, the course's test-case modules), `%matplotlib inline`, the
  flower loaded from `planar_utils`, scatter plots, a logistic-regression baseline, the eight
  functions each followed by a test-helper call, the template's asserts inside them, and top-level
  training: 10,000 iterations, the hidden-size sweep, a student's own bigger sweep, the extra
  datasets;
* "Building your Deep Neural Network: Step by Step", whose `initialize_parameters(n_x, n_h, n_y)`
  is graded as `init-shallow`: `dnn_utils` imports, h5py, every function of the lesson and its
  test-helper calls.

A variant is a small declaration (`Planar(signatures="2018", bug="update_plus")`), not a copy:
the function snippets are written once and a bug is one textual replacement inside one function.
Notebooks are written to disk only by the caller (tests write them into temporary folders).

Everything here is written for this project from the lessons' documented structure; the helper
modules a notebook imports are the grader's own clean-room ones in assignments/support/.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SUPPORT = ROOT / "assignments" / "support"

#: The cost of the top-level cells a kernel would run, on this 2-core machine, with the lesson's
#: vectorised functions: the student's bigger sweep alone is ~75 s (n_h = 400 takes ~1.7 ms per
#: iteration). A grader that ran it would pass the 20 s load timeout and report a load error,
#: which is how the tests see that it was skipped, without timing anything.
BIG_SWEEP = (100, 200, 400)
BIG_SWEEP_ITERATIONS = 25_000


# -- notebook assembly -----------------------------------------------------------------------------


def _cell(kind: str, text: str) -> dict[str, Any]:
    cell: dict[str, Any] = {
        "cell_type": kind,
        "metadata": {},
        "source": text.strip("\n").splitlines(keepends=True),
    }
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def notebook(cells: list[tuple[str, str]]) -> dict[str, Any]:
    """An nbformat-4 notebook of ("markdown" | "code", source) cells, with a Python 3 kernel."""
    return {
        "cells": [_cell(kind, text) for kind, text in cells],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "version": "3.7.6"},
            "coursera": {"course_slug": "neural-networks-deep-learning"},
        },
        "nbformat": 4,
        "nbformat_minor": 4,
    }


def write(nb: dict[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _replace(source: str, old: str, new: str, what: str) -> str:
    if old not in source:
        raise ValueError(f"{what}: {old!r} does not occur in the function it is meant to change")
    return source.replace(old, new)


# -- helper modules beside a notebook --------------------------------------------------------------

#: The course's test-case module, as a student's folder holds it: inputs for each function's
#: test cell. Its own values (drawn from a seeded generator), written for these tests.
TEST_CASES = '''"""Inputs for the planar lesson's test cells."""
import numpy as np

_rng = np.random.default_rng(2)


def _params(n_x=2, n_h=4):
    return {"W1": _rng.normal(0, 0.01, (n_h, n_x)), "b1": np.zeros((n_h, 1)),
            "W2": _rng.normal(0, 0.01, (1, n_h)), "b2": np.zeros((1, 1))}


def layer_sizes_test_case():
    return _rng.normal(size=(5, 3)), _rng.normal(size=(2, 3))


def initialize_parameters_test_case():
    return 2, 4, 1


def forward_propagation_test_case():
    return _rng.normal(size=(2, 3)), _params()


def compute_cost_test_case():
    return _rng.uniform(0.1, 0.9, (1, 3)), (_rng.uniform(size=(1, 3)) > 0.5).astype(float), _params()


def backward_propagation_test_case():
    X, parameters = forward_propagation_test_case()
    A1 = np.tanh(parameters["W1"] @ X)
    A2 = 1 / (1 + np.exp(-(parameters["W2"] @ A1)))
    cache = {"Z1": parameters["W1"] @ X, "A1": A1, "Z2": parameters["W2"] @ A1, "A2": A2}
    return parameters, cache, X, (_rng.uniform(size=(1, 3)) > 0.5).astype(float)


def update_parameters_test_case():
    parameters = _params()
    grads = {"d" + key: _rng.normal(0, 0.001, value.shape) for key, value in parameters.items()}
    return parameters, grads


def nn_model_test_case():
    return _rng.normal(size=(2, 3)), (_rng.uniform(size=(1, 3)) > 0.5).astype(float)


def predict_test_case():
    return _params(), _rng.normal(size=(2, 3))
'''


def write_helpers(folder: Path, lesson: str = "planar") -> list[Path]:
    """Put the lesson's helper modules into `folder`, as a course's download has them beside the
    notebook: the grader's clean-room helpers, and (planar) a test-case module."""
    folder.mkdir(parents=True, exist_ok=True)
    names = ["planar_utils.py"] if lesson == "planar" else ["dnn_utils.py", "dnn_utils_v2.py"]
    written = [Path(shutil.copy(SUPPORT / name, folder / name)) for name in names]
    if lesson == "planar":
        written.append(folder / "testCases_v2.py")
        written[-1].write_text(TEST_CASES)
    return written


# -- the planar lesson (train-shallow) --------------------------------------------------------------

#: Course versions differ in these signatures (see `Planar.signatures`).
_COST_HEAD = {
    "2018": "def compute_cost(A2, Y, parameters):",
    "2021": "def compute_cost(A2, Y):",
    "community": "def compute_cost(A2, Y):",
}
_UPDATE_HEAD = {
    "2018": "def update_parameters(parameters, grads, learning_rate = 1.2):",
    "2021": "def update_parameters(parameters, grads, learning_rate = 1.2):",
    "community": "def update_parameters(params, grads, learning_rate):",
}
_NN_HEAD = {
    "2018": "def nn_model(X, Y, n_h, num_iterations = 10000, print_cost=False):",
    "2021": "def nn_model(X, Y, n_h, num_iterations = 10000, print_cost=False):",
    "community": "def nn_model(X, Y, n_h, learning_rate, num_iterations = 10000, print_cost=False):",
}


def _planar_functions(signatures: str, seeded: bool) -> dict[str, str]:
    """The eight functions of the planar lesson, correct, as one course version writes them."""
    old = signatures == "2018"
    seed_init = "    np.random.seed(2)\n" if seeded else ""
    seed_model = "    np.random.seed(3)\n" if seeded else ""
    cost_weights = "    W1 = parameters['W1']\n    W2 = parameters['W2']\n\n" if old else ""
    cost_end = (
        "    cost = np.squeeze(cost)     # [[17]] -> 17\n    assert(isinstance(cost, float))\n"
        if old
        else "    cost = float(np.squeeze(cost))\n"
    )
    cost_call = "compute_cost(A2, Y, parameters)" if old else "compute_cost(A2, Y)"
    community = signatures == "community"
    params = "params" if community else "parameters"
    copy_in = (
        f"    W1 = copy.deepcopy({params}['W1'])\n    b1 = copy.deepcopy({params}['b1'])\n"
        f"    W2 = copy.deepcopy({params}['W2'])\n    b2 = copy.deepcopy({params}['b2'])\n"
        if signatures == "2021"
        else f"    W1 = {params}['W1']\n    b1 = {params}['b1']\n"
        f"    W2 = {params}['W2']\n    b2 = {params}['b2']\n"
    )
    update_call = (
        "update_parameters(parameters, grads, learning_rate)"
        if community
        else "update_parameters(parameters, grads)"
    )
    return {
        "layer_sizes": """
# GRADED FUNCTION: layer_sizes

def layer_sizes(X, Y):
    ### START CODE HERE ### (≈ 3 lines of code)
    n_x = X.shape[0] # size of input layer
    n_h = 4
    n_y = Y.shape[0] # size of output layer
    ### END CODE HERE ###
    return (n_x, n_h, n_y)
""",
        "initialize_parameters": f"""
# GRADED FUNCTION: initialize_parameters

def initialize_parameters(n_x, n_h, n_y):
{seed_init}    ### START CODE HERE ### (≈ 4 lines of code)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    ### END CODE HERE ###

    assert (W1.shape == (n_h, n_x))
    assert (b1.shape == (n_h, 1))
    assert (W2.shape == (n_y, n_h))
    assert (b2.shape == (n_y, 1))

    parameters = {{"W1": W1,
                  "b1": b1,
                  "W2": W2,
                  "b2": b2}}

    return parameters
""",
        "forward_propagation": """
# GRADED FUNCTION: forward_propagation

def forward_propagation(X, parameters):
    # Retrieve each parameter from the dictionary "parameters"
    ### START CODE HERE ### (≈ 4 lines of code)
    W1 = parameters['W1']
    b1 = parameters['b1']
    W2 = parameters['W2']
    b2 = parameters['b2']
    ### END CODE HERE ###

    # Implement Forward Propagation to calculate A2 (probabilities)
    ### START CODE HERE ### (≈ 4 lines of code)
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    ### END CODE HERE ###

    assert(A2.shape == (1, X.shape[1]))

    cache = {"Z1": Z1,
             "A1": A1,
             "Z2": Z2,
             "A2": A2}

    return A2, cache
""",
        "compute_cost": f"""
# GRADED FUNCTION: compute_cost

{_COST_HEAD[signatures]}
    m = Y.shape[1] # number of examples

{cost_weights}    # Compute the cross-entropy cost
    ### START CODE HERE ### (≈ 2 lines of code)
    logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)
    cost = - np.sum(logprobs) / m
    ### END CODE HERE ###

{cost_end}
    return cost
""",
        "backward_propagation": """
# GRADED FUNCTION: backward_propagation

def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]

    # First, retrieve W1 and W2 from the dictionary "parameters".
    ### START CODE HERE ### (≈ 2 lines of code)
    W1 = parameters['W1']
    W2 = parameters['W2']
    ### END CODE HERE ###

    # Retrieve also A1 and A2 from dictionary "cache".
    ### START CODE HERE ### (≈ 2 lines of code)
    A1 = cache['A1']
    A2 = cache['A2']
    ### END CODE HERE ###

    # Backward propagation: calculate dW1, db1, dW2, db2.
    ### START CODE HERE ### (≈ 6 lines of code, corresponding to 6 equations on slide above)
    dZ2 = A2 - Y
    dW2 = (1 / m) * np.dot(dZ2, A1.T)
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = np.multiply(np.dot(W2.T, dZ2), (1 - np.power(A1, 2)))
    dW1 = (1 / m) * np.dot(dZ1, X.T)
    db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
    ### END CODE HERE ###

    grads = {"dW1": dW1,
             "db1": db1,
             "dW2": dW2,
             "db2": db2}

    return grads
""",
        "update_parameters": f"""
# GRADED FUNCTION: update_parameters

{_UPDATE_HEAD[signatures]}
    # Retrieve each parameter from the dictionary "parameters"
    ### START CODE HERE ### (≈ 4 lines of code)
{copy_in}    ### END CODE HERE ###

    # Retrieve each gradient from the dictionary "grads"
    ### START CODE HERE ### (≈ 4 lines of code)
    dW1 = grads['dW1']
    db1 = grads['db1']
    dW2 = grads['dW2']
    db2 = grads['db2']
    ## END CODE HERE ###

    # Update rule for each parameter
    ### START CODE HERE ### (≈ 4 lines of code)
    W1 = W1 - learning_rate * dW1
    b1 = b1 - learning_rate * db1
    W2 = W2 - learning_rate * dW2
    b2 = b2 - learning_rate * db2
    ### END CODE HERE ###

    {params} = {{"W1": W1,
                  "b1": b1,
                  "W2": W2,
                  "b2": b2}}

    return {params}
""",
        "nn_model": f"""
# GRADED FUNCTION: nn_model

{_NN_HEAD[signatures]}
{seed_model}    n_x = layer_sizes(X, Y)[0]
    n_y = layer_sizes(X, Y)[2]

    # Initialize parameters
    ### START CODE HERE ### (≈ 1 line of code)
    parameters = initialize_parameters(n_x, n_h, n_y)
    ### END CODE HERE ###

    # Loop (gradient descent)
    for i in range(0, num_iterations):

        ### START CODE HERE ### (≈ 4 lines of code)
        # Forward propagation. Inputs: "X, parameters". Outputs: "A2, cache".
        A2, cache = forward_propagation(X, parameters)

        # Cost function. Inputs: "A2, Y". Outputs: "cost".
        cost = {cost_call}

        # Backpropagation. Inputs: "parameters, cache, X, Y". Outputs: "grads".
        grads = backward_propagation(parameters, cache, X, Y)

        # Gradient descent parameter update. Inputs: "parameters, grads". Outputs: "parameters".
        parameters = {update_call}
        ### END CODE HERE ###

        # Print the cost every 1000 iterations
        if print_cost and i % 1000 == 0:
            print ("Cost after iteration %i: %f" %(i, cost))

    return parameters
""",
        "predict": """
# GRADED FUNCTION: predict

def predict(parameters, X):
    # Computes probabilities using forward propagation, and classifies to 0/1 using 0.5 as the threshold.
    ### START CODE HERE ### (≈ 2 lines of code)
    A2, cache = forward_propagation(X, parameters)
    predictions = (A2 > 0.5)
    ### END CODE HERE ###

    return predictions
""",
    }


@dataclass(frozen=True)
class Bug:
    """One real mistake: `old` becomes `new` inside `function`; `note` says what it is."""

    function: str
    old: str
    new: str
    note: str


PLANAR_BUGS: dict[str, Bug] = {
    "tanh_derivative": Bug(
        "backward_propagation",
        "(1 - np.power(A1, 2))",
        "(1 - A1)",
        "dZ1 uses 1 - A1 instead of tanh's derivative 1 - A1**2",
    ),
    "cost_sign": Bug(
        "compute_cost",
        "cost = - np.sum(logprobs) / m",
        "cost = np.sum(logprobs) / m",
        "the minus sign in front of the sum forgotten: the cost is negative",
    ),
    "cost_wrong_axis": Bug(
        "compute_cost",
        "cost = - np.sum(logprobs) / m",
        "cost = - np.sum(logprobs, axis=0) / m",
        "the sum runs over axis 0, leaving one cost per example, which float() cannot take",
    ),
    "b2_in_hidden": Bug(
        "forward_propagation",
        "Z1 = np.dot(W1, X) + b1",
        "Z1 = np.dot(W1, X) + b2",
        "the hidden layer adds b2 (a copy-paste slip): Z1 = np.dot(W1, X) + b2",
    ),
    "update_plus": Bug(
        "update_parameters",
        " - learning_rate * ",
        " + learning_rate * ",
        "gradient ascent: every parameter moves by + learning_rate * gradient",
    ),
    "threshold_06": Bug(
        "predict",
        "predictions = (A2 > 0.5)",
        "predictions = (A2 >= 0.6)",
        "predict labels 1 only from a probability of 0.6",
    ),
    "n_x_hard_coded": Bug(
        "nn_model",
        "n_x = layer_sizes(X, Y)[0]",
        "n_x = 2",
        "nn_model hard-codes the flower's n_x = 2 instead of reading it from X",
    ),
}


#: The imports of a notebook stripped to its functions; sigmoid is defined in place of the
#: planar_utils import, so the stripped form grades the same with or without helpers.
_STRIPPED_HEAD = (
    "import copy\n\nimport numpy as np\n\n\ndef sigmoid(x):\n    return 1 / (1 + np.exp(-x))\n"
)


#: A student's own settings cell, and where graded functions read it (Planar.settings).
_SETTINGS = """
# my settings
THRESHOLD = 0.5  # probability above which predict says 1
rng = np.random.default_rng(1)
"""
_SETTINGS_USES = (
    ("predict", "predictions = (A2 > 0.5)", "predictions = (A2 > THRESHOLD)"),
    (
        "initialize_parameters",
        "np.random.randn(n_h, n_x) * 0.01",
        "rng.standard_normal((n_h, n_x)) * 0.01",
    ),
    (
        "initialize_parameters",
        "np.random.randn(n_y, n_h) * 0.01",
        "rng.standard_normal((n_y, n_h)) * 0.01",
    ),
)


@dataclass(frozen=True)
class Planar:
    """A planar-lesson notebook.

    signatures: "2018" (compute_cost(A2, Y, parameters), whose body reads W1 and ignores it;
    asserts isinstance(cost, float)), "2021" (compute_cost(A2, Y); update by copy.deepcopy) or
    "community" (update_parameters(params, grads, learning_rate) without a default, and
    nn_model(X, Y, n_h, learning_rate, ...) passing it on). seeded: np.random.seed inside
    initialize_parameters and nn_model, as the 2018 template does. bug: a key of PLANAR_BUGS.
    Every notebook imports sklearn and h5py, which the grader's environment lacks, and has the
    top-level driver cells: 10,000 iterations, the hidden-size sweep, the student's own bigger
    sweep (~75 s), the extra datasets. settings: a student's own module-level values that graded functions read: a threshold
    constant in predict and a generator `rng = np.random.default_rng(1)` in
    initialize_parameters, defined in a cell of their own after the imports. utils: the module
    the first cell imports sigmoid and the dataset loaders from.
    """

    signatures: str = "2021"
    seeded: bool = False
    bug: str | None = None
    settings: bool = False
    utils: str = "planar_utils"

    def functions(self) -> dict[str, str]:
        functions = _planar_functions(self.signatures, self.seeded)
        if self.bug is not None:
            bug = PLANAR_BUGS[self.bug]
            functions[bug.function] = _replace(
                functions[bug.function], bug.old, bug.new, f"bug {self.bug}"
            )
        if self.settings:
            for function, old, new in _SETTINGS_USES:
                functions[function] = _replace(functions[function], old, new, "settings")
        return functions

    def cells(self) -> list[tuple[str, str]]:
        f = self.functions()
        new = self.signatures != "2018"
        cost_args = "A2, Y_assess" if new else "A2, Y_assess, parameters"
        model_rate = "learning_rate = 1.2, " if self.signatures == "community" else ""
        update_rate = ", 1.2" if self.signatures == "community" else ""
        cells: list[tuple[str, str]] = [
            ("markdown", "# Planar data classification with one hidden layer\n\n"
             "Build a network with one hidden layer and compare it with logistic regression."),
            ("markdown", "## 1 - Packages"),
            ("code", f"""
# Package imports
import numpy as np
import copy
import matplotlib.pyplot as plt
from testCases_v2 import *
{"from public_tests import *" if new else ""}
import sklearn
import sklearn.datasets
import sklearn.linear_model
import h5py
from {self.utils} import plot_decision_boundary, sigmoid, load_planar_dataset, load_extra_datasets

%matplotlib inline
%load_ext autoreload
%autoreload 2

np.random.seed(1) # set a seed so that the results are consistent
"""),
            *([("code", _SETTINGS)] if self.settings else []),
            ("markdown", "## 2 - Dataset"),
            ("code", "X, Y = load_planar_dataset()"),
            ("code", "# Visualize the data:\nplt.scatter(X[0, :], X[1, :], c=Y, s=40, cmap=plt.cm.Spectral);"),
            ("code", """
### START CODE HERE ### (≈ 3 lines of code)
shape_X = X.shape
shape_Y = Y.shape
m = Y.shape[1]  # training set size
### END CODE HERE ###

print ('The shape of X is: ' + str(shape_X))
print ('The shape of Y is: ' + str(shape_Y))
print ('I have m = %d training examples!' % (m))
"""),
            ("markdown", "## 3 - Simple Logistic Regression"),
            ("code", """
# Train the logistic regression classifier
clf = sklearn.linear_model.LogisticRegressionCV();
clf.fit(X.T, Y.T.ravel());
"""),
            ("code", """
# Plot the decision boundary for logistic regression
plot_decision_boundary(lambda x: clf.predict(x), X, Y)
plt.title("Logistic Regression")

# Print accuracy
LR_predictions = clf.predict(X.T)
print ('Accuracy of logistic regression: %d ' % float((np.dot(Y,LR_predictions) + np.dot(1-Y,1-LR_predictions))/float(Y.size)*100) +
       '% ' + "(percentage of correctly labelled datapoints)")
"""),
            ("markdown", "## 4 - Neural Network model\n\n$$a^{[1] (i)} = \\tanh(z^{[1] (i)})$$"),
            ("code", f["layer_sizes"]),
            ("code", """
X_assess, Y_assess = layer_sizes_test_case()
(n_x, n_h, n_y) = layer_sizes(X_assess, Y_assess)
print("The size of the input layer is: n_x = " + str(n_x))
print("The size of the hidden layer is: n_h = " + str(n_h))
print("The size of the output layer is: n_y = " + str(n_y))
""" + ("\nlayer_sizes_test(layer_sizes)" if new else "")),
            ("code", f["initialize_parameters"]),
            ("code", """
n_x, n_h, n_y = initialize_parameters_test_case()
parameters = initialize_parameters(n_x, n_h, n_y)
print("W1 = " + str(parameters["W1"]))
print("b1 = " + str(parameters["b1"]))
print("W2 = " + str(parameters["W2"]))
print("b2 = " + str(parameters["b2"]))
""" + ("\ninitialize_parameters_test(initialize_parameters)" if new else "")),
            ("code", f["forward_propagation"]),
            ("code", """
X_assess, parameters = forward_propagation_test_case()
A2, cache = forward_propagation(X_assess, parameters)
print(np.mean(cache['Z1']) ,np.mean(cache['A1']),np.mean(cache['Z2']),np.mean(cache['A2']))
"""),
            ("code", f["compute_cost"]),
            ("code", f"""
A2, Y_assess, parameters = compute_cost_test_case()
print("cost = " + str(compute_cost({cost_args})))
"""),
            ("code", f["backward_propagation"]),
            ("code", """
parameters, cache, X_assess, Y_assess = backward_propagation_test_case()
grads = backward_propagation(parameters, cache, X_assess, Y_assess)
print ("dW1 = "+ str(grads["dW1"]))
print ("db1 = "+ str(grads["db1"]))
print ("dW2 = "+ str(grads["dW2"]))
print ("db2 = "+ str(grads["db2"]))
"""),
            ("code", f["update_parameters"]),
            ("code", f"""
parameters, grads = update_parameters_test_case()
parameters = update_parameters(parameters, grads{update_rate})
print("W1 = " + str(parameters["W1"]))
print("b2 = " + str(parameters["b2"]))
"""),
            ("code", f["nn_model"]),
            ("code", f"""
X_assess, Y_assess = nn_model_test_case()
parameters = nn_model(X_assess, Y_assess, 4, {model_rate}num_iterations=10000, print_cost=True)
print("W1 = " + str(parameters["W1"]))
"""),
            ("code", f["predict"]),
            ("code", """
parameters, X_assess = predict_test_case()
predictions = predict(parameters, X_assess)
print("predictions mean = " + str(np.mean(predictions)))
"""),
        ]  # fmt: skip
        cells += _planar_training(model_rate)
        cells.append(("markdown", "Congrats on finishing this assignment!"))
        return cells

    def notebook(self) -> dict[str, Any]:
        return notebook(self.cells())

    def stripped(self) -> str:
        """The same functions alone, as a .py a student could hand in: numpy, sigmoid defined in
        place of the planar_utils import (which a grader without the helpers lacks), copy."""
        head = _STRIPPED_HEAD + (_SETTINGS + "\n" if self.settings else "")
        return head + "\n" + "\n".join(self.functions().values())

    def stripped_notebook(self) -> dict[str, Any]:
        """The notebook stripped to its functions: an imports cell (sigmoid defined in place of
        the planar_utils import) and one cell per function, no top-level code."""
        return notebook(
            [("code", _STRIPPED_HEAD + (_SETTINGS if self.settings else ""))]
            + [("code", f) for f in self.functions().values()]
        )


def _planar_training(model_rate: str) -> list[tuple[str, str]]:
    """The lesson's top-level driver cells, and a student's own longer experiment."""
    return [
        ("markdown", "## 5 - Train and evaluate"),
        ("code", f"""
# Build a model with a n_h-dimensional hidden layer
parameters = nn_model(X, Y, n_h = 4, {model_rate}num_iterations = 10000, print_cost=True)

# Plot the decision boundary
plot_decision_boundary(lambda x: predict(parameters, x.T), X, Y)
plt.title("Decision Boundary for hidden layer size " + str(4))
"""),
        ("code", """
# Print accuracy
predictions = predict(parameters, X)
print ('Accuracy: %d' % float((np.dot(Y,predictions.T) + np.dot(1-Y,1-predictions.T))/float(Y.size)*100) + '%')
"""),
        ("markdown", "## 6 - Tuning hidden layer size"),
        ("code", f"""
# This may take about 2 minutes to run

plt.figure(figsize=(16, 32))
hidden_layer_sizes = [1, 2, 3, 4, 5, 20, 50]
for i, n_h in enumerate(hidden_layer_sizes):
    plt.subplot(5, 2, i+1)
    plt.title('Hidden Layer of size %d' % n_h)
    parameters = nn_model(X, Y, n_h, {model_rate}num_iterations = 5000)
    plot_decision_boundary(lambda x: predict(parameters, x.T), X, Y)
    predictions = predict(parameters, X)
    accuracy = float((np.dot(Y,predictions.T) + np.dot(1-Y,1-predictions.T))/float(Y.size)*100)
    print ("Accuracy for {{}} hidden units: {{}} %".format(n_h, accuracy))
"""),
        ("code", f"""
# My own experiment: do much bigger hidden layers help if they train for longer?
for n_h in {list(BIG_SWEEP)}:
    parameters = nn_model(X, Y, n_h, {model_rate}num_iterations = {BIG_SWEEP_ITERATIONS})
    predictions = predict(parameters, X)
    print(n_h, float(np.mean(predictions == Y)))
"""),
        ("markdown", "## 7 - Performance on other datasets"),
        ("code", """
# Datasets
noisy_circles, noisy_moons, blobs, gaussian_quantiles, no_structure = load_extra_datasets()

datasets = {"noisy_circles": noisy_circles,
            "noisy_moons": noisy_moons,
            "blobs": blobs,
            "gaussian_quantiles": gaussian_quantiles}

### START CODE HERE ### (choose your dataset)
dataset = "noisy_moons"
### END CODE HERE ###

X, Y = datasets[dataset]
X, Y = X.T, Y.reshape(1, Y.shape[0])

# make blobs binary
if dataset == "blobs":
    Y = Y%2

# Visualize the data
plt.scatter(X[0, :], X[1, :], c=Y, s=40, cmap=plt.cm.Spectral);
"""),
    ]  # fmt: skip


# -- Building your Deep Neural Network: Step by Step (init-shallow) --------------------------------

_DEEP_STEP_FUNCTIONS = """
# GRADED FUNCTION: initialize_parameters

def initialize_parameters(n_x, n_h, n_y):
{seed}    ### START CODE HERE ### (≈ 4 lines of code)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    ### END CODE HERE ###

    assert(W1.shape == (n_h, n_x))
    assert(b1.shape == (n_h, 1))
    assert(W2.shape == (n_y, n_h))
    assert(b2.shape == (n_y, 1))

    parameters = {{"W1": W1,
                  "b1": b1,
                  "W2": W2,
                  "b2": b2}}

    return parameters
@@
parameters = initialize_parameters(3,2,1)

print("W1 = " + str(parameters["W1"]))
print("b1 = " + str(parameters["b1"]))
print("W2 = " + str(parameters["W2"]))
print("b2 = " + str(parameters["b2"]))

initialize_parameters_test(initialize_parameters)
@@
# GRADED FUNCTION: initialize_parameters_deep

def initialize_parameters_deep(layer_dims):
{seed_deep}    parameters = {{}}
    L = len(layer_dims) # number of layers in the network

    for l in range(1, L):
        ### START CODE HERE ### (≈ 2 lines of code)
        parameters['W' + str(l)] = np.random.randn(layer_dims[l], layer_dims[l-1]) * 0.01
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
        ### END CODE HERE ###

        assert(parameters['W' + str(l)].shape == (layer_dims[l], layer_dims[l - 1]))
        assert(parameters['b' + str(l)].shape == (layer_dims[l], 1))

    return parameters
@@
parameters = initialize_parameters_deep([5,4,3])

print("W1 = " + str(parameters["W1"]))
print("b1 = " + str(parameters["b1"]))

initialize_parameters_deep_test(initialize_parameters_deep)
@@
# GRADED FUNCTION: linear_forward

def linear_forward(A, W, b):
    ### START CODE HERE ### (≈ 1 line of code)
    Z = np.dot(W, A) + b
    ### END CODE HERE ###
    cache = (A, W, b)

    return Z, cache
@@
t_A, t_W, t_b = linear_forward_test_case()
t_Z, t_linear_cache = linear_forward(t_A, t_W, t_b)
print("Z = " + str(t_Z))

linear_forward_test(linear_forward)
@@
# GRADED FUNCTION: linear_activation_forward

def linear_activation_forward(A_prev, W, b, activation):
    if activation == "sigmoid":
        ### START CODE HERE ### (≈ 2 lines of code)
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = sigmoid(Z)
        ### END CODE HERE ###

    elif activation == "relu":
        ### START CODE HERE ### (≈ 2 lines of code)
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = relu(Z)
        ### END CODE HERE ###
    cache = (linear_cache, activation_cache)

    return A, cache
@@
t_A_prev, t_W, t_b = linear_activation_forward_test_case()

t_A, t_linear_activation_cache = linear_activation_forward(t_A_prev, t_W, t_b, activation = "sigmoid")
print("With sigmoid: A = " + str(t_A))

t_A, t_linear_activation_cache = linear_activation_forward(t_A_prev, t_W, t_b, activation = "relu")
print("With ReLU: A = " + str(t_A))

linear_activation_forward_test(linear_activation_forward)
@@
# GRADED FUNCTION: L_model_forward

def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2                  # number of layers in the neural network

    for l in range(1, L):
        A_prev = A
        ### START CODE HERE ### (≈ 2 lines of code)
        A, cache = linear_activation_forward(A_prev, parameters['W' + str(l)], parameters['b' + str(l)], activation = "relu")
        caches.append(cache)
        ### END CODE HERE ###

    ### START CODE HERE ### (≈ 2 lines of code)
    AL, cache = linear_activation_forward(A, parameters['W' + str(L)], parameters['b' + str(L)], activation = "sigmoid")
    caches.append(cache)
    ### END CODE HERE ###

    return AL, caches
@@
t_X, t_parameters = L_model_forward_test_case_2hidden()
t_AL, t_caches = L_model_forward(t_X, t_parameters)

print("AL = " + str(t_AL))

L_model_forward_test(L_model_forward)
@@
# GRADED FUNCTION: compute_cost

def compute_cost(AL, Y):
    m = Y.shape[1]

    # Compute loss from aL and y.
    ### START CODE HERE ### (≈ 1 lines of code)
    cost = -(1 / m) * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
    ### END CODE HERE ###

    cost = np.squeeze(cost)      # [[17]] -> 17

    return cost
@@
t_Y, t_AL = compute_cost_test_case()
t_cost = compute_cost(t_AL, t_Y)

print("Cost: " + str(t_cost))

compute_cost_test(compute_cost)
@@
# GRADED FUNCTION: linear_backward

def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]

    ### START CODE HERE ### (≈ 3 lines of code)
    dW = (1 / m) * np.dot(dZ, A_prev.T)
    db = (1 / m) * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    ### END CODE HERE ###

    return dA_prev, dW, db
@@
t_dZ, t_linear_cache = linear_backward_test_case()
t_dA_prev, t_dW, t_db = linear_backward(t_dZ, t_linear_cache)

print("dA_prev: " + str(t_dA_prev))

linear_backward_test(linear_backward)
@@
# GRADED FUNCTION: linear_activation_backward

def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache

    if activation == "relu":
        ### START CODE HERE ### (≈ 2 lines of code)
        dZ = relu_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
        ### END CODE HERE ###

    elif activation == "sigmoid":
        ### START CODE HERE ### (≈ 2 lines of code)
        dZ = sigmoid_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
        ### END CODE HERE ###

    return dA_prev, dW, db
@@
t_dAL, t_linear_activation_cache = linear_activation_backward_test_case()

t_dA_prev, t_dW, t_db = linear_activation_backward(t_dAL, t_linear_activation_cache, activation = "sigmoid")
print("With sigmoid: dA_prev = " + str(t_dA_prev))

linear_activation_backward_test(linear_activation_backward)
@@
# GRADED FUNCTION: L_model_backward

def L_model_backward(AL, Y, caches):
    grads = {{}}
    L = len(caches) # the number of layers
    m = AL.shape[1]
    Y = Y.reshape(AL.shape) # after this line, Y is the same shape as AL

    # Initializing the backpropagation
    ### START CODE HERE ### (1 line of code)
    dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    ### END CODE HERE ###

    # Lth layer (SIGMOID -> LINEAR) gradients.
    ### START CODE HERE ### (approx. 5 lines)
    current_cache = caches[L - 1]
    dA_prev_temp, dW_temp, db_temp = linear_activation_backward(dAL, current_cache, "sigmoid")
    grads["dA" + str(L-1)] = dA_prev_temp
    grads["dW" + str(L)] = dW_temp
    grads["db" + str(L)] = db_temp
    ### END CODE HERE ###

    # Loop from l=L-2 to l=0
    for l in reversed(range(L-1)):
        # lth layer: (RELU -> LINEAR) gradients.
        ### START CODE HERE ### (approx. 5 lines)
        current_cache = caches[l]
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(grads["dA" + str(l + 1)], current_cache, "relu")
        grads["dA" + str(l)] = dA_prev_temp
        grads["dW" + str(l + 1)] = dW_temp
        grads["db" + str(l + 1)] = db_temp
        ### END CODE HERE ###

    return grads
@@
t_AL, t_Y_assess, t_caches = L_model_backward_test_case()
grads = L_model_backward(t_AL, t_Y_assess, t_caches)

print("dA0 = " + str(grads['dA0']))

L_model_backward_test(L_model_backward)
@@
# GRADED FUNCTION: update_parameters

def update_parameters(params, grads, learning_rate):
    parameters = params.copy()
    L = len(parameters) // 2 # number of layers in the neural network

    # Update rule for each parameter. Use a for loop.
    ### START CODE HERE ### (≈ 2 lines of code)
    for l in range(L):
        parameters["W" + str(l+1)] = parameters["W" + str(l+1)] - learning_rate * grads["dW" + str(l+1)]
        parameters["b" + str(l+1)] = parameters["b" + str(l+1)] - learning_rate * grads["db" + str(l+1)]
    ### END CODE HERE ###
    return parameters
@@
t_parameters, grads = update_parameters_test_case()
t_parameters = update_parameters(t_parameters, grads, 0.1)

print ("W1 = "+ str(t_parameters["W1"]))

update_parameters_test(update_parameters)
"""

DEEP_STEP_BUGS: dict[str, Bug] = {
    "W2_unscaled": Bug(
        "initialize_parameters",
        "W2 = np.random.randn(n_y, n_h) * 0.01",
        "W2 = np.random.randn(n_y, n_h)",
        "the * 0.01 forgotten on W2 (standard deviation 1)",
    ),
    # The Step by Step notebook's own bugs, graded as train-deep (two of them seen in
    # published solutions: the reused dA and sigmoid_backward for the hidden layers).
    "reuse_dA_L": Bug(
        "L_model_backward",
        'linear_activation_backward(grads["dA" + str(l + 1)], current_cache, "relu")',
        'linear_activation_backward(grads["dA" + str(L-1)], current_cache, "relu")',
        "every hidden layer is fed the gradient of A[L-1]: right with one hidden layer only",
    ),
    "hidden_sigmoid_backward": Bug(
        "L_model_backward",
        'current_cache, "relu")',
        'current_cache, "sigmoid")',
        "the hidden ReLU layers are differentiated with sigmoid_backward",
    ),
    "dW_no_1_over_m": Bug(
        "linear_backward",
        "dW = (1 / m) * np.dot(dZ, A_prev.T)",
        "dW = np.dot(dZ, A_prev.T)",
        "dW without the 1 / m",
    ),
    "db_no_keepdims": Bug(
        "linear_backward",
        "db = (1 / m) * np.sum(dZ, axis=1, keepdims=True)",
        "db = (1 / m) * np.sum(dZ, axis=1)",
        "db loses its column: np.sum without keepdims=True",
    ),
    "cost_no_minus": Bug(
        "compute_cost",
        "cost = -(1 / m) * np.sum(",
        "cost = (1 / m) * np.sum(",
        "the cost without its minus sign",
    ),
    "dAL_sign": Bug(
        "L_model_backward",
        "dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))",
        "dAL = (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))",
        "dAL without its minus sign",
    ),
    "update_plus": Bug(
        "update_parameters",
        " - learning_rate * grads",
        " + learning_rate * grads",
        "gradient ascent: + learning_rate * gradient",
    ),
    "linear_forward_no_b": Bug(
        "linear_forward",
        "Z = np.dot(W, A) + b",
        "Z = np.dot(W, A)",
        "the bias never added",
    ),
    "init_deep_he": Bug(
        "initialize_parameters_deep",
        "np.random.randn(layer_dims[l], layer_dims[l-1]) * 0.01",
        "np.random.randn(layer_dims[l], layer_dims[l-1]) * np.sqrt(2 / layer_dims[l-1])",
        "He's scale instead of the lesson's 0.01",
    ),
    "deep_biases_random": Bug(
        "initialize_parameters_deep",
        "parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))",
        "parameters['b' + str(l)] = np.random.randn(layer_dims[l], 1) * 0.01",
        "random biases in initialize_parameters_deep (the shape assert still holds)",
    ),
}

#: The older notebooks (before 2021): activation gradients keyed "dA" + str(l + 1), the first
#: argument of update_parameters named `parameters` and updated without a copy, test cells that
#: print (print_grads) instead of calling public_tests, and testCases_v4a.
_DEEP_STEP_OLD = (
    ('grads["dA" + str(L-1)] = dA_prev_temp', 'grads["dA" + str(L)] = dA_prev_temp'),
    ('grads["dA" + str(l + 1)], current_cache, "relu")', 'grads["dA" + str(l + 2)], current_cache, "relu")'),
    ('grads["dA" + str(l)] = dA_prev_temp', 'grads["dA" + str(l + 1)] = dA_prev_temp'),
    ("def update_parameters(params, grads, learning_rate):\n    parameters = params.copy()\n",
     "def update_parameters(parameters, grads, learning_rate):\n"),
    ("print(\"dA0 = \" + str(grads['dA0']))", "print_grads(grads)"),
)  # fmt: skip

#: Top-level training as the notebook's readers add it: thousands of iterations of the
#: student's pieces, a cost printed every 100, a plot. The grader never needs it.
_DEEP_STEP_TRAINING = """
train_x = np.random.randn(20, 209)
train_y = (np.random.rand(1, 209) > 0.5).astype(float)
layers_dims = [20, 7, 5, 1]  # 3-layer model

parameters = initialize_parameters_deep(layers_dims)
costs = []
for i in range(0, 3000):
    AL, caches = L_model_forward(train_x, parameters)
    cost = compute_cost(AL, train_y)
    grads = L_model_backward(AL, train_y, caches)
    parameters = update_parameters(parameters, grads, 0.0075)
    if i % 100 == 0:
        print("Cost after iteration %i: %f" % (i, cost))
        costs.append(cost)

plt.plot(np.squeeze(costs))
plt.ylabel('cost')
plt.xlabel('iterations (per hundreds)')
plt.show()
"""


@dataclass(frozen=True)
class DeepStep:
    """A "Step by Step" notebook. seeded: np.random.seed(1) inside initialize_parameters and
    np.random.seed(3) inside initialize_parameters_deep, as the course template has them.
    utils: the helper module the first cell imports (dnn_utils or dnn_utils_v2). bug: a key of
    DEEP_STEP_BUGS. version: "new" (2021 on) or "old" (see _DEEP_STEP_OLD). training: a last
    cell that trains the network at top level."""

    seeded: bool = False
    utils: str = "dnn_utils"
    bug: str | None = None
    version: str = "new"
    training: bool = False

    def cells(self) -> list[tuple[str, str]]:
        source = _DEEP_STEP_FUNCTIONS.format(
            seed="    np.random.seed(1)\n" if self.seeded else "",
            seed_deep="    np.random.seed(3)\n" if self.seeded else "",
        )
        if self.version == "old":
            for old, new in _DEEP_STEP_OLD:
                source = _replace(source, old, new, "the older notebook")
            source = re.sub(r"^\w+_test\(\w+\)\n", "", source, flags=re.M)
        if self.bug is not None:
            bug = DEEP_STEP_BUGS[self.bug]
            source = _replace(source, bug.old, bug.new, f"bug {self.bug}")
        code = [part.strip("\n") for part in source.split("@@")]
        tests = "from testCases_v4a import *" if self.version == "old" else (
            "from testCases import *\nfrom public_tests import *")  # fmt: skip
        cells: list[tuple[str, str]] = [
            ("markdown", "# Building your Deep Neural Network: Step by Step"),
            ("markdown", "## 1 - Packages"),
            ("code", f"""
import numpy as np
import h5py
import matplotlib.pyplot as plt
{tests}
from {self.utils} import sigmoid, sigmoid_backward, relu, relu_backward

%matplotlib inline
plt.rcParams['figure.figsize'] = (5.0, 4.0) # set default size of plots
plt.rcParams['image.interpolation'] = 'nearest'
plt.rcParams['image.cmap'] = 'gray'

%load_ext autoreload
%autoreload 2

np.random.seed(1)
"""),
            ("markdown", "## 2 - Initialization\n\n### 2.1 - 2-layer Neural Network"),
        ]  # fmt: skip
        for i, snippet in enumerate(code):
            cells.append(("code", snippet))
            if i % 2 == 1 and i + 1 < len(code):
                cells.append(("markdown", "### Next step"))
        cells.append(("markdown", "Congrats on implementing all the functions required for this assignment!"))  # fmt: skip
        if self.training:
            cells.append(("markdown", "## Training the network on some data"))
            cells.append(("code", _DEEP_STEP_TRAINING))
        return cells

    def notebook(self) -> dict[str, Any]:
        return notebook(self.cells())
