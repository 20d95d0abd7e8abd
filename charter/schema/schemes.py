"""Responsibility-assignment schemes (RACI and its variants), as data.

A scheme is a list of letters; each letter says which key it uses in a step, how many roles may
hold it, and what holding it means to the rest of charter:

* ``performs`` — does the work: a step is drawn in the lane of the role holding this letter;
* ``accountable`` — answers for the result (approves, signs off);
* ``two_way`` — is asked before the work is done (a conversation: Consulted, Support,
  Contributors);
* neither — is told afterwards (one-way: Informed).

Nothing else in charter names a letter: rules and pages ask the scheme.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from charter.schema.types import Count, Flag, Text


class Letter(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(pattern=r"^[a-z][a-z_]{0,30}$", description="The key used in a step, e.g. responsible.")
    letter: str = Field(pattern=r"^[A-Z]$", description="The one-letter abbreviation shown in matrices.")
    label: Text = Field(description="The word shown to readers, e.g. Responsible.")
    meaning: Text = Field(description="One sentence on what holding this letter means.")
    performs: Flag = Field(False, description="Does the work: the step is drawn in this role's lane.")
    accountable: Flag = Field(False, description="Answers for the result.")
    two_way: Flag = Field(False, description="Is asked before the work is done.")
    min: Count = Field(0, description="Fewest roles a step may give this letter.")
    max: Count | None = Field(None, description="Most roles a step may give this letter (none: no limit).")


RESERVED_STEP_KEYS = frozenset(("id", "name", "detail", "next", "touchpoint", "channel", "within"))


class Scheme(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text
    letters: tuple[Letter, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _coherent(self) -> Scheme:
        keys = [letter.key for letter in self.letters]
        if len(set(keys)) != len(keys):
            raise ValueError("two letters use the same key")
        if len({letter.letter for letter in self.letters}) != len(keys):
            raise ValueError("two letters use the same abbreviation")
        clash = sorted(k for k in keys if k in RESERVED_STEP_KEYS or k.startswith("model_") or hasattr(BaseModel, k))
        if clash:
            raise ValueError(f"a letter key cannot be a name a step already uses: {', '.join(clash)}")
        for letter in self.letters:
            if letter.max is not None and letter.max < letter.min:
                raise ValueError(f"letter {letter.letter}: max ({letter.max}) is less than min ({letter.min})")
        if not any(letter.performs for letter in self.letters):
            raise ValueError("one letter must perform the work (performs: true)")
        if not any(letter.accountable for letter in self.letters):
            raise ValueError("one letter must be accountable (accountable: true)")
        return self

    @property
    def performer(self) -> Letter:
        """The letter whose holder does the work (the lane a step is drawn in)."""
        return next(letter for letter in self.letters if letter.performs)

    @property
    def owner(self) -> Letter:
        return next(letter for letter in self.letters if letter.accountable)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(letter.key for letter in self.letters)


def _letter(
    key: str,
    letter: str,
    label: str,
    meaning: str,
    *,
    performs: bool = False,
    accountable: bool = False,
    two_way: bool = False,
    low: int = 0,
    high: int | None = None,
) -> Letter:
    return Letter(
        key=key,
        letter=letter,
        label=label,
        meaning=meaning,
        performs=performs,
        accountable=accountable,
        two_way=two_way,
        min=low,
        max=high,
    )


_CONSULTED = _letter("consulted", "C", "Consulted", "Is asked before the work is done.", two_way=True)
_INFORMED = _letter("informed", "I", "Informed", "Is told once it is done.")

BUILT_IN: dict[str, Scheme] = {
    "raci": Scheme(
        name="RACI",
        letters=(
            _letter("responsible", "R", "Responsible", "Does the work.", performs=True, low=1),
            _letter("accountable", "A", "Accountable", "Answers for the result.", accountable=True, low=1, high=1),
            _CONSULTED,
            _INFORMED,
        ),
    ),
    "rasci": Scheme(
        name="RASCI",
        letters=(
            _letter("responsible", "R", "Responsible", "Does the work.", performs=True, low=1),
            _letter("accountable", "A", "Accountable", "Answers for the result.", accountable=True, low=1, high=1),
            _letter("support", "S", "Support", "Helps the Responsible do the work.", two_way=True),
            _CONSULTED,
            _INFORMED,
        ),
    ),
    "daci": Scheme(
        name="DACI",
        letters=(
            _letter("driver", "D", "Driver", "Drives the work to a decision.", performs=True, low=1, high=1),
            _letter("approver", "A", "Approver", "Makes the decision.", accountable=True, low=1, high=1),
            _letter("contributors", "C", "Contributor", "Contributes knowledge before the decision.", two_way=True),
            _INFORMED,
        ),
    ),
    "dri": Scheme(
        name="Directly Responsible Individual",
        letters=(
            _letter(
                "dri",
                "D",
                "Directly responsible",
                "Does the work and answers for it.",
                performs=True,
                accountable=True,
                low=1,
                high=1,
            ),
            _letter("contributors", "C", "Contributor", "Helps with the work.", two_way=True),
            _INFORMED,
        ),
    ),
}
