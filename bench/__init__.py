"""Benchmarks and the synthetic-register generator (python -m bench --help)."""
