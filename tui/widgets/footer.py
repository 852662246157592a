"""The footer of every screen, recomposed only when the bindings it shows change.

Textual's Footer rebuilds its keys on every focus or screen change; with ~15 bindings
that is ~30 widgets mounted and styled again each time a reused screen (the detail)
opens, about a third of the time to open it. The keys shown (key, label, action,
enabled) are compared first.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


def _shown(screen: Screen) -> tuple:
    return tuple((binding.key, binding.description, binding.action, enabled, tooltip)
                 for _, binding, enabled, tooltip in screen.active_bindings.values()
                 if binding.show)


class StableFooter(Footer):
    """:class:`Footer` that skips recomposing identical keys."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._last_shown: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        shown = _shown(screen)
        if shown == self._last_shown and self.children:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._last_shown = shown  # a recompose follows (Footer's own conditions)
        super().bindings_changed(screen)
