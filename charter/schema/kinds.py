"""The kinds of file an organisation holds, in one table.

Every stage that walks the kinds reads this table: the loader (which folder holds which kind),
the model (which collection an entity goes into), the JSON Schemas (each kind's model and title),
the command line's choices, ``charter diff``'s words and headings, and the MCP server's look-ups.
A new kind is one row here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from charter.schema.models import Strict
    from charter.schema.schemes import Scheme


@dataclass(frozen=True)
class Kind:
    key: str  # as files, targets and commands name it: role, person …
    folder: str  # the folder under the organisation that holds its files ("" for organisation.yaml)
    collection: str  # the model's attribute holding every entity of the kind ("" for the organisation)
    model_name: str  # its model in charter.schema.models; "" for an outcome (see model_for)
    title: str  # its JSON Schema's title
    noun: str  # in a sentence: "the external party 'bank'", "the promise 'invoice-paid'"
    heading: str  # over a list of them: "External parties"
    review: int  # where its changes come in a pull request's summary: the promises, then who does them
    new: bool  # `charter new` writes a starting file for one

    @property
    def model(self) -> type[Strict] | None:
        """Its model; None for an outcome, whose letters come from the scheme. Imported when
        first asked for: the command line reads this table for its choices, and the models
        (pydantic) would add a fifth of a second to every command that needs none."""
        if not self.model_name:
            return None
        found: type[Strict] = getattr(importlib.import_module("charter.schema.models"), self.model_name)
        return found


ORGANISATION = Kind("organisation", "", "", "OrganisationSettings", "Charter organisation settings", "organisation",
                    "The organisation", 0, new=False)  # fmt: skip
TEAM = Kind("team", "teams", "teams", "Team", "Charter team", "team", "Teams", 3, new=True)
ROLE = Kind("role", "roles", "roles", "Role", "Charter role", "role", "Roles", 2, new=True)
PERSON = Kind("person", "people", "people", "Person", "Charter person", "person", "People", 4, new=True)
EXTERNAL = Kind("external", "external", "externals", "External", "Charter external party", "external party",
                "External parties", 5, new=False)  # fmt: skip
OUTCOME = Kind("outcome", "outcomes", "outcomes", "", "Charter outcome", "promise", "Promises", 1, new=True)

# Every kind, in the order the JSON Schemas and the command line list them.
KINDS: dict[str, Kind] = {kind.key: kind for kind in (ORGANISATION, TEAM, ROLE, PERSON, EXTERNAL, OUTCOME)}
# The kinds kept one file each in a folder of their own (all but the organisation's settings).
ENTITY_KINDS: tuple[Kind, ...] = tuple(kind for kind in KINDS.values() if kind.folder)
# folder → kind key, for the loader.
BY_FOLDER: dict[str, str] = {kind.folder: kind.key for kind in ENTITY_KINDS}


def model_for(kind: str, scheme: Scheme) -> type[Strict]:
    """The model a file of ``kind`` must fit (an outcome's has the scheme's letters)."""
    from charter.schema.models import outcome_model

    model = KINDS[kind].model
    return outcome_model(scheme) if model is None else model
