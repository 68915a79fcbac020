import numpy as np
from dataclasses import dataclass


@dataclass
class DenseInit:
    n_in: int
    n_out: int
    scale: float = 0.01

    def weights(self):
        return self.scale * np.random.randn(self.n_out, self.n_in)

    def bias(self):
        return np.zeros(shape=(self.n_out, 1))


def initialize_parameters(n_x, n_h, n_y):
    hidden = DenseInit(n_x, n_h)
    output = DenseInit(n_h, n_y)
    return {
        "W1": hidden.weights(),
        "b1": hidden.bias(),
        "W2": output.weights(),
        "b2": output.bias(),
    }
