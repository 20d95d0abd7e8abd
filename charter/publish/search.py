"""The site's search index, made by Pagefind from the built pages.

Staff search for a subject in their own words ("who approves a discount") and must land on the
role that owns it. MkDocs' lunr search cannot do that: it adds a wildcard to every word, which
turns off stemming and stop words, so "a" matches every page and "approves" never finds
"approving"; and it sends the whole index to every reader, which grows with the organisation.
Pagefind stems both the pages and the query, ranks by relevance with page length taken into
account, loads only the index fragments a query needs, and highlights the words on the page
reached. It reads only what the pages mark with ``data-pagefind-body`` (see
``templates/theme/main.html``), so navigation and whole-organisation tables stay out.

It runs as a program on the finished site (``python -m pagefind``), like the engines, and its
output depends only on the pages: two builds of the same input are identical.
"""

from __future__ import annotations

import sys
from pathlib import Path

from charter.publish import engine

FOLDER = "pagefind"  # under the site root; the theme loads pagefind/pagefind-ui.js from here
# Never indexed: the "¶" of heading permalinks, and matrices of letters (a step's holders are
# indexed in its own list, in words).
IGNORED = (".headerlink", ".charter-raci")


def index(site: Path) -> None:
    """Write the search index into ``site/pagefind``; raises EngineError if Pagefind fails."""
    done = engine.program(
        "pagefind",
        [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", FOLDER, "--silent"]
        + [arg for selector in IGNORED for arg in ("--exclude-selectors", selector)],
        site,
    )
    if done.returncode != 0 or not (site / FOLDER / "pagefind-ui.js").is_file():
        output = (done.stdout + done.stderr).strip()
        raise engine.EngineError(f"pagefind could not index the site:\n{output[-2000:]}")
