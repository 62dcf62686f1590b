"""Synthetic requests for demonstrations, training and benchmarks; never real people."""
