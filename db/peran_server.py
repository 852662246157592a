"""PostgreSQL enforces who may change what (issue #16): roles, grants, row-level security.

``secure`` (``pengadaan pengguna amankan``) turns a shared-role installation into one
where the server itself is the wall: a NOLOGIN owner, one NOLOGIN group role per peran,
a LOGIN role per officer, privileges per group, RLS that keeps a PPK to its own OPD,
and the (dari, ke) table the stage trigger of migration 0007_peran_server reads,
generated here from the same workflow definitions the application runs, and the
triggers that make every signature (``oleh``) the server login. The use
cases keep their own checks, for clear messages; this is what holds when someone
connects with psql instead.

Group names carry a prefix (``pengadaan_`` unless the DBA picks another), because roles
are cluster-wide: two databases on one server (or two test runs) each get their own.
Run it again after every upgrade: it is idempotent and refreshes what the new version
needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from pengadaan.db.models import Paket

from pengadaan.domain.akses import PEMILIK_PEMICU, Peran
from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.workflow.definitions import WORKFLOWS

AWALAN_BAWAAN = "pengadaan_"
PEMILIK = "pemilik"
_AWALAN = re.compile(r"[a-z_][a-z0-9_]{0,40}")

# Tables nobody but the owner writes: the histories (privilege, not only their
# triggers), the schema revision and the two tables this module fills.
OWNER_ONLY = ("riwayat", "riwayat_pengguna", "alembic_version", "peran_server",
              "transisi_peran")
# The histories among them: their writers may only add (INSERT), never change.
APPEND_ONLY = ("riwayat", "riwayat_pengguna")

# What a paket is, as opposed to where it is: selection (UKPBJ) never changes these.
PAKET_IDENTITAS = ("id", "kode", "kode_rup", "nama", "opd_id", "tahun", "jenis",
                   "sumber_dana", "pagu", "ppk", "dibuat", "tgl_kontrak_mulai",
                   "tgl_kontrak_selesai")

_INS_UPD = "INSERT, UPDATE"
# Writes per group beyond SELECT on everything; a column list limits an UPDATE. The
# admin writes every table except OWNER_ONLY (and may only add to the APPEND_ONLY
# histories: riwayat, and riwayat_pengguna with every change of a user).
_PAKET_COLUMNS = tuple(c.name for c in Paket.__table__.columns)
WRITES: dict[Peran, dict[str, str]] = {
    Peran.UKPBJ: {
        "paket": "UPDATE ({})".format(", ".join(
            c for c in _PAKET_COLUMNS if c not in PAKET_IDENTITAS)),
        "riwayat": "INSERT", "jadwal": _INS_UPD, "kendala": _INS_UPD,
        "tindak_lanjut": _INS_UPD, "tindak_lanjut_riwayat": "INSERT",
    },
    Peran.PPK: {
        "paket": "INSERT, UPDATE ({})".format(", ".join(
            c for c in _PAKET_COLUMNS if c not in ("id", "opd_id"))),
        "riwayat": "INSERT", "jadwal": _INS_UPD, "progres": "INSERT",
        "rencana_kurva": "INSERT, DELETE", "adendum": "INSERT", "scm": "INSERT",
        "daftar_hitam": "INSERT", "kendala": _INS_UPD, "tindak_lanjut": _INS_UPD,
        "tindak_lanjut_riwayat": "INSERT",
    },
    # A pengawas only reads, and adds a rekomendasi tindak lanjut (RLS below); like
    # every change of a paket that marks the paket changed (``diubah``, ``version``).
    Peran.PENGAWAS: {
        "paket": "UPDATE (diubah, version)",
        "tindak_lanjut": "INSERT", "tindak_lanjut_riwayat": "INSERT",
    },
}

# Row-level security: the condition that a row belongs to the acting PPK's OPD.
_OPD_SAYA = ("(SELECT g.opd_id FROM pengguna g WHERE g.nama = current_user "
             "AND g.aktif AND g.peran = 'ppk')")
_PAKET_SAYA = f"(SELECT p.id FROM paket p WHERE p.opd_id = {_OPD_SAYA})"
_KENDALA_SAYA = f"(SELECT k.id FROM kendala k WHERE k.paket_id IN {_PAKET_SAYA})"
_TL_SAYA = f"(SELECT t.id FROM tindak_lanjut t WHERE t.kendala_id IN {_KENDALA_SAYA})"
MILIK_OPD_SAYA: dict[str, str] = {
    "paket": f"opd_id = {_OPD_SAYA}",
    **{table: f"paket_id IN {_PAKET_SAYA}" for table in (
        "jadwal", "riwayat", "progres", "rencana_kurva", "adendum", "scm", "kendala",
        "daftar_hitam")},
    "tindak_lanjut": f"kendala_id IN {_KENDALA_SAYA}",
    "tindak_lanjut_riwayat": f"tindak_lanjut_id IN {_TL_SAYA}",
}
_REKOMENDASI = {
    "tindak_lanjut": "rekomendasi",
    "tindak_lanjut_riwayat": "tindak_lanjut_id IN "
                             "(SELECT t.id FROM tindak_lanjut t WHERE t.rekomendasi)",
}
_FUNCTIONS_ADMIN = ("pengadaan_login_baru(text, text, text)",
                    "pengadaan_login_aktif(text, boolean)")


@dataclass(frozen=True)
class NamaRole:
    """The server role names of one database: ``<awalan>pemilik``, ``<awalan>admin``…"""

    awalan: str = AWALAN_BAWAAN

    def __post_init__(self) -> None:
        if not _AWALAN.fullmatch(self.awalan):
            raise InvalidInput(f"awalan: '{self.awalan}' harus huruf kecil, angka atau _, "
                               "diawali huruf atau _, paling panjang 41 karakter")

    @property
    def pemilik(self) -> str:
        return self.awalan + PEMILIK

    def grup(self, peran: Peran) -> str:
        return self.awalan + str(peran)

    def semua(self) -> dict[str, str]:
        """``peran_server`` as it is written: part → role name."""
        return {PEMILIK: self.pemilik, **{str(p): self.grup(p) for p in Peran}}


@dataclass(frozen=True)
class Login:
    nama: str
    peran: str
    keadaan: str  # what amankan did about it, in Indonesian


@dataclass
class Pengamanan:
    """What ``secure`` did, for the DBA to read."""

    roles: dict[str, str]
    dibuat: list[str] = field(default_factory=list)
    pemasang: str = ""
    pemasang_anggota: bool = False  # a non-superuser installer now belongs to the owner
    logins: list[Login] = field(default_factory=list)


def transition_rows() -> set[tuple[str, str, str]]:
    """Every (dari, ke, peran) of every workflow: the role that owns the step's trigger,
    exactly as the application decides it (pengadaan.domain.akses.PEMILIK_PEMICU)."""
    return {(source, step.dest, str(PEMILIK_PEMICU[step.trigger]))
            for steps in WORKFLOWS.values() for step in steps for source in step.source}


def sync_transitions(connection: sa.Connection) -> None:
    """Rewrite ``transisi_peran`` from the definitions (run as the owner)."""
    connection.exec_driver_sql("DELETE FROM transisi_peran")
    connection.execute(
        sa.text("INSERT INTO transisi_peran (dari, ke, peran) VALUES (:dari, :ke, :peran)"),
        [{"dari": d, "ke": k, "peran": p} for d, k, p in sorted(transition_rows())])


def refresh_after_migration(connection: sa.Connection) -> None:
    """What a secured database regenerates after every migration (as the owner): the
    stage-ownership table from this version's workflows, and the signature triggers on
    every table that has one (a migration may have added a table)."""
    sync_transitions(connection)
    _sign_check(_Sql(connection))


def is_secured(connection: sa.Connection) -> bool:
    """PostgreSQL with ``peran_server`` filled: the server checks who acts."""
    if connection.dialect.name != "postgresql":
        return False
    return connection.exec_driver_sql("SELECT EXISTS (SELECT 1 FROM peran_server)").scalar()


def session_login(connection: sa.Connection) -> str:
    """Who the server authenticated on this connection."""
    return connection.exec_driver_sql("SELECT session_user").scalar()


def create_login(connection: sa.Connection, nama: str, peran: str, sandi: str | None) -> None:
    """The officer's LOGIN role in its peran's group (an admin; migration 0007's function)."""
    connection.execute(sa.text("SELECT pengadaan_login_baru(:nama, :peran, :sandi)"),
                       {"nama": nama, "peran": peran, "sandi": sandi})


def set_login(connection: sa.Connection, nama: str, aktif: bool) -> None:
    """Revoke (or give back) the officer's LOGIN."""
    connection.execute(sa.text("SELECT pengadaan_login_aktif(:nama, :aktif)"),
                       {"nama": nama, "aktif": aktif})


# --- secure ----------------------------------------------------------------------------------


class _Sql:
    """Statements on one connection, identifiers quoted by the dialect."""

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection
        self.q = connection.dialect.identifier_preparer.quote_identifier

    def run(self, statement: str) -> None:
        self.connection.exec_driver_sql(statement)

    def value(self, query: str, **params):
        return self.connection.execute(sa.text(query), params).scalar()

    def column(self, query: str, **params) -> list:
        return list(self.connection.execute(sa.text(query), params).scalars())

    def role_exists(self, name: str) -> bool:
        return bool(self.value("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :n)",
                               n=name))


def secure(connection: sa.Connection, names: NamaRole) -> Pengamanan:
    """Roles, ownership, grants, RLS and logins, in the caller's transaction.

    Run by the DBA (``postgres``, or the role that owns the database today, which
    needs CREATEROLE and CREATEDB); the schema must be at the newest revision.
    """
    sql = _Sql(connection)
    report = Pengamanan(names.semua(), pemasang=sql.value("SELECT current_user"))
    _create_roles(sql, names, report)
    _sign_check(sql)
    _move_ownership(sql, names)
    _grant(sql, names)
    _row_security(sql, names)
    connection.exec_driver_sql("DELETE FROM peran_server")
    connection.execute(sa.text("INSERT INTO peran_server (peran, nama_role) VALUES (:p, :n)"),
                       [{"p": p, "n": n} for p, n in names.semua().items()])
    sync_transitions(connection)
    report.logins = _logins(sql, names)
    return report


def _create_roles(sql: _Sql, names: NamaRole, report: Pengamanan) -> None:
    owner = sql.q(names.pemilik)
    for name in names.semua().values():
        if not sql.role_exists(name):
            sql.run(f"CREATE ROLE {sql.q(name)} NOLOGIN")
            report.dibuat.append(name)
        else:
            sql.run(f"ALTER ROLE {sql.q(name)} NOLOGIN")
    # The owner creates officers' logins (SECURITY DEFINER functions), so it may grant
    # the groups: CREATEROLE, and ADMIN OPTION on each group (PostgreSQL 16 asks for it).
    sql.run(f"ALTER ROLE {owner} CREATEROLE")
    for peran in Peran:
        sql.run(f"GRANT {sql.q(names.grup(peran))} TO {owner} WITH ADMIN OPTION")
    if not sql.value("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"):
        # Giving the schema to the owner needs membership in it.
        sql.run(f"GRANT {owner} TO CURRENT_USER")
        report.pemasang_anggota = True


# A signature (``oleh``, ``selesai_oleh``) is the server login: an officer writing with
# psql cannot sign as someone else. The owner's members (the DBA, migrations) are
# exempt, as from every secured trigger. The columns come as trigger arguments.
SIGNATURES = ("oleh", "selesai_oleh")
_OLEH_LOGIN = """CREATE OR REPLACE FUNCTION pengadaan_oleh_login() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  kolom text;
  oleh_ text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM peran_server)
     OR EXISTS (SELECT 1 FROM peran_server r WHERE r.peran = 'pemilik'
                AND pg_has_role(session_user, r.nama_role, 'MEMBER')) THEN
    RETURN NEW;
  END IF;
  FOREACH kolom IN ARRAY TG_ARGV LOOP
    IF TG_LEVEL = 'ROW' THEN  -- only a signature this UPDATE changes
      oleh_ := to_jsonb(NEW) ->> kolom;
      IF oleh_ IS NOT DISTINCT FROM to_jsonb(OLD) ->> kolom THEN
        CONTINUE;
      END IF;
    ELSE
      SELECT to_jsonb(b) ->> kolom INTO oleh_ FROM baru b
       WHERE (to_jsonb(b) ->> kolom) <> session_user LIMIT 1;
    END IF;
    IF oleh_ <> session_user THEN
      RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = TG_TABLE_NAME || '.' || kolom
        || ' harus login Anda (' || session_user || '), bukan ' || oleh_;
    END IF;
  END LOOP;
  RETURN NEW;
END $$"""


def _sign_check(sql: _Sql) -> None:
    """Every table with a signature column: an INSERT (once per statement: a bulk import
    pays one call) and a changed signature must carry the acting login."""
    sql.run(_OLEH_LOGIN)
    rows = sql.connection.execute(sa.text(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND column_name IN :kolom "
        "ORDER BY table_name, column_name").bindparams(
            sa.bindparam("kolom", expanding=True)), {"kolom": list(SIGNATURES)}).all()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        tables.setdefault(table, []).append(column)
    for table, columns in tables.items():
        t = sql.q(table)
        args = ", ".join(f"'{c}'" for c in columns)
        sql.run(f"DROP TRIGGER IF EXISTS oleh_login_tambah ON {t}")
        sql.run(f"CREATE TRIGGER oleh_login_tambah AFTER INSERT ON {t} REFERENCING NEW "
                "TABLE AS baru FOR EACH STATEMENT "
                f"EXECUTE FUNCTION pengadaan_oleh_login({args})")
        changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in columns)
        sql.run(f"DROP TRIGGER IF EXISTS oleh_login_ubah ON {t}")
        sql.run(f"CREATE TRIGGER oleh_login_ubah BEFORE UPDATE OF {', '.join(columns)} "
                f"ON {t} FOR EACH ROW WHEN ({changed}) "
                f"EXECUTE FUNCTION pengadaan_oleh_login({args})")


def _move_ownership(sql: _Sql, names: NamaRole) -> None:
    owner = sql.q(names.pemilik)
    database = sql.q(sql.value("SELECT current_database()"))
    sql.run(f"ALTER DATABASE {database} OWNER TO {owner}")
    sql.run(f"ALTER SCHEMA public OWNER TO {owner}")
    for table in _tables(sql):
        sql.run(f"ALTER TABLE {sql.q(table)} OWNER TO {owner}")
    for function in sql.column(
            "SELECT p.oid::regprocedure::text FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'"):
        sql.run(f"ALTER FUNCTION {function} OWNER TO {owner}")


def _tables(sql: _Sql) -> list[str]:
    return sql.column("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                      "ORDER BY tablename")


def _grant(sql: _Sql, names: NamaRole) -> None:
    database = sql.q(sql.value("SELECT current_database()"))
    groups = ", ".join(sql.q(names.grup(p)) for p in Peran)
    writers = ", ".join(sql.q(names.grup(p)) for p in Peran if p != Peran.PENGAWAS)
    sql.run(f"REVOKE ALL ON DATABASE {database} FROM PUBLIC")
    sql.run(f"GRANT CONNECT ON DATABASE {database} TO {groups}")
    sql.run("REVOKE ALL ON SCHEMA public FROM PUBLIC")
    sql.run(f"GRANT USAGE ON SCHEMA public TO {groups}")
    sql.run("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC")
    sql.run(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {groups}")
    sql.run(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {groups}")
    sql.run(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {writers}, "
            f"{sql.q(names.grup(Peran.PENGAWAS))}")
    sql.run(f"ALTER DEFAULT PRIVILEGES FOR ROLE {sql.q(names.pemilik)} IN SCHEMA public "
            f"GRANT SELECT ON TABLES TO {groups}")
    admin = sql.q(names.grup(Peran.ADMIN))
    for table in _tables(sql):
        if table in APPEND_ONLY:
            sql.run(f"GRANT INSERT ON {sql.q(table)} TO {admin}")
        elif table not in OWNER_ONLY:
            sql.run(f"GRANT INSERT, UPDATE, DELETE ON {sql.q(table)} TO {admin}")
    for peran, tables in WRITES.items():
        for table, privileges in tables.items():
            sql.run(f"GRANT {privileges} ON {sql.q(table)} TO {sql.q(names.grup(peran))}")
    for function in _FUNCTIONS_ADMIN:
        sql.run(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        sql.run(f"GRANT EXECUTE ON FUNCTION {function} TO {admin}")


def _policy(sql: _Sql, table: str, name: str, spec: str) -> None:
    sql.run(f"DROP POLICY IF EXISTS {name} ON {sql.q(table)}")
    sql.run(f"CREATE POLICY {name} ON {sql.q(table)} {spec}")


def _row_security(sql: _Sql, names: NamaRole) -> None:
    """Everyone reads every row; admin and UKPBJ write any OPD's (their privileges
    decide what); a PPK only rows of its own OPD's paket; a pengawas only rekomendasi."""
    full = ", ".join(sql.q(names.grup(p)) for p in (Peran.ADMIN, Peran.UKPBJ))
    ppk = sql.q(names.grup(Peran.PPK))
    pengawas = sql.q(names.grup(Peran.PENGAWAS))
    for table, own in MILIK_OPD_SAYA.items():
        sql.run(f"ALTER TABLE {sql.q(table)} ENABLE ROW LEVEL SECURITY")
        _policy(sql, table, "semua_baca", "FOR SELECT USING (true)")
        _policy(sql, table, "admin_ukpbj_tulis", f"FOR ALL TO {full} USING (true) "
                                                 "WITH CHECK (true)")
        _policy(sql, table, "ppk_tambah", f"FOR INSERT TO {ppk} WITH CHECK ({own})")
        # A PPK may lock any paket (the use case then refuses with a clear message);
        # what it writes must stay its own OPD's, and it cannot change opd_id.
        using = "true" if table == "paket" else own
        _policy(sql, table, "ppk_ubah", f"FOR UPDATE TO {ppk} USING ({using}) "
                                        f"WITH CHECK ({own})")
        _policy(sql, table, "ppk_hapus", f"FOR DELETE TO {ppk} USING ({own})")
    _policy(sql, "paket", "pengawas_tandai", f"FOR UPDATE TO {pengawas} USING (true) "
                                             "WITH CHECK (true)")
    for table, check in _REKOMENDASI.items():
        _policy(sql, table, "pengawas_rekomendasi", f"FOR INSERT TO {pengawas} "
                                                    f"WITH CHECK ({check})")


def _logins(sql: _Sql, names: NamaRole) -> list[Login]:
    """Every registered officer gets a login in its peran's group (created without a
    password, so nobody logs in with it until one is set or pg_hba allows peer/cert)."""
    done = []
    rows = sql.connection.execute(sa.text(
        "SELECT nama, peran, aktif FROM pengguna ORDER BY nama")).all()
    for nama, peran, aktif in rows:
        group = sql.q(names.grup(Peran(peran)))
        if not sql.role_exists(nama):
            sql.run(f"CREATE ROLE {sql.q(nama)} {'LOGIN' if aktif else 'NOLOGIN'}")
            sql.run(f"GRANT {group} TO {sql.q(nama)}")
            state = "login dibuat tanpa kata sandi" if aktif else "login dibuat, nonaktif"
        elif _privileged(sql, names, nama):
            state = "dilewati: login ini DBA atau pemilik, bukan login petugas"
        else:
            sql.run(f"GRANT {group} TO {sql.q(nama)}")
            state = "login sudah ada, peran diberikan"
        done.append(Login(nama, peran, state))
    return done


def _privileged(sql: _Sql, names: NamaRole, nama: str) -> bool:
    return bool(sql.value(
        "SELECT rolsuper OR pg_has_role(rolname, :owner, 'MEMBER') OR rolname = ANY(:ours) "
        "FROM pg_roles WHERE rolname = :n",
        owner=names.pemilik, ours=list(names.semua().values()), n=nama))

