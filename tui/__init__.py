"""Textual terminal UI; calls the same use cases as the CLI."""
