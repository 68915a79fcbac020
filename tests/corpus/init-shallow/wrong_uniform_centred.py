import numpy as np

# uniform on [-a, a] has std a / sqrt(3); pick a so the std is 0.01
HALF_WIDTH = 0.01 * np.sqrt(3)


def initialize_parameters(n_x, n_h, n_y):
    W1 = (np.random.rand(n_h, n_x) - 0.5) * 0.01 * np.sqrt(12)
    b1 = np.zeros((n_h, 1))
    W2 = np.random.uniform(-HALF_WIDTH, HALF_WIDTH, size=(n_y, n_h))
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
