"""The typed index: what rules and renderers derive from a model is computed once, kept beside
the model (never written into it), and reached only through the class that computes it."""

from __future__ import annotations

import copy

from charter.model.flow import Flows
from charter.model.graph import Org
from charter.render import render
from charter.render.collabmap import TeamLinks
from charter.render.views import ViewIndex
from charter.validate.check import validate
from charter.validate.rules.references import References
from tests.conftest import ROOT, TODAY


def example() -> Org:
    org = validate(str(ROOT / "org"), TODAY).org
    assert org is not None
    return org


def test_each_part_is_computed_once_per_model() -> None:
    org = example()
    for part in (References, Flows, ViewIndex, TeamLinks):
        assert org.facts.part(part) is org.facts.part(part)
        assert isinstance(org.facts.part(part), part)
    assert org.facts.steps is org.facts.steps
    other = example()
    assert other.facts.part(References) is not org.facts.part(References)  # per model, never shared


def test_rules_and_pages_leave_the_model_as_it_was() -> None:
    org = example()
    fields = {name: copy.copy(getattr(org, name)) for name in ("teams", "roles", "people", "externals", "outcomes")}
    render(org, validate(str(ROOT / "org"), TODAY).problems, org_dir="org")
    assert not hasattr(org, "memo")
    assert {name: getattr(org, name) for name in fields} == fields
    assert set(vars(org)) == {
        "settings",
        "records",
        "teams",
        "roles",
        "people",
        "externals",
        "outcomes",
        "sources",
        "unread",
        "unlisted",
        "partial",
        "facts",
    }
