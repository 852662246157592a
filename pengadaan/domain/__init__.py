"""The domain: procurement rules in plain Python (no I/O, no UI).

Workflows, stages and their groups, deadlines and working days, lateness and kontrak
kritis, penalties, OPD performance, who may do what, and the Indonesian formats the
rules speak in. Everything else (``pengadaan.db``, use cases, CLI, TUI) depends on this
package; it depends on nothing of theirs.
"""
