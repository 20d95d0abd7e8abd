"""What the swim-lane pictures write, and where their links go.

Both pictures say the same of a step: its number on the page and its name, then who else does
it and how soon. A lane is its role's title and its team (or an external party and its kind).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from charter.model.graph import Org
from charter.render import textfit
from charter.render.swimlane import Lane, Placed

READABLE = 12.0  # px: no picture's text is shown smaller


@dataclass(frozen=True)
class Hrefs:
    """Links from the page a picture is on: a lane to its role's page, a step to its text."""

    role: Callable[[str], str | None]  # None: no page (an external party)
    step: Callable[[str], str]


def step_anchor(step_id: str) -> str:
    """The id of a step's numbered text on its promise's page."""
    return f"step-{step_id}"


def actor_name(org: Org, actor: str) -> str:
    if actor in org.roles:
        return org.roles[actor].title
    external = org.externals.get(actor)
    return external.name if external is not None else actor


def step_lines(
    org: Org, placed: Placed, room: float, size: float, small: float
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The step's name, numbered, and its notes (who else does it; how soon), fitted to ``room``."""
    step = placed.step
    name = textfit.lines(f"{placed.number}. {step.name or step.id}", room, size)
    notes: list[str] = []
    others = placed.performers[1:]
    if others:
        notes += textfit.lines("with " + ", ".join(actor_name(org, a) for a in others), room, small)
    if step.within:
        notes += textfit.lines(f"within {step.within}", room, small)
    return tuple(name), tuple(notes)


def lane_lines(lane: Lane, room: float, size: float, small: float) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """A lane's title and its group, fitted to ``room``, and whether the title is bold; the
    group is left out when it only repeats the title (the customer's lane: "Customer", kind
    "customer")."""
    # Bold, unless a word of it would then have to be cut ("Implementati-on").
    bold = all(textfit.width(word, size, bold=True) <= room for word in lane.title.split())
    title = textfit.lines(lane.title, room, size, bold=bold, max_lines=4)
    same = lane.group.casefold() == lane.title.casefold()
    group = [] if same or not lane.group else textfit.lines(lane.group, room, small, max_lines=2)
    return tuple(title), tuple(group), bold
