"""The footer of every screen: the main keys that fit the width, recomposed only when
the keys it shows change.

Textual's Footer shows every ``show=True`` binding and lets the row overflow (at 80
columns it ended ``o Rek▏^p Perintah``). This one keeps, in the bindings' order, the
keys that fit, always with ``? Bantuan``: the help screen lists every binding.

Textual's Footer also rebuilds its keys on every focus or screen change; with ~15
bindings that is ~30 widgets mounted and styled again each time a reused screen (the
detail) opens, about a third of the time to open it. The keys chosen are compared first.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

HELP_ACTION = "help"


def key_cells(key_display: str, description: str) -> int:
    """Cells one compact footer key takes: key, space, description, margin."""
    return cell_len(key_display) + 1 + cell_len(description) + 1


def fitting(keys: list[tuple[Binding, str, bool, str]], width: int) -> list[int]:
    """Indexes of ``keys`` (binding, key display, enabled, tooltip) that fit in
    ``width`` cells, in order: the help key first reserved, the others while they fit."""
    sizes = [key_cells(shown, b.description) for b, shown, _e, _t in keys]
    chosen = {i for i, (b, *_rest) in enumerate(keys) if b.action == HELP_ACTION}
    room = width - sum(sizes[i] for i in chosen)
    for i, size in enumerate(sizes):
        if i not in chosen and size <= room:
            chosen.add(i)
            room -= size
    return sorted(chosen)


class StableFooter(Footer):
    """:class:`Footer` with the keys that fit, skipping recomposes of identical keys."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._last_shown: tuple | None = None

    def _keys(self, screen: Screen) -> list[tuple[Binding, str, bool, str]]:
        """Every ``show`` binding once per action, then the command palette's key."""
        keys, actions = [], set()
        active = screen.active_bindings
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                keys.append((binding, self.app.get_key_display(binding), enabled, tooltip))
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and palette:
            _node, binding, enabled, tooltip = palette
            keys.append((binding, self.app.get_key_display(binding), enabled, tooltip))
        return keys

    def _chosen(self, screen: Screen) -> list[tuple[Binding, str, bool, str]]:
        keys = self._keys(screen)
        return [keys[i] for i in fitting(keys, screen.app.size.width)]

    def _signature(self, screen: Screen) -> tuple:
        return tuple((b.key, b.description, b.action, enabled, tooltip)
                     for b, _shown, enabled, tooltip in self._chosen(screen))

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        chosen = self._chosen(self.screen)
        self.styles.grid_size_columns = len(chosen)
        for binding, shown, enabled, tooltip in chosen:
            yield FooterKey(binding.key, shown, binding.description, binding.action,
                            disabled=not enabled, tooltip=tooltip,
                            ).data_bind(compact=Footer.compact)

    def bindings_changed(self, screen: Screen) -> None:
        shown = self._signature(screen)
        if shown == self._last_shown and self.children:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._last_shown = shown  # a recompose follows (Footer's own conditions)
        super().bindings_changed(screen)

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and self._signature(self.screen) != self._last_shown:
            self._last_shown = self._signature(self.screen)
            self.call_after_refresh(self.recompose)
