"""Speed measurements of pengadaan (``make bench`` / ``python -m bench``).

Speed targets are measured here, never asserted in unit tests. See README.md for how
to add a measurement module.
"""
