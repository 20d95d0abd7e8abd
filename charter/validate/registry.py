"""Every fixed code with what it means: the codes (:mod:`charter.core.codes`) joined to the
documentation written beside the modules that raise them, for ``charter rules`` and
``charter explain``."""

from __future__ import annotations

from dataclasses import dataclass

from charter.core.codes import CodeId, first_paragraph
from charter.core.problem import Severity
from charter.load import codes as loader
from charter.validate import codes as structure
from charter.validate.rules import codes as settings


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
