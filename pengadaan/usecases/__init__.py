"""Use cases: the only way anything changes; the CLI and the TUI both call these."""
