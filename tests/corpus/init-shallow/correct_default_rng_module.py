import numpy as np

# the new Generator API (numpy docs recommend it over np.random.randn)
rng = np.random.default_rng()


def initialize_parameters(n_x, n_h, n_y):
    W1 = rng.standard_normal((n_h, n_x)) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = rng.standard_normal((n_y, n_h)) * 0.01
    b2 = np.zeros((n_y, 1))

    assert W1.shape == (n_h, n_x)
    assert b1.shape == (n_h, 1)
    assert W2.shape == (n_y, n_h)
    assert b2.shape == (n_y, 1)

    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
