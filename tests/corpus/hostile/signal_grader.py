"""Correct, but tries to stop and kill the grader: its parent, its parent's group, and the
processes whose command line names this submission's folder."""

import os
import signal

import numpy as np

SELF = "@@SELF@@"


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read()
    except OSError:
        return b""


def hit(pid):
    for sig in (signal.SIGSTOP, signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(pid, sig)
        except OSError:
            pass


parent = os.getppid()
if parent > 1 and (b"_grader" in cmdline(parent) or SELF.encode() in cmdline(parent)):
    hit(parent)
    try:
        os.killpg(os.getpgid(parent), signal.SIGKILL)
    except OSError:
        pass
for name in os.listdir("/proc"):
    if name.isdigit() and int(name) != os.getpid() and SELF.encode() in cmdline(name):
        hit(int(name))


def initialize_parameters(n_x, n_h, n_y):
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
