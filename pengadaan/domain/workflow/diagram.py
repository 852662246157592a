"""The workflow graph as Mermaid or DOT source, drawn by ``transitions`` itself."""

from __future__ import annotations

from transitions.extensions import GraphMachine

from pengadaan.domain.vocabulary import METODE_LABEL, Metode
from pengadaan.domain.workflow.definitions import WORKFLOWS, stages_of
from pengadaan.domain.workflow.engine import _transition


class _Drawing:
    """A throwaway model: diagrams need one, the live workflow machines never get one."""


def workflow_graph(metode: Metode, fmt: str = "mermaid") -> str:
    """Source text of the workflow of ``metode`` (``mermaid`` or ``dot``)."""
    model = _Drawing()
    GraphMachine(
        model=model,
        states=stages_of(metode),
        transitions=[_transition(step) for step in WORKFLOWS[metode]],
        initial="rencana",
        auto_transitions=False,
        graph_engine="mermaid" if fmt == "mermaid" else "graphviz",
        show_conditions=True,
        title=f"Alur {METODE_LABEL[metode]}",
    )
    graph = model.get_graph()
    return graph.draw(None) if fmt == "mermaid" else graph.source
