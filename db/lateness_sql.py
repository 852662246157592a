"""The lateness rule set as SQL: flags, severity and deadlines for lists.

Mirrors ``pengadaan/domain/lateness.py`` (a property test checks that they agree).
No date arithmetic happens in SQL: every rule compares a column with a date the
caller precomputed for the as-of date (:class:`pengadaan.domain.lateness.Ambang`),
so the same statements run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import sqlalchemy as sa
from pengadaan.db import kendala as kendala_q
from pengadaan.db.inputs import named
from pengadaan.db.models import Jadwal, Kendala, Opd, Paket, TindakLanjut
from pengadaan.db.progres import report_kritis_in_force
from pengadaan.db.repository import LIST_COLUMNS, PaketFilter
from pengadaan.db.repository import _where as where_filter
from pengadaan.db.statements import ambang_parameters
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from pengadaan.domain.alert_kinds import (
    FLAGS,
    KRITIS,
    LATE_MIN_SEVERITY,
    RAWAN,
    SEVERITY,
    TERLAMBAT,
)
from pengadaan.domain.lateness import KONTRAK_BERJALAN, PRA_KONTRAK, Ambang
from pengadaan.domain.vocabulary import ESCALATION, EXECUTION, FINAL_TAHAP, PLANNING

# The current stage's row of the schedule (unique on paket_id, tahap).
J = Jadwal.__table__.alias("j")

STAGE_BATAS = sa.type_coerce(
    sa.case(
        (sa.and_(Paket.tahap.in_(EXECUTION), Paket.tgl_kontrak_selesai.is_not(None)),
         Paket.tgl_kontrak_selesai),
        else_=J.c.rencana_selesai,
    ),
    sa.Date,
)


def kritis_condition(tahap: ColumnElement[str], report_kritis: ColumnElement
                     ) -> ColumnElement[bool]:
    """Kontrak kritis (``pengadaan.domain.lateness.kontrak_kritis``) over a stage column
    (the current one, or the stage on an as-of date) and the verdict of the progress
    report in force (NULL without a report): the one SQL form of the rule."""
    return sa.and_(tahap.in_(EXECUTION),
                   sa.or_(tahap.in_(ESCALATION), report_kritis.is_(True)))


def as_of_inputs(a: Ambang) -> dict[str, sa.BindParameter]:
    """The values of ``a`` as bind parameters named as :func:`ambang_parameters` names
    them: the cached text of a statement (pengadaan/db/reading.py) takes them by name."""
    return {name: named(name, value) for name, value in ambang_parameters(a).items()}


def _paket_in(ids: sa.Select, few: bool) -> ColumnElement[bool]:
    """``Paket.id IN (ids)``, where ``ids`` selects ``Kendala.paket_id``. SQLite builds
    such a list once per statement from every row it selects (all kendala and tindak
    lanjut: ±60 ms at 100,000 paket): right for a scan of every paket, wasted on a
    page of rows or one paket's detail (``few``), which look up each paket's own rows
    instead (correlated, through the index on ``kendala.paket_id``). Same rule."""
    return Paket.id.in_(ids.where(Kendala.paket_id == Paket.id) if few else ids)


def conditions(a: Ambang, few: bool = False) -> dict[str, ColumnElement[bool]]:
    """One boolean SQL expression per flag, for the as-of date in ``a``; ``few``: the
    statement reads a page of paket or one (:func:`_paket_in`)."""
    batas, inputs = STAGE_BATAS, as_of_inputs(a)
    as_of = inputs["as_of"]
    contract_governs = sa.and_(Paket.tahap.in_(EXECUTION), Paket.tgl_kontrak_selesai.is_not(None))
    is_open = Paket.tahap.not_in(tuple(FINAL_TAHAP))
    this_year = Paket.tahun == inputs["tahun_per"]
    pre_contract_late = Paket.tahun < inputs["tahun_per"]
    if a.jenis_berisiko:
        pre_contract_late = sa.or_(pre_contract_late,
                                   sa.and_(this_year, Paket.jenis.in_(a.jenis_berisiko)))
    return {
        "lewat_kontrak": sa.and_(Paket.tahap.in_(KONTRAK_BERJALAN),
                                 Paket.tgl_kontrak_selesai < as_of),
        "kontrak_tertunda": sa.and_(Paket.tahap == "sppbj",
                                    Paket.tahap_sejak < inputs["sppbj_sebelum"]),
        "terlambat": sa.and_(is_open, batas < as_of, sa.not_(contract_governs)),
        "belum_mulai": sa.and_(Paket.tahap.in_(PLANNING),
                               Paket.tgl_awal_pemilihan < as_of),
        "lewat_tahun_anggaran": sa.or_(
            sa.and_(Paket.tahap.in_(KONTRAK_BERJALAN),
                    sa.extract("year", Paket.tgl_kontrak_selesai) > Paket.tahun),
            sa.and_(Paket.tahap.in_(PRA_KONTRAK), pre_contract_late),
        ),
        "hampir": sa.and_(is_open, batas >= as_of, batas <= inputs["hampir_sampai"]),
        "kritis": kritis_condition(Paket.tahap, report_kritis_in_force(as_of)),
        "tindak_lanjut_lewat": sa.and_(is_open, _paket_in(
            kendala_q.overdue_follow_ups(as_of, Kendala.paket_id), few)),
    }


def earliest_overdue(as_of) -> ColumnElement:
    """The oldest batas of the paket's overdue tindak lanjut (the reference date of
    ``tindak_lanjut_lewat``), correlated: only computed for the rows that hold it."""
    return (kendala_q.overdue_follow_ups(as_of, sa.func.min(TindakLanjut.batas))
            .where(Kendala.paket_id == Paket.id).scalar_subquery())


def kendala_terbuka(as_of, few: bool = False) -> ColumnElement[bool]:
    """The paket has a kendala open on ``as_of`` (the dashboard's mark, issue #13)."""
    return _paket_in(kendala_q.with_open_kendala(as_of), few)


def golongan_conditions(conds: dict[str, ColumnElement[bool]]
                        ) -> dict[str, ColumnElement[bool]]:
    """The package-level words of ``pengadaan.domain.lateness.golongan`` in SQL."""
    def any_of(kinds):
        return sa.or_(*(conds[f] for f in sorted(kinds)))
    late, kritis = any_of(TERLAMBAT), any_of(KRITIS)
    # CASE, not AND NOT: a condition on a NULL date is NULL, and NOT NULL is not true.
    rawan = sa.case((sa.or_(late, kritis), sa.false()), else_=any_of(RAWAN))
    return {"terlambat": late, "kritis": kritis, "rawan": rawan}


def severity(conds: dict[str, ColumnElement[bool]]) -> ColumnElement[int]:
    """The worst flag's severity (0 without flags)."""
    ordered = sorted(FLAGS, key=lambda f: -SEVERITY[f])
    return sa.case(*((conds[f], SEVERITY[f]) for f in ordered), else_=0)


def _from(query):
    return (query.select_from(Paket).join(Opd, Opd.id == Paket.opd_id)
            .outerjoin(J, sa.and_(J.c.paket_id == Paket.id, J.c.tahap == Paket.tahap)))


def status_columns(a: Ambang) -> list:
    """A page's rows: read for a few paket (:func:`_paket_in`)."""
    conds = conditions(a, few=True)
    return [
        *LIST_COLUMNS, Paket.tgl_kontrak_selesai, J.c.rencana_selesai,
        STAGE_BATAS.label("batas"),
        *(sa.case((conds[f], 1), else_=0).label(f"f_{f}") for f in FLAGS),
        severity(conds).label("severity"),
        kendala_terbuka(as_of_inputs(a)["as_of"], few=True).label("kendala_terbuka"),
    ]


SORTS = {
    "kode": (Paket.kode,), "nama": (Paket.nama,), "opd": (Opd.singkatan,),
    "metode": (Paket.metode,), "tahap": (Paket.tahap,), "pagu": (Paket.pagu,),
    "nilai_kontrak": (Paket.nilai_kontrak,),
}


def _order(a: Ambang, sort: str, descending: bool, few: bool = False) -> list:
    """The page's order; a total one (kode last), so ordering a page's rows again gives
    the same sequence."""
    if sort == "batas":
        keys, desc = [STAGE_BATAS], descending
    elif sort == "hari":  # days late grows as the deadline recedes
        keys, desc = [STAGE_BATAS], not descending
    elif sort == "severity":
        keys, desc = [severity(conditions(a, few))], descending
    else:
        keys, desc = list(SORTS[sort]), descending
    ordered = [(k.desc() if desc else k.asc()).nulls_last() for k in keys]
    return [*ordered, Paket.kode.desc() if descending and sort == "kode" else Paket.kode]


def _filtered(query, a: Ambang, flt: PaketFilter, only_late: bool):
    query = where_filter(query, flt)
    if only_late:
        query = query.where(severity(conditions(a)) >= LATE_MIN_SEVERITY)
    return query


def status_page_query(a: Ambang, flt: PaketFilter, only_late: bool, sort: str,
                      descending: bool, offset: int, limit: int | None) -> sa.Select:
    """Rows of :func:`status_columns`, filtered and ordered in SQL, one page.

    The ids of the page are chosen first (a subquery: only the sort key is computed for
    every row), then the flags of those rows alone are read and ordered again — the
    flags of 100,000 rows are never built. Inputs are named (the offset and limit too),
    so one compiled text serves every page (pengadaan/db/reading.py)."""
    ids = _filtered(_from(sa.select(Paket.id)), a, flt, only_late)
    ids = ids.order_by(*_order(a, sort, descending)).offset(
        sa.bindparam("offset", offset, type_=sa.Integer))
    if limit is not None:
        ids = ids.limit(sa.bindparam("limit", limit, type_=sa.Integer))
    page = ids.subquery("halaman")
    return (_from(sa.select(*status_columns(a)))
            .join(page, page.c.id == Paket.id)
            .order_by(*_order(a, sort, descending, few=True)))


def status_count_query(a: Ambang, flt: PaketFilter, only_late: bool) -> sa.Select:
    """How many paket the page's filter keeps (``n``)."""
    if only_late:
        query = _from(sa.select(sa.func.count(Paket.id).label("n")))
    else:  # no lateness condition: no need for the schedule join
        query = sa.select(sa.func.count(Paket.id).label("n")).join(Opd, Opd.id == Paket.opd_id)
    return _filtered(query, a, flt, only_late)


def summary_query(a: Ambang, opd_id: int | None) -> sa.Select:
    """Count, pagu, nilai kontrak, the count of each flag and of packages per
    golongan (``paket_terlambat``, ``paket_kritis``, ``paket_rawan``), in one scan.

    Each flag is judged once per paket (a MATERIALIZED common table), then counted
    and combined into golongan: SQLite and PostgreSQL both fold a plain subquery into
    the outer SELECT, which copies each flag's expression into every sum that reads it
    (the kritis report lookup ran three times per paket, the kendala one twice: −20% on
    one OPD's summary, −35% on all at 100,000 paket, bench/README.md #15; MATERIALIZED
    needs SQLite 3.35, as RETURNING in db/bulk.py does). One OPD's few thousand
    paket look up their own kendala (:func:`_paket_in`; −20% on a filter change at
    100,000 paket)."""
    conds = conditions(a, few=opd_id is not None)
    per_paket = _from(sa.select(
        Paket.id, Paket.pagu, Paket.nilai_kontrak,
        *(sa.case((cond, 1), else_=0).label(name) for name, cond in conds.items())))
    per_paket = _of_opd(per_paket, opd_id)
    flags = per_paket.cte("flags").prefix_with("MATERIALIZED")
    judged = {name: flags.c[name] == 1 for name in conds}
    return sa.select(
        sa.func.count(flags.c.id).label("paket"),
        sa.func.coalesce(sa.func.sum(flags.c.pagu), 0).label("pagu"),
        sa.func.coalesce(sa.func.sum(flags.c.nilai_kontrak), 0).label("terkontrak"),
        *(sa.func.coalesce(sa.func.sum(flags.c[name]), 0).label(name) for name in conds),
        *(sa.func.coalesce(sa.func.sum(sa.case((cond, 1), else_=0)), 0).label(f"paket_{g}")
          for g, cond in golongan_conditions(judged).items()),
    )


# Per flag, the date its deadline follows and "most late first" sorts on
# (``pengadaan.domain.lateness.reference_date`` in Python).
REFERENCE_DATE: dict[str, ColumnElement] = {
    "lewat_kontrak": Paket.tgl_kontrak_selesai,
    "kontrak_tertunda": Paket.tahap_sejak,
    "terlambat": STAGE_BATAS,
    "belum_mulai": Paket.tgl_awal_pemilihan,
    "lewat_tahun_anggaran": sa.cast(sa.null(), sa.Date),
    "kritis": sa.func.coalesce(Paket.tgl_kontrak_selesai, Paket.tahap_sejak),
    "hampir": STAGE_BATAS,
}


def reference_date(flag: str, a: Ambang) -> ColumnElement:
    """:data:`REFERENCE_DATE`, and the overdue batas that depends on the as-of date."""
    if flag == "tindak_lanjut_lewat":
        return earliest_overdue(as_of_inputs(a)["as_of"])
    return REFERENCE_DATE[flag]


def _branch(flag: str, cond: ColumnElement[bool], a: Ambang, opd_id: int | None,
            paket_id: sa.BindParameter[int] | None = None):
    query = sa.select(
        Paket.kode, Paket.nama, Opd.singkatan.label("opd"), Paket.tahap,
        sa.literal(flag, sa.String).label("flag"),
        sa.literal(SEVERITY[flag], sa.Integer).label("sev"),
        sa.type_coerce(reference_date(flag, a), sa.Date).label("tgl"), Paket.tahun,
        Paket.nilai_kontrak, Paket.id.label("paket_id"),
    )
    if flag in ("terlambat", "hampir"):  # the current stage's deadline: join the jadwal
        query = _from(query)
    else:
        query = query.select_from(Paket).join(Opd, Opd.id == Paket.opd_id)
    query = _of_opd(query.where(cond), opd_id)
    if paket_id is not None:
        query = query.where(Paket.id == paket_id)
    return query


def _of_opd(query: sa.Select, opd_id: int | None) -> sa.Select:
    """``query`` narrowed to one OPD's paket when ``opd_id`` is given (a named input)."""
    return query if opd_id is None else query.where(Paket.opd_id == named("opd_id", opd_id))


def lewat_kontrak_query(a: Ambang, opd_id: int | None) -> sa.Select:
    """What the denda of the lewat_kontrak alerts needs (``peringatan --ringkas``): the
    reference date (``tgl``) and ``nilai_kontrak`` of each paket :func:`alert_query`
    lists under that flag, by the same condition and reference date; unordered, and
    nothing else of the paket (half the alerts' statement's time at 100,000 paket)."""
    query = sa.select(sa.type_coerce(reference_date("lewat_kontrak", a), sa.Date).label("tgl"),
                      Paket.nilai_kontrak).where(conditions(a)["lewat_kontrak"])
    return _of_opd(query, opd_id)


def _alert_query(a: Ambang, opd_id: int | None, flags: Sequence[str] | None,
                 paket_id: sa.BindParameter[int] | None = None) -> sa.Select:
    conds = conditions(a, few=paket_id is not None)
    union = sa.union_all(*(_branch(f, conds[f], a, opd_id, paket_id) for f in FLAGS
                           if not flags or f in flags)).subquery()
    c = union.c
    # NULLS LAST said out loud: SQLite puts a NULL date (lewat_tahun_anggaran) first,
    # PostgreSQL last; the flag breaks the last ties, so both list alerts alike.
    return sa.select(union).order_by(c.opd, c.sev.desc(), c.tgl.asc().nulls_last(), c.tahun,
                                     c.kode, c.flag)


def alert_query(a: Ambang, opd_id: int | None, flags: Sequence[str] | None) -> sa.Select:
    """The statement of :func:`alert_rows` (cached as text: pengadaan/db/statements.py)."""
    return _alert_query(a, opd_id, flags)


def alert_rows(session: Session, a: Ambang, opd_id: int | None,
               flags: Sequence[str] | None) -> sa.CursorResult:
    """One row per (paket, flag) that holds, by OPD, most severe, most late first:
    ``kode, nama, opd, tahap, flag, sev, tgl`` (the reference date), ``tahun,
    nilai_kontrak, paket_id``.

    One SELECT per flag, glued with UNION ALL: each reads only the packages its
    condition can hold for (mostly a range of ``ix_paket_tahap``), where a cross
    join with the list of flags would test every flag on every paket. The rows
    stream (iterate the result inside the unit of work): at 100,000 alerts, holding
    them all as well as what is built from them costs memory and collector time.
    """
    return session.connection().execute(alert_query(a, opd_id, flags))


@lru_cache(maxsize=8)
def _one_paket_query(a: Ambang) -> sa.Select:
    """The alert statement for the paket bound as ``paket_id``, built once per as-of
    date: building the seven conditions costs ten times more than running them on
    one paket, and a detail view asks again for every paket it opens."""
    return _alert_query(a, None, None, sa.bindparam("paket_id", type_=sa.Integer))


def paket_alert_rows(session: Session, a: Ambang, paket_id: int) -> sa.CursorResult:
    """The rows of :func:`alert_rows` for one paket (its detail view): the same rules,
    the same reference dates."""
    return session.connection().execute(_one_paket_query(a), {"paket_id": paket_id})
