"""Benchmarks of the portal (not tests): run them by hand, see README.md."""
