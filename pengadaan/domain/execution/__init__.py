"""Contract execution rules (docs/aturan.md §5): kurva S, kontrak kritis, denda, serah terima.

Pure Python: every rule takes its dates as arguments; percentages are integer basis
points (1% = 100 bp) so no float ever drifts into a threshold comparison.
"""
