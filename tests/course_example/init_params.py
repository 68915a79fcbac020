import numpy as np
from ml101_utils import SCALE


def init_params(n_x, n_h, n_y):
    np.random.seed(0)  # so that your output matches ours
    W1 = np.random.randn(n_h, n_x) * SCALE
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * SCALE
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
