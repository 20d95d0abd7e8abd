"""How wide a text is drawn, so that charter's own pictures wrap it to fit their boxes.

A browser draws a diagram's text in the first font of ``FONT`` it has. The widths below are
DejaVu Sans's (measured from its font files with fontTools, in thousandths of an em, for the
printable ASCII characters): the widest of the fonts in that list, so text measured with them
fits in Helvetica, Arial or Liberation Sans too. Other characters take a generous estimate: a
full em for East Asian wide ones (and emoji), 0.75 em (0.8 in bold) for the rest, nothing for
combining marks. ``tests/browser`` checks in Chromium that every line fits its box.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable

from charter.render.escape import wrap

FONT = "'DejaVu Sans', Helvetica, Arial, sans-serif"

# ' ' to '~', regular and bold.
_REGULAR = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775,
    752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390,
    337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
)  # fmt: skip
_BOLD = (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696,
    696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821,
    837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457,
    365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687,
    716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
)  # fmt: skip


@functools.lru_cache(maxsize=4096)
def em(ch: str, bold: bool = False) -> float:
    """One character's width, in ems."""
    code = ord(ch)
    if 32 <= code < 127:
        return (_BOLD if bold else _REGULAR)[code - 32] / 1000
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    return 0.8 if bold else 0.75


def width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` in pixels at ``size`` pixels."""
    return sum(em(ch, bold) for ch in text) * size


def measure(size: float, bold: bool = False) -> Callable[[str], float]:
    return lambda ch: em(ch, bold) * size


def lines(text: str, room: float, size: float, bold: bool = False, max_lines: int = 12) -> list[str]:
    """``text`` broken into lines no wider than ``room`` pixels (a word longer than a line is
    cut), ending in "…" only past ``max_lines``: a bound for pathological names, not a limit
    anyone writing a step reaches."""
    return wrap(text, room, max_lines, measure(size, bold), hyphen=True)
