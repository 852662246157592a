"""What verifying any hash chain in the database shares, whichever record it guards
(riwayat per paket, ``db.history_chain``; riwayat_pengguna per user, ``db.user_chain``):
the walk along one chain's links, the tally of what a walk found, and reading a
walk's rows by column name. What differs stays with each chain: its entries, the
fields each hashes, the wording of its breaks, what its owner's row must agree with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import sqlalchemy as sa

# Enough to show and to act on; the count of all problems is kept separately.
MAX_PROBLEMS = 100


def column_getter(query: sa.Select | sa.CompoundSelect, *names: str) -> itemgetter:
    """The columns ``names`` of ``query``'s rows, fetched at the speed of a position
    (``Row`` attribute access costs ≈1 µs, and a walk reads 800,000 rows); one name
    gives the value, several a tuple."""
    keys = list(query.selected_columns.keys())
    return itemgetter(*(keys.index(name) for name in names))


@dataclass(frozen=True)
class Links:
    """One kind of chain's links: how its entries are hashed and how a break is
    worded (Indonesian; the reports show these texts as they are)."""

    entry_hash: Callable[..., str]
    hashed: itemgetter  # a walk row's fields, in ``entry_hash``'s argument order
    link: itemgetter    # a walk row's (entry id, stored hash, hash of the entry before)
    content: str        # what a changed entry's content is called: "isi entri …"
    first: str          # what leads a broken first link
    later: str          # what leads a broken later link

    @classmethod
    def over(cls, walk: sa.Select | sa.CompoundSelect, entry_hash: Callable[..., str],
             hashed: Sequence[str], content: str, first: str, later: str) -> Links:
        """The links of a walk whose rows carry every chain's ``id``, ``hash`` and
        ``hash_sebelumnya`` beside the columns ``hashed`` (``entry_hash``'s arguments,
        in its order)."""
        return cls(entry_hash, column_getter(walk, *hashed),
                   column_getter(walk, "id", "hash", "hash_sebelumnya"), content, first, later)

    def first_break(self, rows: Iterable[Sequence]) -> tuple[Sequence, str] | None:
        """The first row, oldest first, whose content no longer hashes to its stored
        hash or whose link is not the hash of the entry before it (none before the
        first), with what is wrong; None when every link holds."""
        entry_hash, hashed, link = self.entry_hash, self.hashed, self.link
        head = head_id = None
        for row in rows:
            entry_id, stored, previous = link(row)
            if entry_hash(*hashed(row)) != stored:
                return row, f"{self.content} tidak cocok dengan hash-nya (diubah di luar aplikasi)"
            if previous != head:
                return row, self._unlinked(head_id)
            head, head_id = stored, entry_id
        return None

    def _unlinked(self, previous_id: int | None) -> str:
        if previous_id is None:
            return f"{self.first}merujuk entri sebelumnya yang tidak ada (entri awal dihapus)"
        return (f"{self.later}tidak tersambung ke entri sebelumnya #{previous_id} (ada entri "
                "yang diubah, dihapus, disisipkan, atau urutannya ditukar)")


class Tally:
    """Counting shared by both chains' reports (dataclasses with these fields)."""

    entri: int
    rusak: int  # chains broken, all of them, not only those listed
    breaks: list

    def walked(self, checked: Iterable[tuple[int, Any]]) -> int:
        """Add each chain's (entries, first break or None) and return how many chains
        there were; the first :data:`MAX_PROBLEMS` breaks are kept."""
        chains = 0
        for entries, found in checked:
            chains += 1
            self.entri += entries
            if found is not None:
                self.rusak += 1
                if len(self.breaks) < MAX_PROBLEMS:
                    self.breaks.append(found)
        return chains
