"""Domain errors. Each carries an Indonesian message shown to the user as is."""

from __future__ import annotations


class PengadaanError(Exception):
    """Base of every error a user may see; the message is Indonesian.

    ``isian`` names the inputs (workflow/isian.py) whose value would fix it: the
    message names them by label, and the CLI and the TUI each add, in one place, how
    to fill them there. ``periksa``: they were given but must be corrected.
    """

    def __init__(self, message: str = "", *, isian: tuple[str, ...] = (),
                 periksa: bool = False) -> None:
        super().__init__(message)
        self.isian = isian
        self.periksa = periksa


class NotFound(PengadaanError):
    """A paket, OPD or other record named by the user does not exist."""


class InvalidInput(PengadaanError):
    """A value typed or imported by the user is malformed or out of range."""


class TriggerNotAllowed(PengadaanError):
    """The trigger does not leave the paket's current stage."""


class GuardFailed(PengadaanError):
    """A workflow rule (guard) refuses the transition."""


class Conflict(PengadaanError):
    """Someone else changed the record since it was read."""


# The words of a lost race on a paket, wherever it is found (the ORM's version check in
# db/uow.py, the transition's UPDATE in usecases/langkah.py).
LOST_RACE = "data paket sudah diubah oleh pengguna lain sejak dibaca; muat ulang lalu coba lagi"


class DatabaseError(PengadaanError):
    """The database is missing, locked or unreachable."""


class TidakBerwenang(PengadaanError):
    """The acting user's role or OPD does not allow the change (issue #7), or the
    acting user is unknown, inactive, or not allowed to act as someone else."""
