"""Correct, but tries to reach the network: TCP and UDP to a local server, and a listening
port of its own."""

import socket

import numpy as np

PORT = int("@@PORT@@") if "@@PORT@@".isdigit() else 9
messages = []
try:
    socket.create_connection(("127.0.0.1", PORT), timeout=1).sendall(b"leak")
    messages.append("connected")
except OSError as exc:
    messages.append(f"tcp: {exc}")
try:
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.sendto(b"leak", ("127.0.0.1", PORT))
except OSError as exc:
    messages.append(f"udp: {exc}")
try:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    messages.append("listening")
except OSError as exc:
    messages.append(f"listen: {exc}")
print(messages)


def initialize_parameters(n_x, n_h, n_y):
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
