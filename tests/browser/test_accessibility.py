"""Every page kind, as axe-core (the engine behind most accessibility audits) sees it in
Chromium: no serious or critical violation, in the light and the dark scheme, at a desktop's and
a phone's width, on the example site and on the hostile-names site. Also the page's language,
distinct titles, a name for each diagram's frame, and search from the keyboard alone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from playwright.sync_api import Browser, Page, expect

EXAMPLE_PAGES = {
    "home": "",
    "team": "teams/sales/",
    "role": "teams/sales/head-of-sales/",
    "person": "people/priya-raman/",
    "outcome": "outcomes/issue-resolved-24h/",
    "outcomes": "outcomes/",
    "teams": "teams/",
    "people": "people/",
    "raci": "organisation/raci/",
    "ask": "organisation/ask/",
    "health": "organisation/health/",
    "collaboration": "organisation/collaboration/",
}
HOSTILE_PAGES = {
    "home": "",
    "role": "teams/service/agent/",
    "outcome": "outcomes/fault-fixed/",
    "person": "people/ana/",
    "ask": "organisation/ask/",
    "health": "organisation/health/",
}
VIEWS = [(scheme, width) for scheme in ("light", "dark") for width in (1400, 390)]
AXE = Axe()


@pytest.fixture(params=VIEWS, ids=[f"{s}-{w}" for s, w in VIEWS])
def view(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    scheme, width = request.param
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    yield page
    context.close()


def serious(page: Page) -> list[str]:
    """The serious and critical violations on the page, one line each with where."""
    results: Any = AXE.run(page)
    return [
        f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def audit(page: Page, base: str, pages: dict[str, str]) -> dict[str, list[str]]:
    found = {}
    for kind, path in pages.items():
        page.goto(base + path)
        page.wait_for_load_state("load")  # the scroll frames are named on "load"
        found[kind] = serious(page)
    return {kind: lines for kind, lines in found.items() if lines}


def test_no_serious_violation_on_any_page_kind(view: Page, example_url: str) -> None:
    assert audit(view, example_url, EXAMPLE_PAGES) == {}


def test_no_serious_violation_with_hostile_names(view: Page, hostile_url: str) -> None:
    assert audit(view, hostile_url, HOSTILE_PAGES) == {}


def test_language_titles_and_diagram_frames(page: Page, example_url: str) -> None:
    titles = set()
    for path in EXAMPLE_PAGES.values():
        page.goto(example_url + path)
        assert page.locator("html").get_attribute("lang") == "en"
        titles.add(page.title())
    assert len(titles) == len(EXAMPLE_PAGES)  # every page a distinct title
    page.goto(example_url + "outcomes/issue-resolved-24h/")
    # The picture is a named group of links: a keyboard reaches each step and opens its text.
    picture = page.get_by_role("group", name=re.compile("^Swim-lane diagram of Support issue resolved"))
    expect(picture).to_be_visible()
    step = picture.get_by_role("link", name=re.compile(r"^1\. Customer reports"))
    step.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#step-report-issue")).to_be_in_viewport()
    page.get_by_role("link", name="the numbered steps").click()
    expect(page.locator("#steps")).to_be_in_viewport()


def test_search_and_an_answer_with_the_keyboard_alone(page: Page, example_url: str) -> None:
    page.goto(example_url)
    page.keyboard.press("/")
    box = page.locator("#charter-search input")
    expect(box).to_be_focused()
    expect(box).to_have_attribute("aria-label", "Search the charter: people, roles, subjects")
    page.keyboard.type("who approves a discount", delay=15)
    expect(page.locator("#charter-search .pagefind-ui__message")).to_contain_text("who approves a discount")
    first = page.locator("#charter-search .pagefind-ui__result-title > a").first
    for _ in range(10):  # Tab from the box to the first result
        page.keyboard.press("Tab")
        if first.evaluate("a => a === document.activeElement"):
            break
    expect(first).to_be_focused()
    outline = first.evaluate("a => getComputedStyle(a).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")
    expect(page.locator("article h1")).to_contain_text("Head of Sales")
