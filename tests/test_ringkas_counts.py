"""Issue #15: ``peringatan --ringkas`` counts with the dashboard's statement
(``dasbor.summary``), not by building every alert; its line says the dashboard's
numbers, and with ``--jenis-peringatan`` the same as counting that kind's alerts."""

from __future__ import annotations

from datetime import date

import pytest

from pengadaan.cli.exit_codes import ExitCode
from pengadaan.cli.peringatan import ringkas_line
from pengadaan.domain.alert_kinds import ALERT_KINDS, FLAGS
from pengadaan.presentation.lateness_text import per_golongan, ringkas
from pengadaan.usecases import alert_counts, dasbor
from pengadaan.usecases import alerts as alerts_uc
from tests.conftest import make_paket
from tests.test_cli import Cli
from tests.test_lateness_usecases import to_sppbj
from tests.tui_support import PER

AS_OF = PER.isoformat()


@pytest.fixture
def demo(demo_db):
    """The demo with every kind the dashboard counts: it has no kontrak tertunda, so
    one paket waits for its contract since an SPPBJ two months before the as-of date."""
    make_paket(demo_db, "Z-tunda", opd="DISHUB", mulai_pemilihan=date(2026, 8, 3))
    to_sppbj(demo_db, "Z-tunda", date(2026, 9, 1))
    return demo_db


def counted_from_alerts(db, flag=None, opd=None) -> str:
    """The line as it was built before: from every alert of the kinds the dashboard counts."""
    found = alerts_uc.alerts(db, PER, opd=opd, flag=flag, with_kendala=False, forecast=False)
    flags: dict[str, set[str]] = {}
    per_flag = dict.fromkeys(ALERT_KINDS, 0)
    for a in found:
        flags.setdefault(a.kode, set()).add(a.peringatan)
        per_flag[a.peringatan] += 1
    denda = sum(a.denda or 0 for a in found if a.peringatan == "lewat_kontrak")
    return ringkas(per_golongan(flags.values()), per_flag, denda)


def test_line_is_the_dashboards_summary(demo):
    summary = dasbor.summary(demo, PER)
    assert all(summary.per_flag[f] for f in FLAGS)  # the demo holds every kind
    lewat = alerts_uc.alerts(demo, PER, flag="lewat_kontrak", with_kendala=False,
                             forecast=False)
    denda = sum(a.denda for a in lewat)
    assert denda > 0
    line = ringkas(summary.per_golongan, summary.per_flag, denda)
    assert Cli(demo.url.removeprefix("sqlite:///")).ok(
        "peringatan", "--per", AS_OF, "--ringkas") == line + "\n"
    assert ringkas_line(alert_counts.counted(demo, PER)) == line == counted_from_alerts(demo)


@pytest.mark.parametrize("opd", [None, "DISHUB"])
def test_each_kind_counts_as_its_alerts(demo, opd):
    """``--jenis-peringatan X``: only that kind, its packages under the golongan the
    kind gives, as counting the alerts of X did (the forecast's kind counts none)."""
    for flag in ALERT_KINDS:
        counts = alert_counts.counted(demo, PER, opd=opd, flag=flag)
        assert ringkas_line(counts) == counted_from_alerts(demo, flag, opd), flag
        assert bool(counts) == (flag in FLAGS and counts.per_flag[flag] > 0)


def test_fails_only_when_an_alert_holds(demo):
    cli = Cli(demo.url.removeprefix("sqlite:///"))
    found = cli("peringatan", "--per", AS_OF, "--ringkas", "--gagal-jika-ada",
                "--jenis-peringatan", "lewat_kontrak")
    assert found.returncode == ExitCode.FOUND and "lewat kontrak (denda Rp" in found.stdout
    calm = cli("peringatan", "--per", AS_OF, "--ringkas", "--gagal-jika-ada",
               "--jenis-peringatan", "berisiko_tidak_terserap")
    assert (calm.returncode, calm.stdout) == (
        ExitCode.OK, "0 paket terlambat, 0 kritis, 0 rawan; tidak ada peringatan\n")
