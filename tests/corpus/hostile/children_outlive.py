"""Correct, but starts processes and a thread at import that are meant to outlive the grade."""

import subprocess
import sys
import threading
import time

import numpy as np

MARKER = "@@MARKER@@"

class _Attack:  # a class body runs at load, like any definition
    children = [
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)", MARKER])
        for _ in range(3)
    ]
    threading.Thread(target=time.sleep, args=(300,)).start()  # not a daemon: blocks exit


def initialize_parameters(n_x, n_h, n_y):
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
