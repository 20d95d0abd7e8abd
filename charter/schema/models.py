"""One model per kind of file. Field descriptions become the editor's hover text.

Fields that a collaboration rule checks (a role's purpose, an outcome's promise and measure)
are optional here on purpose: the rule reports them with its own code, severity and waiver
support, instead of a structural error that would hide every other finding.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal, Self, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, HttpUrl, create_model, model_validator
from pydantic_core import PydanticCustomError

from charter.schema.schemes import BUILT_IN, Letter, Scheme
from charter.schema.types import Date, Flag, GitHubUser, Id, IdList, Language, Names, Text, TextList, none_is_empty


class Strict(BaseModel):
    """Unknown keys are errors (a typo must never be silently ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Pydantic gives every instance a set of the fields it was given. A large organisation has
    # about 170,000 models and a few hundred different such sets: one set shared by the models
    # given the same fields is a sixth of validate's memory at 20,000 roles. It stays a ``set``
    # (``model_dump(exclude_unset=True)`` needs one); nothing adds to it, as the models are
    # frozen, but ``model_copy(update=...)``, which adds to its copy's, gets a set of its own.
    @model_validator(mode="after")
    def _shared_fields_set(self) -> Self:
        given = self.__pydantic_fields_set__
        object.__setattr__(self, "__pydantic_fields_set__", _FIELDS_SETS.setdefault(frozenset(given), given))
        return self

    def __copy__(self) -> Self:
        return _own_fields_set(super().__copy__())

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        return _own_fields_set(super().__deepcopy__(memo))


_FIELDS_SETS: dict[frozenset[str], set[str]] = {}
M = TypeVar("M", bound=BaseModel)


def _own_fields_set(model: M) -> M:
    object.__setattr__(model, "__pydantic_fields_set__", set(model.__pydantic_fields_set__))
    return model


# --- organisation.yaml -----------------------------------------------------------------------


class Waiver(Strict):
    rule: Text = Field(description="The rule's code or name, e.g. CH305 or vacancy.")
    target: Text = Field(
        description="What it silences, as kind:id — role:data-analyst, team:it, outcome:x, "
        "step:outcome-id/step-id, person:x."
    )
    reason: Text = Field(description="Why this is acceptable for now.")
    expires: Date = Field(description="YYYY-MM-DD; after this day the waiver is itself an error.")


class Palette(Strict):
    primary: Text | None = Field(None, description="Material colour name for the header, e.g. indigo.")
    accent: Text | None = Field(None, description="Material colour name for links and buttons.")


class Site(Strict):
    url: HttpUrl | None = Field(None, description="Where the published charter lives.")
    repository: HttpUrl | None = Field(
        None, description="The repository that holds this organisation folder (for 'edit' links)."
    )
    edit_uri: Text | None = Field(
        None, description="Path from the repository to the org folder for editing, e.g. edit/main/org/."
    )
    palette: Palette | None = None


def none_is_empty_mapping(value: Any) -> Any:
    """`vocabulary:` with nothing after it means no words, not an error."""
    return {} if value is None else value


def _scheme_by_name(value: Any) -> Any:
    if isinstance(value, str):
        if value in BUILT_IN:
            return BUILT_IN[value]
        raise PydanticCustomError(
            "scheme_name",
            'expected one of raci, rasci, daci, dri (or a custom scheme), found "{found}"',
            {"found": value, "choices": sorted(BUILT_IN)},
        )
    return value


class OrganisationSettings(Strict):
    name: Text = Field(description="The organisation's name, shown on every page.")
    common_goal: Text = Field(description="The goal every role works towards, in the customer's terms.")
    principles: TextList = Field((), description='How we work together: "Around here we …".')
    scheme: Annotated[
        Scheme,
        BeforeValidator(_scheme_by_name, json_schema_input_type=Literal["raci", "rasci", "daci", "dri"] | Scheme),
    ] = Field(
        BUILT_IN["raci"],
        description="The responsibility scheme: raci, rasci, daci, dri, or a custom scheme.",
    )
    rules: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="Per rule (code or name): severity (error, warning, info, off) and its options.",
    )
    waivers: Annotated[tuple[Waiver, ...], BeforeValidator(none_is_empty)] = Field(
        (), description="Findings accepted for a while, with a reason."
    )
    site: Site = Field(default_factory=Site)
    vocabulary: Annotated[dict[Text, Names], BeforeValidator(none_is_empty_mapping)] = Field(
        default_factory=dict,
        description="Words staff use for what the charters call otherwise, and abbreviations: "
        "'PO: purchase order', 'rota: [shifts, schedule]'. Each finds what the other finds, in "
        "charter ask, the ask page and the site's search.",
    )
    language: Language = Field(
        "en",
        description="The site's language, as a code such as en, fr, de or pt-BR: each page's lang, for screen "
        "readers and translation, and the theme's own words.",
    )


# --- teams, roles, people, external parties ---------------------------------------------------


class Entity(Strict):
    """Anything with an id: one per file, named after it."""

    id: Id = Field(description="Lower-case letters, digits and dashes; the file is named after it.")


class Team(Entity):
    name: Text
    also_known_as: TextList = Field(
        (),
        description="Other names staff use for it, as a list: [AP team, payables]. "
        "charter ask and the site's search find it by them.",
    )
    imported: Text | None = Field(
        None,
        description="Set by charter import: the file this was created from. While its placeholders are as the "
        "import wrote them, they are summed up in one finding per import (charter explain imported); delete the "
        "line once it is filled in.",
    )
    purpose: Text | None = Field(None, description="Why customers need this team.")
    lead: Id | None = Field(None, description="The one role that leads the team (its id).")
    parent: Id | None = Field(None, description="The one team this one belongs to (its id).")
    channel: Text | None = Field(
        None,
        description="Where to reach the team (chat channel, queue, mailbox). Quote a channel that starts with #: "
        'channel: "#it-help" (unquoted, YAML reads it as a comment).',
    )


class Collaborator(Strict):
    role: Id = Field(description="The role (or external party) to work with.")
    on: Text = Field(description="The subject you work on together.")
    when: Text | None = Field(None, description="What triggers working together.")
    not_when: Text | None = Field(None, description="When NOT to involve them — just as important.")
    channel: Text | None = Field(
        None,
        description="Where it happens: a CRM case, a #channel, a meeting. Quote a value that starts with #: "
        '"#it-escalations".',
    )


class Role(Entity):
    title: Text
    also_known_as: TextList = Field(
        (),
        description="Other names staff use for it, as a list: [AP team, payables]. "
        "charter ask and the site's search find it by them.",
    )
    imported: Text | None = Field(
        None,
        description="Set by charter import: the file this was created from. While its placeholders are as the "
        "import wrote them, they are summed up in one finding per import (charter explain imported); delete the "
        "line once it is filled in.",
    )
    team: Id = Field(description="The one team this role belongs to (its id).")
    purpose: Text | None = Field(
        None,
        description="Why customers fund this job, in their terms. Put it in quotes if it holds a colon and a space.",
    )
    owns: TextList = Field((), description="What this role decides and does alone: a list, one '- ' line each.")
    accountabilities: TextList = Field((), description="What this role answers for: a list, one '- ' line each.")
    collaborators: Annotated[tuple[Collaborator, ...], BeforeValidator(none_is_empty)] = Field(
        (), description="With whom, on what, when — and when not."
    )
    holders: IdList = Field((), description="The people holding this role, as a list: [ana, bo]; none means vacant.")
    escalates_to: Id | None = Field(None, description="The one role to escalate to (its id).")
    review_by: Date | None = Field(None, description="YYYY-MM-DD by which this charter is reviewed.")


class Person(Entity):
    name: Text
    email: Text | None = None
    chat: Text | None = Field(
        None, description='Chat handle, in quotes since YAML cannot start a text with @: "@amira".'
    )
    location: Text | None = None
    github: GitHubUser | None = Field(
        None, description="The person's GitHub user name, for CODEOWNERS (charter export codeowners): octocat."
    )


class External(Entity):
    name: Text
    kind: Literal["customer", "supplier", "partner", "agency", "regulator"]
    description: Text | None = None
    contact: Text | None = None


# --- outcomes (their steps depend on the scheme) ------------------------------------------------


class Measure(Strict):
    metric: Text = Field(description="What is measured.")
    target: Text | None = Field(None, description='The promised level, e.g. ">= 95%".')


class StepBase(Strict):
    id: Id = Field(description="Unique within the outcome.")
    name: Text
    detail: Text | None = None
    next: IdList = Field((), description="The steps that follow this one.")
    touchpoint: Flag = Field(False, description="true where the customer experiences this step.")
    channel: Text | None = Field(None, description='Where it happens. Quote a value that starts with #: "#it-help".')
    within: Text | None = Field(None, description='How soon, e.g. "2 hours".')


class OutcomeBase(Entity):
    name: Text
    also_known_as: TextList = Field(
        (),
        description="Other names staff use for it, as a list: [month-end close, the close]. "
        "charter ask and the site's search find it by them.",
    )
    imported: Text | None = Field(
        None,
        description="Set by charter import: the file this was created from. While its placeholders are as the "
        "import wrote them, they are summed up in one finding per import (charter explain imported); delete the "
        "line once it is filled in.",
    )
    promise: Text | None = Field(None, description="What the customer is promised, end to end.")
    measure: Measure | None = None
    accountable: Id | None = Field(None, description="The one role that answers for the whole outcome (its id).")
    review_by: Date | None = None


@cache
def outcome_model(scheme: Scheme) -> type[OutcomeBase]:
    """The outcome model for a scheme: a step has one list-of-roles field per letter."""
    letters: dict[str, Any] = {
        letter.key: (IdList, Field((), description=_letter_help(letter))) for letter in scheme.letters
    }
    step = create_model("Step", __base__=StepBase, **letters)
    return create_model(
        "Outcome",
        __base__=OutcomeBase,
        steps=(
            Annotated[tuple[step, ...], BeforeValidator(none_is_empty)],
            Field((), description="The steps, in the order they happen."),
        ),
    )


def _letter_help(letter: Letter) -> str:
    """A letter's hover text, with how many roles it takes, as the validator's messages say."""
    if letter.max == 1:
        count = "exactly one role" if letter.min == 1 else "at most one role"
        count += "; to involve others, give them another letter or split the step"
    elif letter.min:
        count = f"at least {letter.min} role{'s' if letter.min > 1 else ''}, as a list: [agent, it-engineer]"
    else:
        count = "a list of roles: [agent, it-engineer]"
    return f"{letter.label} ({letter.letter}): {letter.meaning} Takes {count}."


def step_letters(step: StepBase, key: str) -> tuple[str, ...]:
    value: tuple[str, ...] = getattr(step, key)  # the letters are defined per scheme
    return value


def outcome_steps(outcome: OutcomeBase) -> tuple[StepBase, ...]:
    steps: tuple[StepBase, ...] = getattr(outcome, "steps")  # noqa: B009 (defined per scheme)
    return steps
