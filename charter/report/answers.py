"""``charter ask``'s answers as a person reads them, and as JSON for programs and the MCP server."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from charter.report.problems import JSON_VERSION

if TYPE_CHECKING:
    from charter.ask.index import Index as AskIndex
    from charter.ask.rank import Asked


def asked(result: Asked, index: AskIndex) -> str:
    """``charter ask``'s answers as a person reads them: the role, who holds it and how to reach
    them, where to ask, and why it matched."""
    if not result.answers:
        out = f"No role's charter mentions '{result.question}'."
        if result.nearest:
            out += " The nearest subjects:\n" + "".join(f"  - {text}\n" for text in result.nearest)
        else:
            out += " Try other words, or the role's title.\n"
        return out
    lines = []
    for number, answer in enumerate(result.answers, start=1):
        card = answer.card
        lines.append(f"{number}. {card.title} ({card.role}) — {card.team_name}")
        for contact in card.holders:
            reach = [x for x in (contact.email, contact.chat, contact.location) if x]
            lines.append(f"   {contact.name}" + (f": {', '.join(reach)}" if reach else ""))
        if not card.holders:
            cover = index.cards.get(card.escalates_to)
            lines.append("   nobody holds this role now" + (f"; ask {cover.title} ({cover.role})" if cover else ""))
        if answer.channel:
            lines.append(f"   where: {answer.channel}")
        lines += [f"   why: {reason.said(index)}" for reason in answer.reasons]
        if answer.above in index.cards:
            under = index.cards[answer.above]
            why = "it escalates to this role, and the question asks who decides"
            lines.append(f"   why above {under.title} ({under.role}): {why}")
        if answer.matched:
            lines.append("   matched " + "; ".join(m.said() for m in answer.matched))
    return "\n".join(lines) + "\n"


def asked_json(result: Asked, index: AskIndex) -> str:
    return json.dumps(asked_document(result, index), ensure_ascii=False, indent=2) + "\n"


def asked_document(result: Asked, index: AskIndex) -> dict[str, object]:
    """``charter ask --format json``, and the MCP server's ask tool."""
    return {
        "version": JSON_VERSION,
        "question": result.question,
        "answers": [
            {
                "role": a.card.role,
                "title": a.card.title,
                "team": a.card.team,
                "team_name": a.card.team_name,
                "channel": a.channel,
                "holders": [
                    {"id": c.person, "name": c.name, "email": c.email, "chat": c.chat, "location": c.location}
                    for c in a.card.holders
                ],
                "score": a.score,
                "matched": [{"typed": m.typed, "found": m.found, "how": m.how} for m in a.matched],
                "above": a.above or None,
                "why": [
                    {
                        "kind": r.kind,
                        "text": r.text,
                        "about": r.about,
                        "when": r.when,
                        "not_when": r.not_when,
                        "said": r.said(index),
                    }
                    for r in a.reasons
                ],
            }
            for a in result.answers
        ],
        "nearest": list(result.nearest),
    }
