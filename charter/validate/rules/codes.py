"""What each code about the ``rules:`` and ``waivers:`` settings means (raised by
:mod:`charter.validate.rules.engine`) and how to fix it."""

from __future__ import annotations

from charter.core.codes import CodeId

DOCS: dict[CodeId, str] = {
    CodeId.WAIVER_EXPIRED: """
A waiver's ``expires`` date has passed.

A waiver is a promise to fix something by a date. Once the date is past, the finding it
silenced is reported again and so is the expired waiver: fix the finding and delete the waiver,
or, if there is a new reason, write it and set a new date.
""",
    CodeId.WAIVER_UNUSED: """
A waiver silences nothing.

Either the finding was fixed (delete the waiver) or the waiver's ``rule`` or ``target`` is
misspelt; the message suggests the closest target. Targets are written ``kind:id``:
``role:data-analyst``, ``team:it``, ``outcome:issue-resolved-24h``,
``step:issue-resolved-24h/triage``, ``person:amira-haddad``.
""",
    CodeId.RULE_SETTINGS: """
The ``rules`` or ``waivers`` settings in ``organisation.yaml`` name a rule or an option that
does not exist, give a severity other than error, warning, info or off, or try to change or
waive one of the integrity rules (ids, duplicates, file names, references), which every
charter site depends on.

Example::

    rules:
      pass-around: {max_roles: 5}
      overload: {severity: error, max_steps: 10}
      stale: {severity: off}
""",
}
