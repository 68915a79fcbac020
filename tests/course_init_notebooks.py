"""Course-shaped notebooks of the initialization lesson ("Initialization", zeros / large random /
He), graded as `init-schemes`: a sibling of course_notebooks.py, built the same way.

The shape its students hand in: helper imports the grader may lack (sklearn, the course's
public_tests), `from init_utils import ...`, `%matplotlib inline` and plot settings, the circles
loaded at top level, the `model` cell (given by the course), the three functions each followed
by a test-helper call, then top-level training from all three starts with the lesson's 15,000
iterations, predictions and decision-boundary plots. A variant is a small declaration
(`InitSchemes(style="normal", bug="he_xavier")`), not a copy.

Everything here is written for this project from the lesson's documented structure; the helper
module the notebook imports is the grader's clean-room one in assignments/support/init_utils.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course_notebooks import Bug, _replace, notebook

#: The weight draw of each style, as `{shape}` and `{scale}` fill it in.
_DRAWS = {
    "randn": "np.random.randn({shape}) * {scale}",
    "normal": "np.random.normal(0, {scale}, size=({shape}))",
    "default_rng": "rng.standard_normal(({shape})) * {scale}",
}

_MODEL = '''
def model(X, Y, learning_rate = 0.01, num_iterations = 15000, print_cost = True, initialization = "he"):
    """
    Implements a three-layer neural network: LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID.
    """
    grads = {{}}
    costs = [] # to keep track of the loss
    m = X.shape[1] # number of examples
    layers_dims = [X.shape[0], 10, 5, 1]

    # Initialize parameters dictionary.
    if initialization == "zeros":
        parameters = initialize_parameters_zeros(layers_dims)
    elif initialization == "random":
        parameters = initialize_parameters_random(layers_dims)
    elif initialization == "he":
        parameters = initialize_parameters_he(layers_dims)

    # Loop (gradient descent)
    for i in range(num_iterations):

        # Forward propagation: LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID.
        a3, cache = forward_propagation(X, parameters)

        # Loss
        cost = compute_loss(a3, Y)

        # Backward propagation.
        grads = backward_propagation(X, Y, cache)

        # Update parameters.
        parameters = update_parameters(parameters, grads, learning_rate)

        # Print the loss every 1000 iterations
        if print_cost and i % 1000 == 0:
            print("Cost after iteration {{}}: {{}}".format(i, cost))
            costs.append(cost)
{plot}
    return parameters
'''

#: The older versions' end of `model`: plot the costs.
_PLOT = """
    # plot the loss
    plt.plot(costs)
    plt.ylabel('cost')
    plt.xlabel('iterations (per hundreds)')
    plt.title("Learning rate =" + str(learning_rate))
    plt.show()
"""

_FUNCTIONS = '''
# GRADED FUNCTION: initialize_parameters_zeros

def initialize_parameters_zeros(layers_dims):
    """
    layer_dims -- python array (list) containing the size of each layer.
    """
    parameters = {{}}
    L = len(layers_dims)            # number of layers in the network

    for l in range(1, L):
        ### START CODE HERE ### (≈ 2 lines of code)
        parameters['W' + str(l)] = np.zeros((layers_dims[l], layers_dims[l-1]))
        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
        ### END CODE HERE ###
    return parameters
@@
parameters = initialize_parameters_zeros([3, 2, 1])
print("W1 = " + str(parameters["W1"]))
print("b1 = " + str(parameters["b1"]))
initialize_parameters_zeros_test(initialize_parameters_zeros)
@@
# GRADED FUNCTION: initialize_parameters_random

def initialize_parameters_random(layers_dims):
    """
    layer_dims -- python array (list) containing the size of each layer.
    """
{seed}{rng}    parameters = {{}}
    L = len(layers_dims)            # integer representing the number of layers

    for l in range(1, L):
        ### START CODE HERE ### (≈ 2 lines of code)
        parameters['W' + str(l)] = {random_draw}
        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
        ### END CODE HERE ###

    return parameters
@@
parameters = initialize_parameters_random([3, 2, 1])
print("W1 = " + str(parameters["W1"]))
print("b1 = " + str(parameters["b1"]))
initialize_parameters_random_test(initialize_parameters_random)
@@
# GRADED FUNCTION: initialize_parameters_he

def initialize_parameters_he(layers_dims):
    """
    layer_dims -- python array (list) containing the size of each layer.
    """
{seed}{rng}    parameters = {{}}
    L = len(layers_dims) - 1 # integer representing the number of layers

    for l in range(1, L + 1):
        ### START CODE HERE ### (≈ 2 lines of code)
        parameters['W' + str(l)] = {he_draw}
        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
        ### END CODE HERE ###

    return parameters
@@
parameters = initialize_parameters_he([2, 4, 1])
print("W1 = " + str(parameters["W1"]))
print("b1 = " + str(parameters["b1"]))
initialize_parameters_he_test(initialize_parameters_he)
'''

#: Real bugs of this lesson, each one textual replacement in the course-shaped source (the
#: function it names is the one it changes), with the style-independent text of the randn style.
INIT_BUGS: dict[str, Bug] = {
    "he_transposed": Bug(
        "he",
        "np.random.randn(layers_dims[l], layers_dims[l-1]) * np.sqrt(2 / layers_dims[l-1])",
        "np.random.randn(layers_dims[l-1], layers_dims[l]) * np.sqrt(2 / layers_dims[l-1])",
        "W transposed in He: (n[l-1], n[l])",
    ),
    "he_xavier": Bug(
        "he",
        "np.sqrt(2 / layers_dims[l-1])",
        "np.sqrt(1 / layers_dims[l-1])",
        "He with sqrt(1/n[l-1]), Xavier's scale",
    ),
    "random_bias": Bug(
        "random",
        "parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))",
        "parameters['b' + str(l)] = np.random.randn(layers_dims[l], 1)",
        "the random scheme draws its biases at random too",
    ),
    "he_one_layer_short": Bug(
        "he",
        "for l in range(1, L + 1):",
        "for l in range(1, L):",
        "He's loop stops one layer early (range(1, L) with L = len(layers_dims) - 1)",
    ),
    "model_ignores_initialization": Bug(
        "model",
        "parameters = initialize_parameters_zeros(layers_dims)",
        "parameters = initialize_parameters_he(layers_dims)",
        "model starts from He whatever initialization says",
    ),
}


@dataclass(frozen=True)
class InitSchemes:
    """An Initialization-lesson notebook.

    style: how the random weights are drawn: "randn" (the course's), "normal"
    (np.random.normal(0, scale, size)) or "default_rng" (a generator made inside each function,
    unseeded). seeded: np.random.seed(3) inside the random and He functions, the course
    template's habit. plots: the older model that plots its costs (matplotlib in a graded
    function). bug: a key of INIT_BUGS (written for the randn style).
    """

    style: str = "randn"
    seeded: bool = False
    plots: bool = False
    bug: str | None = None

    def sources(self) -> tuple[str, list[str]]:
        """The model cell and the function cells (each function followed by its test call)."""
        draw = _DRAWS[self.style]
        shape = "layers_dims[l], layers_dims[l-1]"
        functions = _FUNCTIONS.format(
            seed='    np.random.seed(3)               # so that your "random" numbers match ours\n'
            if self.seeded
            else "",
            rng="    rng = np.random.default_rng()\n" if self.style == "default_rng" else "",
            random_draw=draw.format(shape=shape, scale="10"),
            he_draw=draw.format(shape=shape, scale="np.sqrt(2 / layers_dims[l-1])"),
        )
        model = _MODEL.format(plot=_PLOT if self.plots else "")
        if self.bug is not None:
            bug = INIT_BUGS[self.bug]
            if bug.function == "model":
                model = _replace(model, bug.old, bug.new, f"bug {self.bug}")
            else:
                head = f"def initialize_parameters_{bug.function}("
                before, _, rest = functions.partition(head)
                body, sep, after = rest.partition("@@")
                body = _replace(body, bug.old, bug.new, f"bug {self.bug}")
                functions = before + head + body + sep + after
        return model, [part.strip("\n") for part in functions.split("@@")]

    def cells(self) -> list[tuple[str, str]]:
        model, functions = self.sources()
        cells: list[tuple[str, str]] = [
            ("markdown", "# Initialization\n\nTry zeros, large random and He initializations."),
            ("markdown", "## 1 - Packages"),
            ("code", """
import numpy as np
import matplotlib.pyplot as plt
import sklearn
import sklearn.datasets
from init_utils import sigmoid, relu, compute_loss, forward_propagation, backward_propagation
from init_utils import update_parameters, predict, load_dataset, plot_decision_boundary, predict_dec
from public_tests import *

%matplotlib inline
plt.rcParams['figure.figsize'] = (7.0, 4.0) # set default size of plots
plt.rcParams['image.interpolation'] = 'nearest'
plt.rcParams['image.cmap'] = 'gray'

%load_ext autoreload
%autoreload 2
"""),
            ("code", "# load image dataset: blue/red dots in circles\n"
                     "train_X, train_Y, test_X, test_Y = load_dataset()"),
            ("markdown", "## 2 - Neural Network model"),
            ("code", model),
            ("markdown", "## 3 - Zero initialization"),
            ("code", functions[0]),
            ("code", functions[1]),
            ("code", """
parameters = model(train_X, train_Y, initialization = "zeros")
print ("On the train set:")
predictions_train = predict(train_X, train_Y, parameters)
print ("On the test set:")
predictions_test = predict(test_X, test_Y, parameters)
"""),
            ("code", """
plt.title("Model with Zeros initialization")
axes = plt.gca()
axes.set_xlim([-1.5,1.5])
axes.set_ylim([-1.5,1.5])
plot_decision_boundary(lambda x: predict_dec(parameters, x.T), train_X, train_Y)
"""),
            ("markdown", "## 4 - Random initialization"),
            ("code", functions[2]),
            ("code", functions[3]),
            ("code", """
parameters = model(train_X, train_Y, initialization = "random")
print ("On the train set:")
predictions_train = predict(train_X, train_Y, parameters)
print ("On the test set:")
predictions_test = predict(test_X, test_Y, parameters)
"""),
            ("markdown", "## 5 - He initialization"),
            ("code", functions[4]),
            ("code", functions[5]),
            ("code", """
parameters = model(train_X, train_Y, initialization = "he")
print ("On the train set:")
predictions_train = predict(train_X, train_Y, parameters)
print ("On the test set:")
predictions = predict(test_X, test_Y, parameters)
"""),
            ("code", """
plt.title("Model with He initialization")
axes = plt.gca()
axes.set_xlim([-1.5,1.5])
axes.set_ylim([-1.5,1.5])
plot_decision_boundary(lambda x: predict_dec(parameters, x.T), train_X, train_Y)
"""),
            ("markdown", "## 6 - Conclusions\n\nHe initialization works well for networks with ReLU activations."),
        ]  # fmt: skip
        return cells

    def notebook(self) -> dict[str, Any]:
        return notebook(self.cells())
