"""docs/architecture.md shows the state graph generated from the model, never a stale copy."""

import re
from pathlib import Path

from dossiers.graph import mermaid, transitions
from dossiers.states import TRANSITIONS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


def test_the_documented_state_graph_is_the_one_the_model_declares():
    block = re.search(
        r"<!-- dossier-graph:start -->\n```mermaid\n(.*?)\n```\n<!-- dossier-graph:end -->",
        DOCS.read_text(),
        re.S,
    )
    assert block, "docs/architecture.md lost its dossier-graph block"
    assert block.group(1) == mermaid(), "run: manage.py dossier_graph and paste the output"


def test_the_model_declares_exactly_the_transitions_of_the_table():
    declared = {(source, target) for source, target, _name in transitions()}
    table = {
        (str(source), str(rule.target))
        for rule in TRANSITIONS.values()
        if rule.target is not None
        for source in rule.sources
    }
    assert declared == table
