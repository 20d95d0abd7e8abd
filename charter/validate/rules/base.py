"""What every rule module provides, and what it is given.

A rule is a module (see yamllint): ``CODE``, ``NAME``, ``SEVERITY``, ``Options`` (a pydantic model
of what ``organisation.yaml``'s ``rules:`` section may set for it: ``severity`` and its thresholds,
with their defaults), ``CONFIGURABLE``, ``COMPLETE``, a docstring that is its user documentation
(``charter explain`` prints it), ``check(ctx)``, a generator of findings, and ``silences(ctx)``,
the findings of other rules that its own finding stands for (most rules: none). The registry
types each module against :class:`Rule`, so mypy proves every rule fits; a rule reads its
options typed (``ctx.options.max_roles``), as its ``check`` declares ``RuleContext[Options]``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Literal, Protocol, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from charter.core.problem import Severity
from charter.load.discover import SourceFile
from charter.model.facts import StepRef
from charter.model.graph import Org

KeyPath = tuple[str | int, ...]
SEVERITY_WORDS = ("error", "warning", "info", "off")


def _whole_number(value: object) -> object:
    # The loader keeps every value as the text typed; only ASCII digits make a threshold ("٣" and
    # "²" are digits to Python's int(), not to a manager reading the file).
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 9:
        return int(value)
    raise ValueError("not a whole number")


def _severity_word(value: object) -> object:
    if value is None:
        return "off"  # `severity:` with nothing after it
    if isinstance(value, str) and value.lower() in SEVERITY_WORDS:
        return value.lower()
    raise ValueError("not a severity")


WholeNumber = Annotated[int, BeforeValidator(_whole_number)]


class RuleOptions(BaseModel):
    """What every rule takes in ``rules:``; a rule with thresholds extends it with its own."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    severity: Annotated[Literal["error", "warning", "info", "off"] | None, BeforeValidator(_severity_word)] = Field(
        None, description="error, warning, info or off (default: the rule's own severity)"
    )


def defaults(options: type[RuleOptions]) -> dict[str, int]:
    """A rule's thresholds and their defaults, for ``charter rules`` and ``charter explain``."""
    return {name: field.default for name, field in options.model_fields.items() if name != "severity"}


@dataclass(frozen=True, slots=True)
class RuleFinding:
    """A rule's finding before the engine gives it a code, a severity and a waiver check."""

    source: SourceFile
    key_path: KeyPath
    message: str
    hint: str
    target: str
    at_key: bool = False


OptionsT = TypeVar("OptionsT", bound=RuleOptions)


@dataclass(frozen=True)
class RuleContext(Generic[OptionsT]):
    """What a rule is given: the model, its own options (validated, or the defaults) and the date."""

    org: Org
    options: OptionsT
    today: datetime.date

    def at(self, kind: str, entity_id: str, key_path: KeyPath, message: str, hint: str = "") -> RuleFinding:
        """A finding about an entity, located at ``key_path`` in its file."""
        return RuleFinding(self.org.source(kind, entity_id), key_path, message, hint, f"{kind}:{entity_id}")

    def at_step(self, ref: StepRef, key_path: KeyPath, message: str, hint: str = "") -> RuleFinding:
        source = self.org.source("outcome", ref.outcome.id)
        return RuleFinding(source, ("steps", ref.index, *key_path), message, hint, ref.target)

    def label(self, actor_id: str) -> str:
        """How a role or external party is named in a message: its title and id."""
        role = self.org.roles.get(actor_id)
        if role is not None:
            return f"{role.title} ({actor_id})"
        external = self.org.externals.get(actor_id)
        return f"{external.name} ({actor_id})" if external is not None else actor_id

    def team_name(self, team_id: str) -> str:
        team = self.org.teams.get(team_id)
        return team.name if team is not None else team_id


class Rule(Protocol):
    # Read-only properties, so a module's plain constants satisfy them.
    @property
    def CODE(self) -> str: ...
    @property
    def NAME(self) -> str: ...
    @property
    def SEVERITY(self) -> Severity: ...
    @property
    def Options(self) -> type[RuleOptions]: ...
    @property
    def CONFIGURABLE(self) -> bool: ...
    # Kinds of entity whose every file this rule must see to be right (it concludes from what
    # they do not say): it waits while one of them is unreadable or names an unknown id. A field
    # of a kind (``role.team``) narrows it: the rule waits only while that field of some file of
    # the kind did not fit its model (or the kind's files are, as above, not all there).
    @property
    def COMPLETE(self) -> frozenset[str]: ...

    def check(self, ctx: RuleContext[Any]) -> Iterator[RuleFinding]: ...

    # (code, target) pairs of other rules' findings that this rule's own finding sums up: the
    # engine drops those, so one line speaks for them (see imported.py). Most rules: nothing.
    def silences(self, ctx: RuleContext[Any]) -> frozenset[tuple[str, str]]: ...


def silences_nothing(_ctx: RuleContext[Any]) -> frozenset[tuple[str, str]]:
    """The ``silences`` of every rule whose finding stands only for itself."""
    return frozenset()
