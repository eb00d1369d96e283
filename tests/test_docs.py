"""docs/format.md stays true: each commented example is valid against the model."""

from __future__ import annotations

import re

import pytest

from generator.findings import Loc
from generator.load import load_text
from generator.model import Flow, Settings, SourceLibrary, Unit
from generator.schema import Collector, build
from tests.helpers import REPO

FORMAT = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
KINDS = {"## Project settings": Settings, "## Legal-source library": SourceLibrary, "## Unit": Unit, "## Flow": Flow}


def examples():
    for heading, cls in KINDS.items():
        section = FORMAT[FORMAT.index(heading):]
        block = re.search(r"```yaml\n(.*?)```", section, re.S)
        yield heading, cls, block.group(1)


@pytest.mark.parametrize("heading,cls,text", list(examples()), ids=[h for h, _, _ in examples()])
def test_format_examples_are_valid(heading, cls, text):
    raw = load_text("docs/format.md", text.encode())
    assert not raw.findings
    out = Collector()
    obj = build(cls, raw.data, Loc("docs/format.md", 1, 1), out)
    assert out.findings == [] and obj is not None


def test_format_documents_every_key():
    """Each YAML key of every file kind appears in docs/format.md."""
    from generator.model import Citation, LegalSource, Post, Power, RiskPoint, RosterEntry, Step, Transition
    from generator.schema import fields_of
    for cls in (Settings, LegalSource, Unit, Post, RosterEntry, Power, Citation, Flow, Step, Transition, RiskPoint):
        for name, _, _ in fields_of(cls):
            assert re.search(rf"\b{name}:", FORMAT), f"{cls.__name__}.{name} is not documented in docs/format.md"
