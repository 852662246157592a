"""PostgreSQL itself enforces who may change what (issue #16).

One database per module, secured with ``pengguna amankan``; each officer connects AS
its own role with psycopg directly (never through the application) and the server
refuses, leaving the data as it was. Roles are cluster-wide: every role made here
starts with ``<test database>_<worker>_`` and is dropped at the end (and by
``.ci/pg-test-env`` after an interrupted run); nothing else is dropped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field

import psycopg
import pytest
import sqlalchemy as sa
from pengadaan.db.engine import get_engine
from pengadaan.db.migrate import downgrade, revision_before, upgrade
from pengadaan.db.peran_server import Pengamanan, transition_rows
from pengadaan.db.uow import Database, open_database

from pengadaan.domain.akses import Identitas, Verifikasi
from pengadaan.domain.errors import DatabaseError, TidakBerwenang
from pengadaan.domain.execution.scurve import Titik
from pengadaan.usecases import pengguna as uc
from pengadaan.usecases.audit import verify_history
from pengadaan.usecases.kendala import record_kendala, record_tindak_lanjut
from pengadaan.usecases.paket import PaketBaru, advance, create_paket, show_paket
from pengadaan.usecases.progres import set_planned_curve
from tests.cli_support import run as run_cli
from tests.conftest import ACTOR, IN_CI, PG_URL, drop_database
from tests.factories import paket_at, two_opds
from tests.spine_paths import START, TENDER_KONSTRUKSI, TENDER_TO_EVALUASI, TODAY

SANDI = "sandi-uji-peran"


@dataclass(frozen=True)
class Server:
    """The secured test database, and how to connect to it as someone."""

    url: sa.URL          # as the test role (a member of the owner: it reads everything)
    awalan: str
    opened: list[str] = field(default_factory=list)  # officers' engines, closed at the end
    first: Pengamanan | None = None  # what the first ``amankan`` reported

    def role(self, who: str) -> str:
        return self.awalan + who

    def connect(self, who: str) -> psycopg.Connection:
        u = self.url
        return psycopg.connect(host=u.host, port=u.port, dbname=u.database,
                               user=self.role(who), password=SANDI)

    def app(self, who: str) -> Database:
        """The application, connected as that officer's login."""
        url = self.url.set(username=self.role(who), password=SANDI)
        self.opened.append(url.render_as_string(hide_password=False))
        return open_database(self.opened[-1])

    def cli(self, who: str | None, *args: str, code: int = 0) -> str:
        """``pengadaan --db <as who> ARGS`` (None: as the test role, the DBA here)."""
        url = self.url if who is None else self.url.set(username=self.role(who),
                                                        password=SANDI)
        self.opened.append(url.render_as_string(hide_password=False))
        result = run_cli("--db", self.opened[-1], *args)
        assert result.returncode == code, result.stdout + result.stderr
        return result.stdout + result.stderr

    def snapshot(self) -> dict[str, list]:
        """Every row an officer might try to change, as the owner sees them."""
        engine = get_engine(self.url.render_as_string(hide_password=False))
        with engine.connect() as conn:
            return {t: [tuple(r) for r in conn.execute(sa.text(f"SELECT * FROM {t} ORDER BY 1"))]
                    for t in ("paket", "riwayat", "progres", "jadwal", "kendala", "pengguna")}


def _admin_engine() -> sa.Engine:
    return sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")


def _drop(conn: sa.Connection, database: str, awalan: str) -> None:
    """The database, then this module's roles. FORCE ends the sessions left in it,
    which needs membership in their roles (a backend may outlive its closed client)."""
    ours = conn.execute(sa.text("SELECT rolname FROM pg_roles WHERE starts_with(rolname, :a)"),
                        {"a": awalan}).scalars().all()
    for name in ours:
        conn.execute(sa.text(f'GRANT "{name}" TO CURRENT_USER'))
    drop_database(conn, database)
    for name in ours:
        conn.execute(sa.text(f'DROP ROLE "{name}"'))


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    if not PG_URL:
        if IN_CI:
            pytest.fail("PostgreSQL wajib ada di CI (PENGADAAN_TEST_PG tidak diset)")
        pytest.skip("PostgreSQL tidak tersedia (jalankan lewat `make test`)")
    base = sa.make_url(PG_URL)
    awalan = f"{base.database}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_"
    database = awalan + "peran"
    admin = _admin_engine()
    with admin.connect() as conn:
        _drop(conn, database, awalan)
        conn.execute(sa.text(f'CREATE DATABASE "{database}"'))
    url = base.set(database=database)
    db = open_database(url.render_as_string(hide_password=False))
    secured = Server(url, awalan)
    try:
        _seed(db, awalan)
        secured = Server(url, awalan, first=uc.secure_database(db, awalan))
        with db.engine.begin() as conn:
            for who in ("adi", "ulfa", "dedi", "dian", "sekar"):
                conn.execute(sa.text(f'ALTER ROLE "{awalan}{who}" PASSWORD \'{SANDI}\''))
        yield secured
    finally:
        for opened in (*secured.opened, url.render_as_string(hide_password=False)):
            get_engine(opened).dispose()  # its sessions belong to roles dropped below
        with admin.connect() as conn:
            _drop(conn, database, awalan)
        admin.dispose()


def _seed(db: Database, awalan: str) -> None:
    """Two OPDs, DISHUB tenders at pengumuman (one with a kendala), a PUPR one at SPPBJ;
    one user per
    peran: adi admin, ulfa UKPBJ, dedi and dian PPK of DISHUB, sekar pengawas
    (registered before the database is secured, as on a shared install)."""
    two_opds(db)
    paket_at(db, "P-DISHUB", TENDER_TO_EVALUASI[:2], opd="DISHUB")
    paket_at(db, "P-APP", TENDER_TO_EVALUASI[:2], opd="DISHUB")  # the app's own steps
    record_kendala(db, "P-DISHUB", "lahan", "Lahan belum bebas", ACTOR, today=TODAY)
    paket_at(db, "P-PUPR", TENDER_KONSTRUKSI[:TENDER_KONSTRUKSI.index(
        ("terbitkan_sppbj", "sppbj")) + 1], opd="PUPR")
    admin = awalan + "adi"
    uc.add_user(db, admin, "admin", ACTOR)
    uc.add_user(db, awalan + "ulfa", "ukpbj", admin)
    uc.add_user(db, awalan + "dedi", "ppk", admin, opd="DISHUB")
    uc.add_user(db, awalan + "dian", "ppk", admin, opd="DISHUB")
    uc.add_user(db, awalan + "sekar", "pengawas", admin)


def _paket_id(server: Server, kode: str) -> int:
    with server.connect("sekar") as conn:
        return conn.execute("SELECT id FROM paket WHERE kode = %s", (kode,)).fetchone()[0]


def refused(server: Server, who: str, statement: str, params: tuple = ()) -> str:
    """Run ``statement`` as ``who``: the server must refuse it and change nothing.
    Returns the server's message."""
    before = server.snapshot()
    conn = server.connect(who)  # connected: the refusal is the statement's
    with conn, pytest.raises(psycopg.Error) as err:
        conn.execute(statement, params)
        conn.commit()
    assert server.snapshot() == before
    return str(err.value)


def allowed(server: Server, who: str, statement: str, params: tuple = ()) -> int:
    """The same role may do the legitimate thing (rolled back): the refusals above are
    about the row or the change, not a role that can do nothing at all."""
    with server.connect(who) as conn:
        count = conn.execute(statement, params).rowcount
        conn.rollback()
    return count


# --- a PPK of DISHUB -------------------------------------------------------------------------


def test_ppk_cannot_change_another_opds_paket(server):
    pupr = _paket_id(server, "P-PUPR")
    message = refused(server, "dedi", "UPDATE paket SET pagu = 1 WHERE id = %s", (pupr,))
    assert "row-level security" in message
    assert allowed(server, "dedi", "UPDATE paket SET nama = 'x' WHERE kode = 'P-DISHUB'") == 1
    refused(server, "dedi", "UPDATE paket SET opd_id = (SELECT opd_id FROM paket WHERE "
                           "kode = 'P-DISHUB') WHERE id = %s", (pupr,))


def test_ppk_cannot_report_progress_on_another_opds_paket(server):
    insert = ("INSERT INTO progres (paket_id, tanggal, fisik_bp, kritis, dicatat, oleh) "
              "VALUES (%s, '2026-06-01', 5000, false, now(), session_user)")
    refused(server, "dedi", insert, (_paket_id(server, "P-PUPR"),))
    assert allowed(server, "dedi", insert, (_paket_id(server, "P-DISHUB"),)) == 1


def test_nobody_but_the_owner_rewrites_history(server):
    for who in ("dedi", "ulfa", "adi"):
        assert "permission denied" in refused(server, who, "UPDATE riwayat SET oleh = 'x'")
        assert "permission denied" in refused(server, who, "DELETE FROM riwayat")
    for who in ("dedi", "adi"):  # users' role records: the admin only adds to them
        assert "permission denied" in refused(
            server, who, "UPDATE riwayat_pengguna SET peran = 'admin'")
        assert "permission denied" in refused(server, who, "DELETE FROM riwayat_pengguna")


def test_officers_cannot_lift_a_trigger_or_grant_themselves_a_role(server):
    for who in ("dedi", "adi"):
        assert "must be owner" in refused(
            server, who, "ALTER TABLE riwayat DISABLE TRIGGER riwayat_tolak_perubahan")
    refused(server, "dedi", f'GRANT "{server.role("admin")}" TO "{server.role("dedi")}"')
    refused(server, "dedi", f'GRANT "{server.role("pemilik")}" TO "{server.role("dedi")}"')
    refused(server, "dedi", f'SET ROLE "{server.role("pemilik")}"')
    refused(server, "adi", f'SET ROLE "{server.role("pemilik")}"')


def test_officers_sign_only_as_themselves(server):
    """``oleh`` is the server login: a PPK writing with psql cannot sign history,
    progress or a kendala as someone else, nor re-sign what is there."""
    dedi, dian = server.role("dedi"), server.role("dian")
    dishub = _paket_id(server, "P-DISHUB")
    progres = ("INSERT INTO progres (paket_id, tanggal, fisik_bp, kritis, dicatat, oleh) "
               "VALUES (%s, '2026-06-01', 5000, false, now(), %s)")
    assert f"progres.oleh harus login Anda ({dedi}), bukan {dian}" in refused(
        server, "dedi", progres, (dishub, dian))
    assert allowed(server, "dedi", progres, (dishub, dedi)) == 1
    riwayat = ("INSERT INTO riwayat (paket_id, ke, pemicu, tanggal, dicatat, oleh, hash) "
               "VALUES (%s, 'pengumuman', 'umumkan', '2026-06-01', now(), %s, 'x'), "
               "(%s, 'pengumuman', 'umumkan', '2026-06-01', now(), %s, 'x')")
    assert "riwayat.oleh harus login Anda" in refused(
        server, "dedi", riwayat, (dishub, dedi, dishub, dian))  # one bad row of many
    selesai = ("UPDATE kendala SET selesai_tanggal = '2026-06-02', selesai_catatan = 'x', "
               "selesai_oleh = {} WHERE paket_id = %s")
    assert "kendala.selesai_oleh harus login Anda" in refused(
        server, "dedi", selesai.format("%s"), (dian, dishub))
    assert allowed(server, "dedi", selesai.format("session_user"), (dishub,)) == 1
    assert "tindak_lanjut.oleh harus login Anda" in refused(
        server, "ulfa", "INSERT INTO tindak_lanjut (kendala_id, uraian, pelaksana, batas, "
                        "status, rekomendasi, oleh, dicatat) SELECT id, 'x', 'x', "
                        "'2026-07-01', 'direncanakan', false, %s, now() FROM kendala", (dedi,))


def test_ppk_cannot_run_a_selection_step(server):
    assert "bukan wewenang" in refused(
            server, "dedi", "UPDATE paket SET tahap = 'penjelasan' WHERE kode = 'P-DISHUB'")


# --- UKPBJ, pengawas -------------------------------------------------------------------------


def test_ukpbj_changes_selection_stages_only(server):
    sign = "UPDATE paket SET tahap = 'kontrak' WHERE kode = 'P-PUPR'"
    assert "bukan wewenang" in refused(server, "ulfa", sign)
    assert allowed(server, "ulfa",
                   "UPDATE paket SET tahap = 'penjelasan' WHERE kode = 'P-DISHUB'") == 1
    refused(server, "ulfa", "UPDATE paket SET pagu = 1 WHERE kode = 'P-DISHUB'")
    refused(server, "ulfa", "INSERT INTO progres (paket_id, tanggal, fisik_bp, kritis, "
                             "dicatat, oleh) VALUES (%s, '2026-06-01', 1, false, now(), 'x')",
            (_paket_id(server, "P-DISHUB"),))


def test_pengawas_cannot_write_at_all(server):
    dishub = _paket_id(server, "P-DISHUB")
    for statement, params in (
            ("UPDATE paket SET pagu = 1 WHERE id = %s", (dishub,)),
            ("UPDATE paket SET tahap = 'batal' WHERE id = %s", (dishub,)),
            ("UPDATE jadwal SET urutan = urutan", ()),
            ("INSERT INTO progres (paket_id, tanggal, fisik_bp, kritis, dicatat, oleh) "
             "VALUES (%s, '2026-06-01', 1, false, now(), 'x')", (dishub,)),
            ("INSERT INTO riwayat (paket_id, ke, pemicu, tanggal, dicatat, oleh, hash) "
             "VALUES (%s, 'batal', 'batalkan', '2026-06-01', now(), 'x', 'x')", (dishub,)),
            ("INSERT INTO kendala (paket_id, tanggal, kategori, uraian, oleh, dicatat) "
             "VALUES (%s, '2026-06-01', 'lainnya', 'x', 'x', now())", (dishub,)),
            ("INSERT INTO tindak_lanjut (kendala_id, uraian, pelaksana, batas, status, "
             "rekomendasi, oleh, dicatat) SELECT id, 'x', 'x', '2026-07-01', 'direncanakan', "
             "false, 'x', now() FROM kendala", ()),
            ("UPDATE pengguna SET peran = 'admin'", ()),
    ):
        refused(server, "sekar", statement, params)


# --- the application on a secured database ---------------------------------------------------


def test_the_first_admin_is_registered_after_securing_an_empty_database(server):
    """As the docs say it is done: init, amankan, then the DBA registers the first admin
    with ``pengguna tambah NAME --peran admin --sandi-awal``; that admin then logs in
    and registers an officer, who can log in too."""
    awalan = server.awalan + "k_"
    database = awalan + "kosong"
    url = server.url.set(database=database)
    opened = url.render_as_string(hide_password=False)
    admin = _admin_engine()
    with admin.connect() as conn:
        _drop(conn, database, awalan)
        conn.execute(sa.text(f'CREATE DATABASE "{database}"'))
    empty = Server(url, awalan, opened=[opened])
    try:
        empty.cli(None, "init")
        out = " ".join(empty.cli(None, "pengguna", "amankan", "--awalan", awalan).split())
        assert "daftarkan admin pertama dengan `pengadaan pengguna tambah NAMA" in out
        run_input = run_cli("--db", opened, "pengguna", "tambah", empty.role("rina"),
                            "--peran", "admin", "--sandi-awal", input=f"{SANDI}\n{SANDI}\n")
        assert run_input.returncode == 0, run_input.stdout + run_input.stderr
        with empty.connect("rina") as conn:
            assert conn.execute("SELECT nama, peran, oleh FROM pengguna").fetchall() == [
                (empty.role("rina"), "admin", sa.make_url(PG_URL).username)]
        empty.cli("rina", "pengguna", "tambah", empty.role("sekar"), "--peran", "pengawas")
        with get_engine(opened).begin() as conn:
            conn.execute(sa.text(f'ALTER ROLE "{empty.role("sekar")}" PASSWORD \'{SANDI}\''))
        out = " ".join(empty.cli("sekar", "pengguna", "saya").split())
        assert f"{empty.role('sekar')}: pengawas" in out
    finally:
        for each in empty.opened:
            get_engine(each).dispose()
        with admin.connect() as conn:
            _drop(conn, database, awalan)
        admin.dispose()


def test_the_acting_user_is_the_server_login(server):
    db = server.app("dedi")
    me = uc.current_user(db, Identitas("siapa-saja", "siapa-saja"))
    assert (me.nama, me.peran, me.verifikasi) == (server.role("dedi"), "ppk", Verifikasi.SERVER)
    with pytest.raises(TidakBerwenang, match="--pengguna .* ditolak: basis data ini diamankan"):
        uc.current_user(db, Identitas(server.role("adi"), "budi"))
    # The app's own check speaks first, with its clear message; the server agrees.
    with pytest.raises(TidakBerwenang, match="bukan wewenang|tidak berwenang"):
        advance(db, "P-DISHUB", "beri_penjelasan", Identitas("x", "x"), tanggal=TODAY,
                today=TODAY)


def test_each_officer_still_does_its_own_work_through_the_app(server):
    """The grants are not only walls: every role's everyday writes go through, and the
    history names the server login."""
    me = Identitas("x", "x")
    done = advance(server.app("ulfa"), "P-APP", "beri_penjelasan", me, tanggal=TODAY,
                   today=TODAY)
    assert done.paket.tahap == "penjelasan" and done.riwayat[-1].oleh == server.role("ulfa")
    ppk = server.app("dedi")
    create_paket(ppk, PaketBaru(kode="P-BARU", nama="Rambu", opd="DISHUB", metode="tender",
                                jenis="barang", pagu=500_000_000, tahun=2026), me,
                 as_of=START)
    kendala = record_kendala(ppk, "P-APP", "cuaca", "Hujan", me)  # dated today
    for bp in (3_000, 4_000):  # the second replaces the first: DELETE, INSERT, an entry
        set_planned_curve(ppk, "P-APP", [Titik(TODAY, bp)], me)
    newest = show_paket(ppk, "P-APP").riwayat[-1]
    assert (newest.pemicu, newest.oleh) == ("kurva_rencana", server.role("dedi"))
    record_tindak_lanjut(server.app("sekar"), kendala.id, "Percepat", "PPK", TODAY, me,
                         rekomendasi=True)
    with pytest.raises(TidakBerwenang, match="tidak berwenang mengubah paket"):
        record_kendala(ppk, "P-PUPR", "cuaca", "Hujan", me, today=TODAY)


def test_admin_creates_and_deactivates_logins_through_the_app(server):
    db = server.app("adi")
    admin = Identitas("x", "x")
    uc.add_user(db, server.role("baru"), "pengawas", admin, sandi=SANDI)
    with server.connect("baru") as conn:
        assert conn.execute("SELECT kode FROM paket WHERE kode = 'P-PUPR'").fetchall() == [
            ("P-PUPR",)]
    uc.set_active(db, server.role("dian"), False, admin)
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        server.connect("dian")
    assert verify_history(db).pengguna.utuh  # both changes recorded, signed by adi
    # The admin's function changes officers' logins only: not the owner, not a group.
    for role in ("pemilik", "admin"):
        assert "bukan login petugas" in refused(
            server, "adi", "SELECT pengadaan_login_aktif(%s, false)", (server.role(role),))


def test_only_an_admin_creates_logins(server):
    refused(server, "dedi", "SELECT pengadaan_login_baru(%s, 'admin', 'x')",
            (server.role("siluman"),))


def test_the_cli_says_who_acts_and_that_the_server_checked(server):
    out = " ".join(server.cli("dedi", "pengguna", "saya").split())
    assert f"{server.role('dedi')}: ppk Dinas Perhubungan" in out
    assert "Identitas diverifikasi server PostgreSQL" in out
    out = server.cli("dedi", "--pengguna", "budi", "pengguna", "saya", code=3)
    assert "--pengguna budi ditolak: basis data ini diamankan" in out
    out = " ".join(server.cli(None, "pengguna", "amankan", "--awalan", server.awalan).split())
    assert f"Pemilik skema: {server.role('pemilik')} (NOLOGIN)" in out
    assert f"{server.role('dedi')} (ppk): login sudah ada, peran diberikan" in out


def test_the_transition_table_is_generated_from_the_workflows(server):
    engine = get_engine(server.url.render_as_string(hide_password=False))
    with engine.connect() as conn:
        rows = set(conn.execute(sa.text("SELECT dari, ke, peran FROM transisi_peran")))
    assert rows == transition_rows()
    assert ("sppbj", "kontrak", "ppk") in rows and ("pengumuman", "penjelasan", "ukpbj") in rows


def test_migrations_run_as_the_owner_and_refresh_the_transition_table(server):
    """``pengadaan init`` by the DBA migrates as the owner and regenerates transisi_peran
    (a new version's workflows) and the signature triggers (a new version's tables); an
    officer's login cannot migrate at all."""
    dba = get_engine(server.url.render_as_string(hide_password=False))
    with dba.begin() as conn:
        conn.execute(sa.text("DELETE FROM transisi_peran WHERE dari = 'sppbj'"))
        conn.execute(sa.text("DROP TRIGGER oleh_login_tambah ON progres"))
    upgrade(dba)
    with dba.connect() as conn:
        rows = set(conn.execute(sa.text("SELECT dari, ke, peran FROM transisi_peran")))
    assert rows == transition_rows()
    assert "progres.oleh harus login Anda" in refused(
        server, "dedi", "INSERT INTO progres (paket_id, tanggal, fisik_bp, kritis, dicatat, "
                        "oleh) VALUES (%s, '2026-06-01', 1, false, now(), 'x')",
        (_paket_id(server, "P-DISHUB"),))
    officer = server.app("dedi").engine
    with pytest.raises(DatabaseError, match="minta DBA .* menjalankan `pengadaan init`"):
        upgrade(officer)


def test_the_user_record_migration_on_a_secured_database(server):
    """Stepping back across 0009 and up again as the DBA: the record starts afresh, the
    admin may add to it at once (no second ``amankan``), signed only as itself."""
    dba = get_engine(server.url.render_as_string(hide_password=False))
    downgrade(dba, revision_before("0009_riwayat_pengguna.py"))
    upgrade(dba)
    db = server.app("adi")
    uc.add_user(db, server.role("tamu"), "pengawas", Identitas("x", "x"))
    assert verify_history(db).pengguna.utuh
    assert "riwayat_pengguna.oleh harus login Anda" in refused(
        server, "adi", "INSERT INTO riwayat_pengguna (nama, peran, aktif, aksi, dicatat, oleh, "
                       "hash) VALUES ('x', 'admin', true, 'tambah', now(), 'x', 'x')")


def test_a_shared_role_installation_moves_to_the_owner(server):
    """The fixture secured what a shared role (the test role: it created the database,
    the schema and the data) had set up: everything now belongs to the NOLOGIN owner,
    every registered user got a login, and the report says the installer is a member."""
    owner = server.role("pemilik")
    with server.connect("sekar") as conn:
        owners = {r[0] for r in conn.execute(
            "SELECT tableowner FROM pg_tables WHERE schemaname = 'public'")}
        database_owner = conn.execute(
            "SELECT pg_get_userbyid(datdba) FROM pg_database "
            "WHERE datname = current_database()").fetchone()[0]
        can_login = conn.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s",
                                 (owner,)).fetchone()[0]
    assert (owners, database_owner, can_login) == ({owner}, owner, False)
    first = server.first
    assert first.pemasang == sa.make_url(PG_URL).username and first.pemasang_anggota
    assert {(login.nama, login.keadaan) for login in first.logins} == {
        (server.role(who), "login dibuat tanpa kata sandi")
        for who in ("adi", "ulfa", "dedi", "dian", "sekar")}
    assert sorted(first.dibuat) == sorted(first.roles.values())


def test_securing_again_changes_nothing_it_should_not(server):
    before = server.snapshot()
    db = open_database(server.url.render_as_string(hide_password=False))
    done = uc.secure_database(db, server.awalan)
    assert done.dibuat == []
    assert server.snapshot() == before
    refused(server, "dedi", "UPDATE paket SET pagu = 1 WHERE kode = 'P-PUPR'")


def test_after_migration_0008_officers_still_move_their_chain_heads(server):
    """A database secured before 0008_jejak_nilai gets ``paket.riwayat_hash`` from the
    migration: the groups that update a paket may update it too (a new paket's head)."""
    from pengadaan.db.migrate import downgrade

    dba = get_engine(server.url.render_as_string(hide_password=False))
    downgrade(dba, "0007_peran_server")
    upgrade(dba)
    with dba.connect() as conn:
        for peran in ("ppk", "ukpbj"):
            assert conn.execute(sa.text(
                "SELECT has_column_privilege(:g, 'paket', 'riwayat_hash', 'UPDATE')"),
                {"g": server.role(peran)}).scalar()
    create_paket(server.app("dedi"), PaketBaru(
        kode="P-SESUDAH", nama="Marka", opd="DISHUB", metode="tender", jenis="barang",
        pagu=300_000_000, tahun=2026), Identitas("x", "x"), as_of=START)
    with dba.connect() as conn:
        assert conn.execute(sa.text(
            "SELECT riwayat_hash IS NOT NULL FROM paket WHERE kode = 'P-SESUDAH'")).scalar()
