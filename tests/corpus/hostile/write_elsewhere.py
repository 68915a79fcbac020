"""Correct, but tries to change files outside its own folder: overwrites, deletes and
symlinks in the folders around it (the class folder, another student's folder, the report
folder, the home folder), and plants new files in its parent folder, home, /tmp and the
grader's checkout."""

import glob
import json
import os
import subprocess

import numpy as np

MARKER = "@@MARKER@@"
TARGETS = '@@TARGETS@@'
REPO = "@@REPO@@"
sentinels = json.loads(TARGETS) if TARGETS.startswith("[") else []
elsewhere = [os.path.expanduser("~"), "..", "/tmp", "/var/tmp"]
if REPO.startswith("/"):
    elsewhere += [REPO, REPO + "/grader", REPO + "/tests"]


def attempt(action, *args):
    try:
        action(*args)
    except Exception:
        pass


def scribble(path):
    with open(path, "w") as f:
        f.write("overwritten by " + MARKER)


def plant(folder):
    with open(os.path.join(folder, "planted-" + MARKER), "x") as f:
        f.write(MARKER)


for folder in sentinels:  # folders the test made: change what is there
    for path in glob.glob(os.path.join(folder, "*")) + glob.glob(os.path.join(folder, ".*")):
        if os.path.isfile(path):
            attempt(scribble, path)
            attempt(os.remove, path)
    attempt(plant, folder)
    attempt(os.symlink, "/etc/passwd", os.path.join(folder, "link-" + MARKER))
for folder in elsewhere:  # real folders: only add a file the test can find and remove
    attempt(plant, folder)
attempt(subprocess.run, ["sh", "-c", f"touch /tmp/sh-{MARKER}"])


def initialize_parameters(n_x, n_h, n_y):
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
