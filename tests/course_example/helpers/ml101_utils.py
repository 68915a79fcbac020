"""ML 101's helpers: what every homework notebook imports."""

SCALE = 0.01
