"""Domain errors. Each carries an Indonesian message shown to the user as is."""

from __future__ import annotations


class PengadaanError(Exception):
    """Base of every error a user may see; the message is Indonesian."""


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


class DatabaseError(PengadaanError):
    """The database is missing, locked or unreachable."""


class TidakBerwenang(PengadaanError):
    """The acting user's role or OPD does not allow the change (issue #7), or the
    acting user is unknown, inactive, or not allowed to act as someone else."""
