"""One registry of every code charter reports, for ``charter rules``, ``charter explain`` and the
site: the fixed codes (:mod:`charter.core.codes`) joined to the documentation written beside the
modules that raise them, and the collaboration rules (:mod:`charter.validate.rules`), each
documented by its own docstring."""

from __future__ import annotations

from dataclasses import dataclass

from charter.core.codes import CodeId, first_paragraph
from charter.core.problem import Severity
from charter.load import codes as loader
from charter.validate import codes as structure
from charter.validate.rules import RULES, get
from charter.validate.rules import codes as settings
from charter.validate.rules.base import Rule, defaults


@dataclass(frozen=True)
class Code:
    code: CodeId
    doc: str

    @property
    def name(self) -> str:
        return self.code.slug

    @property
    def severity(self) -> Severity:
        return self.code.severity

    @property
    def summary(self) -> str:
        return first_paragraph(self.doc)


def _catalogue() -> dict[str, Code]:
    docs = {**loader.DOCS, **structure.DOCS, **settings.DOCS}
    undocumented = [c.value for c in CodeId if c not in docs]
    if undocumented:  # a code added without its explanation: a programming error, caught by any test
        raise RuntimeError(f"codes without documentation: {', '.join(undocumented)}")
    return {c.value: Code(c, docs[c]) for c in CodeId}


ALL = _catalogue()


# --- every code, fixed and rule: what `charter rules` lists and `charter explain` explains ------


@dataclass(frozen=True)
class Entry:
    """One code as the reference commands show it, whether the loader or a rule reports it."""

    code: str
    name: str
    severity: Severity
    mode: str  # "fixed" or "configurable"
    doc: str  # the documentation: a rule's docstring, or what is written beside a fixed code
    heading: str  # the first line of `charter explain`
    options: dict[str, int]  # a rule's thresholds and their defaults

    @property
    def summary(self) -> str:
        shown = ", ".join(f"{k}={v}" for k, v in self.options.items())
        return first_paragraph(self.doc) + (f" [{shown}]" if shown else "")


def _rule_entry(rule: Rule) -> Entry:
    fixed = "" if rule.CONFIGURABLE else ", cannot be changed or waived"
    return Entry(
        rule.CODE,
        rule.NAME,
        rule.SEVERITY,
        "configurable" if rule.CONFIGURABLE else "fixed",
        rule.__doc__ or "",
        f"{rule.CODE} {rule.NAME} (default severity: {rule.SEVERITY.value}{fixed})",
        defaults(rule.Options),
    )


def _fixed_entry(code: Code) -> Entry:
    heading = f"{code.code} {code.name} ({code.severity.value}, reported while reading files)"
    return Entry(code.code.value, code.name, code.severity, "fixed", code.doc, heading, {})


def entries() -> list[Entry]:
    """Every code charter reports: the rules' and the fixed ones."""
    return [*(_rule_entry(r) for r in RULES.values()), *(_fixed_entry(c) for c in ALL.values())]


def find(code_or_name: str) -> Entry | None:
    """A rule by code or name first, then a fixed code by code or name."""
    rule = get(code_or_name)
    if rule is not None:
        return _rule_entry(rule)
    known = ALL.get(code_or_name.upper()) or next((c for c in ALL.values() if c.name == code_or_name.lower()), None)
    return _fixed_entry(known) if known is not None else None


def rows() -> list[tuple[str, str, str, str, str]]:
    """`charter rules`: code, name, default severity, whether it can be changed, and what it checks."""
    return [(e.code, e.name, e.severity.value, e.mode, e.summary) for e in entries()]


def codes() -> list[str]:
    return [*RULES, *ALL]


def names() -> list[str]:
    return [*(r.NAME for r in RULES.values()), *(c.name for c in ALL.values())]
