"""One static ``transitions`` machine per metode, built once, driving plain cases.

A machine is built with ``model=None`` and never gets models added: firing a trigger
calls ``machine.events[name].trigger(case)`` on a :class:`PaketCase`. Listing or
filtering packages never touches a machine (the stage is a column).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from transitions import Machine

from pengadaan.domain.errors import GuardFailed, InvalidInput, TriggerNotAllowed
from pengadaan.domain.vocabulary import FINAL_TAHAP, Metode, tahap_label
from pengadaan.domain.workflow.case import PaketCase
from pengadaan.domain.workflow.definitions import (
    PEMICU_LABEL,
    WORKFLOWS,
    Step,
    choice_label,
    stages_of,
)
from pengadaan.domain.workflow.guards import Refusal, static_refusal
from pengadaan.domain.workflow.isian import Isian


@dataclass(frozen=True)
class Allowed:
    """A trigger that leaves the current stage, with what it needs from the user."""

    pemicu: str
    label: str
    ke: str
    inputs: tuple[Isian, ...]

    @property
    def choice(self) -> str:
        """The trigger as a user picks it (definitions.choice_label)."""
        return choice_label(self.pemicu, self.ke)

    @property
    def isian(self) -> tuple[str, ...]:
        """The inputs by name (how ``paket maju`` and the JSON name them)."""
        return tuple(i.name for i in self.inputs)


def _as_condition(guard) -> Callable[[Any], bool]:
    def condition(event) -> bool:
        reason = guard(event.model, event.kwargs)
        if isinstance(reason, Refusal):
            raise GuardFailed(reason.text, isian=tuple(i.name for i in reason.isian),
                              periksa=reason.periksa)
        if reason:
            raise GuardFailed(reason)
        return True

    condition.__name__ = guard.__name__
    return condition


def _as_prepare(effect) -> Callable[[Any], None]:
    def prepare(event) -> None:
        effect(event.model, event.kwargs)

    prepare.__name__ = effect.__name__
    return prepare


def _transition(step: Step) -> dict[str, Any]:
    return {
        "trigger": step.trigger,
        "source": list(step.source),
        "dest": step.dest,
        "conditions": [_as_condition(guard) for guard in step.guards],
        "prepare": [_as_prepare(effect) for effect in step.effects],
    }


def machine_for(metode: str) -> Machine:
    """The workflow machine of ``metode`` (built on first use, then shared)."""
    # Normalised first: the cache would keep "tender" and Metode.TENDER apart.
    return _machine(Metode(metode).value)


@cache
def _machine(code: str) -> Machine:
    metode = Metode(code)
    return Machine(
        model=None,
        states=stages_of(metode),
        transitions=[_transition(step) for step in WORKFLOWS[metode]],
        initial="rencana",
        auto_transitions=False,
        send_event=True,
        model_attribute="state",
    )


@cache
def _steps_from(metode: str, state: str) -> tuple[Step, ...]:
    return tuple(s for s in WORKFLOWS[Metode(metode)] if state in s.source)


def allowed(case: PaketCase) -> list[Allowed]:
    """Triggers offered at the case's current stage: those leaving it, less those a
    static guard (jenis, metode) always refuses; the other guards are checked when fired."""
    result: dict[str, Allowed] = {}
    for step in _steps_from(case.metode, case.state):
        if step.trigger not in result and static_refusal(step.guards, case) is None:
            result[step.trigger] = Allowed(
                step.trigger, PEMICU_LABEL[step.trigger], step.dest, step.inputs
            )
    return list(result.values())


def fire(case: PaketCase, pemicu: str, tanggal: date, **inputs: Any) -> PaketCase:
    """Fire ``pemicu`` on a copy of ``case`` and return the moved copy.

    The original is untouched, so a refused or failing trigger leaves nothing behind.
    Raises :class:`TriggerNotAllowed` or :class:`GuardFailed` with an Indonesian reason.
    """
    if case.state in FINAL_TAHAP:
        raise TriggerNotAllowed(
            f"paket sudah pada tahap akhir '{tahap_label(case.state)}'; tidak ada pemicu lagi"
        )
    if pemicu not in {s.trigger for s in _steps_from(case.metode, case.state)}:
        names = [a.pemicu for a in allowed(case)]
        raise TriggerNotAllowed(
            f"pemicu '{pemicu}' tidak berlaku pada tahap '{case.state}' "
            f"({tahap_label(case.state)}); yang berlaku: {', '.join(names)}"
        )
    moved = replace(case)
    machine = machine_for(case.metode)
    if not machine.events[pemicu].trigger(moved, tanggal=tanggal, **inputs):
        raise GuardFailed(f"pemicu '{pemicu}' ditolak pada tahap '{case.state}'")
    return moved


def require_inputs(case: PaketCase, pemicu: str, inputs: dict[str, Any]) -> None:
    """A required isian of ``pemicu`` (from the case's stage) left blank: refused by
    name. The use case asks once the guards allowed the step, before its records."""
    for step in _steps_from(case.metode, case.state):
        if step.trigger != pemicu:
            continue
        for isian in step.inputs:
            if isian.required and inputs.get(isian.name) is None:
                raise InvalidInput(f"{isian.label}: wajib diisi", isian=(isian.name,))
        return
