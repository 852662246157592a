"""Rendering shared by the CLI and the TUI (Rich renderables); no Textual, no database."""
