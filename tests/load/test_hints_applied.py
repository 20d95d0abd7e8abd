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


# --- a word YAML reads as nothing, where a text is meant (issue 29, item 4, task 1) -------------


@pytest.mark.parametrize("word", ["Null", "NULL", "null", "~"])
@pytest.mark.parametrize(("key", "required"), [("name", True), ("location", False)])
def test_a_word_yaml_reads_as_nothing_is_said_with_the_quotes_that_keep_it(
    minimal: OrgDir, word: str, key: str, required: bool
) -> None:
    """``name: Null`` (a surname) was "expected text, found nothing" with no hint, and
    ``location: NULL`` silently vanished: YAML reads them as no value, as every editor does."""
    minimal.write("people/bo.yaml", f"id: bo\nname: Bo Lind\n{key}: {word}\n".replace("name: Bo Lind\nname", "name"))
    (problem,) = minimal.validate().problems
    assert (problem.code, problem.line, problem.column) == ("CH019", 2 if required else 3, len(key) + 3)
    assert f"YAML reads {word} as" in problem.message
    assert ("delete the line" in problem.message) is not required  # an optional text may be left out instead
    applied(minimal, "people/bo.yaml")
    assert getattr(org_of(minimal).people["bo"], key) == word


def test_a_word_read_as_nothing_in_a_list_of_texts_is_said(minimal: OrgDir) -> None:
    minimal.replace("roles/agent.yaml", "  - Logging every call\n", "  - Logging every call\n  - Null\n")
    (problem,) = minimal.validate().problems
    assert (problem.code, problem.line, problem.hint) == (
        "CH019",
        8,
        'if Null is the text you mean, quote it: - "Null"',
    )


def test_a_word_read_as_nothing_where_no_text_is_meant_means_nothing(minimal: OrgDir) -> None:
    """``escalates_to: null`` or ``owns: ~`` mean "none", as in YAML: no finding."""
    minimal.replace("roles/agent.yaml", "escalates_to: service-lead", "escalates_to: null")
    minimal.replace("roles/service-lead.yaml", "holders: [ana]", "holders: ~")
    assert [p.code for p in minimal.validate().problems if p.severity.value == "error"] == []


@pytest.mark.parametrize(
    ("key", "hint"),
    [("name", "write the name after 'name: ' (it is required)"),
     ("team", "write it after 'team: ' — the one team this role belongs to (its id)")],
)  # fmt: skip
def test_an_empty_value_where_one_is_required_says_what_to_write(minimal: OrgDir, key: str, hint: str) -> None:
    rel, line = ("people/bo.yaml", "name: Bo Lind") if key == "name" else ("roles/agent.yaml", "team: service")
    minimal.replace(rel, line, f"{key}:")
    (problem,) = [p for p in minimal.validate().problems if p.path == rel]
    assert (problem.message, problem.hint) == ("expected text, found nothing", hint)


# --- an entry written below the block it belongs to (task 2) ------------------------------------

ESCALATES = "escalates_to: service-lead\n"


def moved(org: OrgDir, rel: str, hint: str) -> None:
    """``move lines A–B to after line C[, starting at column N]``, done."""
    found = re.search(r"move lines? (\d+)(?:–(\d+))? to after line (\d+)(?:, starting at column (\d+))?", hint)
    assert found is not None, hint
    first, last, after = int(found[1]) - 1, int(found[2] or found[1]), int(found[3])
    lines = org.read(rel).splitlines()
    block = lines[first:last]
    if found[4]:
        shift = int(found[4]) - 1 - (len(block[0]) - len(block[0].lstrip()))
        block = [" " * shift + line for line in block]
    rest = [*lines[:first], *lines[last:]]
    org.write(rel, "\n".join([*rest[:after], *block, *rest[after:]]) + "\n")


@pytest.mark.parametrize(
    ("appended", "line", "hint"),
    [
        ("  - role: it-engineer\n    on: Outages\n", 16, "move lines 16–17 to after line 13, under the other items"),
        ("- role: it-engineer\n  on: Outages\n", 16,
         "move lines 16–17 to after line 13, starting at column 3, under the other items"),
    ],
)  # fmt: skip
def test_a_collaborator_appended_below_the_next_key_is_told_where_it_belongs(
    minimal: OrgDir, appended: str, line: int, hint: str
) -> None:
    """A collaborator added at the end of the file, after ``escalates_to:``, was told to move to
    column 1, then given the parser's words."""
    minimal.replace("roles/agent.yaml", ESCALATES, ESCALATES + appended)
    (problem,) = minimal.validate().problems
    assert (problem.path, problem.line) == ("roles/agent.yaml", line)
    assert problem.message == (
        "this item belongs to 'collaborators:' (line 8), but 'escalates_to' on line 15 ends that list above it"
    )
    assert problem.hint == hint
    moved(minimal, "roles/agent.yaml", problem.hint)
    collaborators = org_of(minimal).roles["agent"].collaborators
    assert [(c.role, c.on) for c in collaborators] == [("it-engineer", "Faults"), ("it-engineer", "Outages")]
    assert org_of(minimal).roles["agent"].escalates_to == "service-lead"


def test_an_item_appended_below_the_next_key_is_not_read_into_its_value(minimal: OrgDir) -> None:
    """``  - Answering calls`` after ``escalates_to: service-lead`` became part of the id."""
    minimal.replace("roles/agent.yaml", ESCALATES, ESCALATES + "  - Answering calls\n  - Logging callbacks\n")
    (problem,) = minimal.validate().problems
    assert (problem.code, problem.line) == ("CH018", 16)
    assert problem.message.startswith("this item belongs to 'owns:' (line 6)")
    assert problem.hint == "move lines 16–17 to after line 7, under the other items"
    moved(minimal, "roles/agent.yaml", problem.hint)
    owns = ["Logging every call", "Answering calls", "Logging callbacks"]
    assert list(org_of(minimal).roles["agent"].owns) == owns


def test_a_key_appended_below_the_next_key_is_told_which_mapping_it_belongs_to(minimal: OrgDir) -> None:
    minimal.replace("roles/service-lead.yaml", "holders: [ana]\n", "holders: [ana]\n    when: A fault is escalated\n")
    (problem,) = minimal.validate().problems
    assert problem.line == 12
    assert problem.message == (
        "'when' belongs to the item of 'collaborators:' that starts on line 9, but 'holders' on line 11 ends it "
        "above this line"
    )
    moved(minimal, "roles/service-lead.yaml", problem.hint)
    (collaborator,) = org_of(minimal).roles["service-lead"].collaborators
    assert collaborator.when == "A fault is escalated"


# --- a capitalised id (task 3) -------------------------------------------------------------------


def test_a_capitalised_reference_gets_one_hint_naming_the_id_that_exists(minimal: OrgDir) -> None:
    """``Service-Desk-Agent`` once got "did you mean 'service-lead'?": the role titled so is 'agent'."""
    minimal.replace("outcomes/fault-fixed.yaml", "responsible: [agent]", "responsible: [Service-Desk-Agent]")
    (problem,) = minimal.validate().problems
    assert problem.hint == "write its id: 'agent' (the role titled 'Service Desk Agent')"
    minimal.replace("outcomes/fault-fixed.yaml", "[Service-Desk-Agent]", "[agent]")
    assert org_of(minimal).outcomes


@pytest.mark.parametrize("references", ["service", "Service"])
def test_a_capitalised_id_gets_one_hint_and_its_references_agree(minimal: OrgDir, references: str) -> None:
    """``id: Service`` was told "did you mean 'service'?" while every ``team: service`` was told
    "unknown team; did you mean 'Service'?": two hints, one of them an id that is not valid."""
    minimal.replace("teams/service.yaml", "id: service", "id: Service")
    for rel in ("roles/agent.yaml", "roles/service-lead.yaml"):
        minimal.replace(rel, "team: service", f"team: {references}")
    problems = minimal.validate().problems
    hints = {p.hint for p in problems}
    assert hints == {"did you mean 'service'?"}, [(p.path, p.code, p.message, p.hint) for p in problems]
    assert [p.path for p in problems if p.code == "CH104"] == []
    for rel in ("teams/service.yaml", "roles/agent.yaml", "roles/service-lead.yaml"):
        text = minimal.read(rel)
        minimal.write(rel, text.replace("id: Service", "id: service").replace("team: Service", "team: service"))
    assert org_of(minimal).teams["service"]


# --- everyday slips in a list or its indentation (task 4): each hint, followed, gives the file back ---

AGENT = "roles/agent.yaml"


@pytest.mark.parametrize(
    ("line", "written", "code"),
    [
        (7, "  Logging every call", "CH022"),  # a dash lost (the only item: a text where a list was)
        (9, "  -role: it-engineer", "CH004"),  # no space after the dash
        (9, "   - role: it-engineer", "CH004"),  # an item one column out of line
        (10, "\ton: Faults", "CH004"),  # a tab
        (14, "holders: [ana", "CH004"),  # a list left open
        (13, '    channel: "#it-escalations', "CH004"),  # a quote left open
        (7, "  - - Logging every call", "CH022"),  # a dash twice
        (10, "    on: Faults\n    on: Faults", "CH005"),  # a line repeated
        (10, "    on: Faults #2", "CH016"),  # a comment that cuts a text short
    ],
)
def test_each_hint_followed_gives_the_file_as_meant(minimal: OrgDir, line: int, written: str, code: str) -> None:
    from tests.fuzz.test_everyday_edits import data, fixed

    meant = minimal.read(AGENT).splitlines()
    if code == "CH016":  # the text was meant with its '#'
        meant[line - 1] = '    on: "Faults #2"'
    lines = meant[: line - 1] + written.split("\n") + meant[line:]
    minimal.write(AGENT, "\n".join(lines) + "\n")
    (problem,) = minimal.validate().problems
    assert (problem.code, problem.path) == (code, AGENT), problem
    for _ in range(3):  # one hint at a time, as a manager would
        problems = minimal.validate().problems
        if not problems:
            break
        fix = fixed(problems[0], lines)
        assert fix is not None, problems[0]
        lines = fix.lines
        minimal.write(AGENT, "\n".join(lines) + "\n")
    assert minimal.validate().problems == ()
    assert data(lines) == data(meant)
