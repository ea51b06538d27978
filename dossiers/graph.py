"""The dossier state graph, read from the model's django-fsm transitions (never hand-drawn)."""

from .models import Dossier
from .states import State


def transitions():
    """[(source, target, method name)] of every declared transition, sorted."""
    field = Dossier._meta.get_field("state")
    rows = {
        (str(t.source), str(t.target), t.name)
        for t in field.get_all_transitions(Dossier)
        if t.target is not None
    }
    return sorted(rows, key=lambda r: (list(State).index(r[0]), list(State).index(r[1]), r[2]))


def mermaid() -> str:
    lines = ["stateDiagram-v2", "    [*] --> draft"]
    lines += [f"    {source} --> {target}: {name}" for source, target, name in transitions()]
    lines += [f"    {state} --> [*]" for state in ("refused", "returned", "stopped")]
    return "\n".join(lines)
