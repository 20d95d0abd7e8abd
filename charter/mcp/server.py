"""``charter mcp``: the charter for AI assistants, as a Model Context Protocol server over stdio.

Built on the official SDK (``mcp``, its ``MCPServer``). Read-only: every tool only reads the
organisation, which is loaded and validated once, at start. An organisation with errors still
starts: ``findings`` reports them, and every other tool says why it cannot answer instead of
crashing. Each tool's result is structured (the JSON of :mod:`charter.render.api` and
:mod:`charter.ask.index`) with the text a person would read beside it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection
from typing import Any

from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import CallToolResult, TextContent, ToolAnnotations

from charter.ask import index as ask
from charter.ask.rank import ask as rank
from charter.ask.words import words
from charter.core.problem import shown_path
from charter.core.suggest import hint_for
from charter.mcp.protocol import CharterMCP, shown
from charter.model.graph import Org
from charter.render import api
from charter.report import answers
from charter.report import problems as report
from charter.schema.models import StepBase, outcome_steps
from charter.schema.schemes import Letter
from charter.validate.check import Result, validate

MAX_QUESTION = 1000  # characters: a question is a sentence, and its answer quotes it back

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)

INSTRUCTIONS = (
    "The organisation's charter: who owns what, who answers for each step of every promise to "
    "customers, who to go to (and when not to), and how to reach them. Use `ask` for a question in "
    "plain words; `role`, `person`, `team` and `outcome` for one entity by id; `who_is` for the "
    "holder of a letter (accountable, responsible, consulted, informed) in a step; `findings` for "
    "what the charter's own checks report."
)


Document = Callable[[Org, str], dict[str, Any]]


def _result(text: str, data: dict[str, Any]) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=data)


class Charter:
    """The organisation as the tools see it, loaded once; one method per tool, each answering
    with a result or a ToolError that says what to ask instead."""

    def __init__(self, org_dir: str, today: datetime.date) -> None:
        self.org_dir = org_dir
        self.result: Result = validate(org_dir, today)
        self.org = self.result.org
        self.index = ask.build(self.org) if self.org is not None else None

    def need_org(self) -> Org:
        if self.org is None:
            raise ToolError(
                f"the organisation in {self.org_dir} has {self.result.errors} error(s) that stop charter reading "
                "it; call `findings` to see them"
            )
        return self.org

    def entity(self, kind: str, wanted: str, document: Document) -> CallToolResult:
        """One role, person, team or outcome as the site's JSON API gives it."""
        org = self.need_org()
        self.known(kind, wanted, org.collection(kind))
        doc = document(org, wanted)
        return _result(doc["text"], doc)

    def known(self, kind: str, wanted: str, ids: Collection[str]) -> None:
        if wanted not in ids:
            hint = hint_for(wanted, list(ids))
            raise ToolError(
                f"no {kind} '{shown(wanted)}'" + (f"; {hint}" if hint else "; `ask` finds one by its subject")
            )

    def ask(self, question: str, limit: int) -> CallToolResult:
        self.need_org()
        if len(question) > MAX_QUESTION:
            raise ToolError(f"the question is longer than {MAX_QUESTION} characters: ask it in fewer words")
        if not words(question):
            raise ToolError("the question has no subject in it: ask about something, e.g. 'who approves a discount'")
        if not 1 <= limit <= 100:
            raise ToolError("limit must be from 1 to 100")
        assert self.index is not None  # made with the model
        found = rank(self.index, question, limit)
        return _result(answers.asked(found, self.index), answers.asked_document(found, self.index))

    def who_is(self, outcome: str, step: str, letter: str) -> CallToolResult:
        org = self.need_org()
        self.known("outcome", outcome, org.outcomes)
        chosen = self._step(org, outcome, step)
        found = self._letter(org, letter)
        holders = [api.actor(org, a) for a in org.letters(chosen).get(found.key, ())]
        if holders:
            said = "; ".join(f"{h['title']} ({api.reach_text(h['holders'])})" for h in holders)
            text = f"{found.label} for '{chosen.name}': {said}"
        else:
            text = f"Nobody is {found.label} for '{chosen.name}'."
        data = {
            "version": api.VERSION,
            "outcome": outcome,
            "step": chosen.id,
            "step_name": chosen.name,
            "letter": found.key,
            "holders": holders,
        }
        return _result(text, data)

    def _step(self, org: Org, outcome: str, step: str) -> StepBase:
        """A step of an outcome by its id, or by its name in any case."""
        steps = {s.id: s for s in outcome_steps(org.outcomes[outcome])}
        by_name = {s.name.casefold(): s.id for s in steps.values()}
        step_id = step if step in steps else by_name.get(step.casefold(), step)
        self.known("step", step_id, steps)
        return steps[step_id]

    def _letter(self, org: Org, letter: str) -> Letter:
        """A letter of the scheme by its key, letter or label (accountable, A, Accountable)."""
        wanted = letter.strip().casefold()
        found = next(
            (x for x in org.scheme.letters if wanted in (x.key, x.letter.casefold(), x.label.casefold())), None
        )
        if found is None:
            choices = ", ".join(x.key for x in org.scheme.letters)
            raise ToolError(f"no letter '{shown(letter)}' in {org.scheme.name}; the letters are {choices}")
        return found

    def findings(self, severity: str, limit: int) -> CallToolResult:
        if severity not in ("all", "error", "warning", "info"):
            raise ToolError("severity must be all, error, warning or info")
        result = self.result
        problems = [p for p in result.problems if severity in ("all", p.severity.value)]
        shown = problems[: max(1, min(limit, 500))]
        data = {
            "version": api.VERSION,
            "errors": result.errors,
            "warnings": result.warnings,
            "problems": [report.problem_json(p, self.org_dir) for p in shown],
        }
        head = f"{result.errors} error(s), {result.warnings} warning(s)."
        lines = [f"{shown_path(self.org_dir, p.path)}:{p.line}: {p.severity.value} {p.code} {p.message}" for p in shown]
        text = "\n".join([head, *lines])
        return _result(text, data)


def server(org_dir: str, today: datetime.date) -> CharterMCP:
    """The MCP server: each tool's docstring is what an assistant reads to choose it."""
    from charter import __version__

    charter = Charter(org_dir, today)
    mcp = CharterMCP("charter", version=__version__, instructions=INSTRUCTIONS)

    @mcp.tool(name="ask", annotations=READ_ONLY)
    def ask_charter(question: str, limit: int = 5) -> CallToolResult:
        """Who to ask about a subject, in plain words ("who approves a discount"): the roles
        ranked best first, each with its people, their contact details, the channel to use and
        why it matched."""
        return charter.ask(question, limit)

    @mcp.tool(annotations=READ_ONLY)
    def role(id: str) -> CallToolResult:  # the protocol's argument is called id
        """One role's charter: purpose, what it owns, answers for, who holds it and how to reach
        them, who it works with (on what, when, and when not), and its steps in every promise."""
        return charter.entity("role", id, api.role)

    @mcp.tool(annotations=READ_ONLY)
    def person(id: str) -> CallToolResult:
        """A person: their contact details and the roles they hold."""
        return charter.entity("person", id, api.person)

    @mcp.tool(annotations=READ_ONLY)
    def team(id: str) -> CallToolResult:
        """A team: purpose, channel, lead, sub-teams, and its roles with their people."""
        return charter.entity("team", id, api.team)

    @mcp.tool(annotations=READ_ONLY)
    def outcome(id: str) -> CallToolResult:
        """A promise to customers: the promise, its measure, the accountable role, and each step
        with its letters and hand-offs."""
        return charter.entity("outcome", id, api.outcome)

    @mcp.tool(annotations=READ_ONLY)
    def who_is(outcome: str, step: str, letter: str = "accountable") -> CallToolResult:
        """Who holds a letter in a step of a promise: letter is accountable, responsible,
        consulted or informed (or the scheme's other letters, by word or by letter: A, R)."""
        return charter.who_is(outcome, step, letter)

    @mcp.tool(annotations=READ_ONLY)
    def findings(severity: str = "all", limit: int = 50) -> CallToolResult:
        """What charter's checks report about the organisation (the health page's findings):
        severity is all, error, warning or info."""
        return charter.findings(severity, limit)

    return mcp
