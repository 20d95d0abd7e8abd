"""Every hint is a fix: applied as written, it gives a file that validates and reads as the
manager meant (issue 29, item 3). A hint that leads to another error, or to a file that
validates but says something else, is worse than no hint."""

from __future__ import annotations

import re

import pytest

from charter.model.graph import Org
from tests.conftest import OrgDir

MEASURE = 'measure: {metric: Faults fixed within 24h, target: ">= 95%"}'
# Values people write for a measure's target that YAML reads as a sign, not as text.
SPECIAL = [">= 95%", "> 90% of calls", "% of calls answered", "`99.9%` uptime", "- all of them", "? to agree",
           "[95%] of cases", "{p95} under 2 s", "@ every call", "| no more than 3 |"]  # fmt: skip


def target_line(org: OrgDir, value: str) -> None:
    block = f"measure:\n  metric: Faults fixed within 24h\n  target: {value}"
    org.replace("outcomes/fault-fixed.yaml", MEASURE, block)


def applied(org: OrgDir, rel: str) -> str:
    """The file's one problem's hint, "… : KEY: VALUE", put in place of that key's line."""
    problems = org.validate().problems
    assert len(problems) == 1, [(p.code, p.message, p.hint) for p in problems]
    problem = problems[0]
    fix = re.search(r": (?P<line>[\w-]+: .+)$", problem.hint)
    assert fix is not None, problem.hint
    key = fix.group("line").split(":", 1)[0]
    lines = org.read(rel).splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{key}:") and i + 1 >= problem.line - 1)
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    lines[at] = indent + fix.group("line")
    org.write(rel, "\n".join(lines) + "\n")
    return problem.hint


def org_of(org: OrgDir) -> Org:
    result = org.validate()
    assert result.errors == 0, [(p.code, p.message) for p in result.problems]
    assert result.org is not None
    return result.org


@pytest.mark.parametrize("value", SPECIAL)
def test_a_value_yaml_reads_as_a_sign_is_told_to_be_quoted(minimal: OrgDir, value: str) -> None:
    target_line(minimal, value)
    hint = applied(minimal, "outcomes/fault-fixed.yaml")
    assert hint.startswith("quote it: target: "), hint
    measure = org_of(minimal).outcomes["fault-fixed"].measure
    assert measure is not None
    assert measure.target == value


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Deciding claims up to £5,000 under the policy", ["Deciding claims up to £5,000 under the policy"]),
        ("Diagnosing faults, fixing them, and saying so", ["Diagnosing faults, fixing them, and saying so"]),
        ("Logging every call", ["Logging every call"]),
        ('The "first call" rule', ['The "first call" rule']),
    ],
)  # fmt: skip
def test_a_list_written_as_text_keeps_the_text_whole(minimal: OrgDir, written: str, meant: list[str]) -> None:
    minimal.replace("roles/agent.yaml", "owns:\n  - Logging every call\n", f"owns: {written}\n")
    applied(minimal, "roles/agent.yaml")
    assert list(org_of(minimal).roles["agent"].owns) == meant


def test_ids_written_as_text_become_the_list_of_those_ids(minimal: OrgDir) -> None:
    minimal.replace("roles/agent.yaml", "holders: [ana]", "holders: ana, bo")
    applied(minimal, "roles/agent.yaml")
    assert list(org_of(minimal).roles["agent"].holders) == ["ana", "bo"]


@pytest.mark.parametrize(
    ("written", "meant"), [("Customer Service", "service"), ("customer service", "service"), ("Service", "service"),
                           ("IT", "it"), ("Sevrice", "service")],
)  # fmt: skip
def test_a_reference_s_hint_names_an_id_that_exists(minimal: OrgDir, written: str, meant: str) -> None:
    """``team: Claims Handling`` once got "did you mean 'claims-handling'?", an id nothing has."""
    minimal.replace("roles/agent.yaml", "team: service", f"team: {written}")
    (problem,) = minimal.validate().problems
    suggested = re.findall(r"'([a-z0-9-]+)'", problem.hint)
    assert suggested == [meant], problem.hint
    minimal.replace("roles/agent.yaml", f"team: {written}", f"team: {suggested[0]}")
    assert org_of(minimal).roles["agent"].team == meant


def test_a_reference_matching_nothing_lists_what_exists(minimal: OrgDir) -> None:
    minimal.replace("roles/agent.yaml", "team: service", "team: Claims Handling")
    (problem,) = minimal.validate().problems
    assert problem.hint == "write the id of an existing team: it, service"


PURPOSE = "purpose: Customers fund this job so that one call gets their problem owned."


@pytest.mark.parametrize(
    ("later", "changed"),
    [
        ('    channel: "#it-escalations"', '    channel: #it-escalations"'),  # the quote closes far below
        ("    on: Faults", '    on: "Faults" of the system'),  # ... and the parser then stops there
    ],
)
def test_a_quote_left_open_is_said_where_it_opens(minimal: OrgDir, later: str, changed: str) -> None:
    """Keys below a forgotten closing quote once became words of the text, silently, or were
    reported in the parser's words on a later line."""
    opened = PURPOSE.replace("purpose: ", 'purpose: "')
    minimal.replace("roles/agent.yaml", PURPOSE, opened)
    minimal.replace("roles/agent.yaml", later, changed)
    (problem,) = minimal.validate().problems
    assert (problem.code, problem.line) == ("CH004", 5)
    assert "is closed only on line" in problem.message
    assert problem.hint == 'end the text with " on line 5'
    minimal.replace("roles/agent.yaml", opened, opened + '"')  # the hint, applied
    minimal.replace("roles/agent.yaml", changed, later)
    assert org_of(minimal).roles["agent"].purpose == PURPOSE.removeprefix("purpose: ")


def test_a_text_over_several_lines_indented_under_its_key_is_no_mistake(minimal: OrgDir) -> None:
    minimal.replace("roles/agent.yaml", PURPOSE, 'purpose: "Customers fund this job\n  so that: one call is enough."')
    assert org_of(minimal).roles["agent"].purpose == "Customers fund this job so that: one call is enough."


def test_an_item_indented_one_space_more_is_said_not_merged(minimal: OrgDir) -> None:
    """``- Ordering a site visit`` one space deeper than the item above was folded into it, with
    no message: one item, "Logging every call - Ordering a site visit", on the site."""
    minimal.replace(
        "roles/agent.yaml", "  - Logging every call\n", "  - Logging every call\n   - Ordering a site visit\n"
    )
    (problem,) = minimal.validate().problems
    assert (problem.code, problem.line, problem.column) == ("CH018", 8, 4)
    assert problem.hint == "start the '-' at column 3, under the '-' on line 7"
    minimal.replace("roles/agent.yaml", "   - Ordering", "  - Ordering")  # the hint, applied
    assert list(org_of(minimal).roles["agent"].owns) == ["Logging every call", "Ordering a site visit"]
