"""Reader tasks on the example site, as a new member of staff would do them: one search typed
in their own words, one click, and the answer on screen — the role, a person holding it, and a
way to reach them — without scrolling."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect

from tests.conftest import ROOT

DESKTOP: ViewportSize = {"width": 1400, "height": 1000}
PHONE: ViewportSize = {"width": 390, "height": 844}

# (what a person types, the role whose page must answer). Phrased as staff ask, not copied from
# the YAML: filler words, other word forms ("approves" for "approving"), a question.
QUESTIONS = [
    ("who approves a discount", "head-of-sales", "Head of Sales"),
    ("can we ship a hotfix today", "engineering-lead", "Engineering Lead"),
    ("who is on the on-call rota", "head-of-it", "Head of IT & Support Engineering"),
    ("security questionnaire from a prospect", "solutions-consultant", "Solutions Consultant"),
    ("who writes help centre articles", "knowledge-manager", "Knowledge Manager"),
    ("who trains the AP clerks", "implementation-consultant", "Implementation Consultant"),
    ("where are the release notes", "product-marketing-manager", "Product Marketing Manager"),
    ("post-incident report", "problem-manager", "Problem Manager"),
    ("ERP connector mapping", "integration-specialist", "Integration Specialist"),
    ("public roadmap", "head-of-product", "Head of Product"),
]


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)
    opened = context.new_page()
    yield opened
    context.close()


def search(page: Page, base: str, words: str) -> Locator:
    """Type ``words`` into the site's search (opened with "/") and return the result links, once
    they are the results for those words."""
    page.goto(base)
    page.keyboard.press("/")
    box = page.locator("#charter-search input")
    expect(box).to_be_focused()
    box.press_sequentially(words, delay=15)
    expect(page.locator("#charter-search .pagefind-ui__message")).to_contain_text(words, timeout=15_000)
    return page.locator("#charter-search .pagefind-ui__result-title > a")


def answer_on_screen(page: Page, title: str) -> None:
    """The role's title, a holder's name and a way to reach them are all in view."""
    heading = page.locator("article h1")
    expect(heading).to_have_text(re.compile("^" + re.escape(title) + "¶?$"))
    expect(heading).to_be_in_viewport()
    reach = page.locator("article .admonition.info")
    expect(reach).to_be_in_viewport()
    expect(reach.locator('a[href*="people/"]').first).to_be_in_viewport()
    expect(reach.locator('a[href^="mailto:"]').first).to_be_in_viewport()


def role_names() -> dict[str, str]:
    import yaml

    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["title"]
        for path in (ROOT / "org" / "roles").glob("*.yaml")
    }


def test_the_questions_name_real_roles_in_other_words() -> None:
    titles = role_names()
    for words, role, title in QUESTIONS:
        assert titles[role] == title
        assert words.lower() != title.lower()


@pytest.mark.parametrize(("words", "role", "title"), QUESTIONS, ids=[q[1] for q in QUESTIONS])
def test_one_search_one_click_shows_who_and_how(
    page: Page, example_url: str, words: str, role: str, title: str
) -> None:
    results = search(page, example_url, words)
    first = results.first
    # Retried until the results are those of the whole phrase, not of its first words.
    expect(first).to_have_attribute("href", re.compile(f"/{re.escape(role)}/"))
    first.click()
    answer_on_screen(page, title)
    # The words searched for are marked on the page reached.
    expect(page.locator("article mark").first).to_be_visible()


def test_a_colleague_found_by_name_shows_their_roles_and_contact(page: Page, example_url: str) -> None:
    results = search(page, example_url, "Amira")
    first = results.first
    expect(first).to_have_attribute("href", re.compile("/people/amira-haddad/"))
    first.click()
    expect(page.locator("article h1")).to_have_text(re.compile("^Amira Haddad¶?$"))
    expect(page.locator('article a[href="mailto:amira.haddad@kestrelpayables.com"]')).to_be_in_viewport()
    expect(page.locator("article h3 a", has_text="Knowledge Manager")).to_be_visible()


def test_nothing_found_says_what_to_try(page: Page, example_url: str) -> None:
    search(page, example_url, "zeppelin")
    expect(page.locator("#charter-search .pagefind-ui__message")).to_contain_text("Who do I ask about")


def test_the_ask_page_filters_as_you_type(page: Page, example_url: str, artifacts: Path) -> None:
    page.goto(example_url + "organisation/ask/")
    cards = page.locator(".charter-answer")
    everyone = cards.count()
    assert everyone == len(role_names())
    page.locator("#charter-ask-filter").press_sequentially("discounts", delay=15)
    visible = page.locator(".charter-answer:visible")
    expect(visible).to_have_count(1)
    expect(visible.first).to_contain_text("Head of Sales")
    expect(visible.first.locator('a[href^="mailto:"]')).to_be_visible()
    expect(visible.first.locator("li.charter-hit")).to_contain_text("Approving discounts")
    expect(page.locator("h2:visible")).to_have_count(1)  # only the Sales team's heading
    page.screenshot(path=str(artifacts / "ask-filtered.png"))
    page.locator("#charter-ask-filter").fill("zeppelin")
    expect(page.locator("#charter-ask-count")).to_contain_text("No role matches")
    page.locator("#charter-ask-filter").fill("")
    expect(page.locator(".charter-answer:visible")).to_have_count(everyone)

    # Within a team the filter ranks as `charter ask` does: the Head of Sales, who owns signing
    # decisions, before the Account Executive, who only does a signing step and comes first on
    # the page.
    def titles(texts: list[str]) -> list[str]:
        return [t.split("\n")[0].split(" · ")[0].split(" (also known as")[0].strip() for t in texts]

    order = titles(cards.all_inner_texts())
    assert order.index("Account Executive") < order.index("Head of Sales")
    page.locator("#charter-ask-filter").fill("sign")
    ranked = titles(page.locator(".charter-answer:visible").all_inner_texts())
    assert ranked.index("Head of Sales") < ranked.index("Account Executive")
    page.locator("#charter-ask-filter").fill("")
    assert titles(cards.all_inner_texts()) == order  # back to the page's order


def test_raci_columns_off_screen_are_cued_on_a_phone(browser: Browser, example_url: str) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(example_url + "outcomes/issue-resolved-24h/")
        box = page.locator(".charter-raci").first
        box.scroll_into_view_if_needed()
        assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # the matrix is wider than a phone
        cue = page.locator(".charter-scroll-cue").first
        expect(cue).to_be_visible()
        # Scrolled to the end, every column has been seen and the cue goes.
        expect(cue).to_contain_text("More columns")
        box.evaluate("b => { b.scrollLeft = b.scrollWidth; b.scrollTop = b.scrollHeight; }")
        expect(cue).to_be_hidden()
        # The step column stays in view while the letters scroll past it.
        first_cell = box.locator("tbody td").first
        assert first_cell.evaluate("c => getComputedStyle(c).position") == "sticky"
        expect(first_cell).to_be_in_viewport()
    finally:
        context.close()


def test_who_to_work_with_reads_as_cards_on_a_phone(browser: Browser, example_url: str, artifacts: Path) -> None:
    """Five columns squeezed into 390 px wrapped every cell to a word a line; on a phone each
    collaborator is a card whose values are named by their column, and on a desktop a table."""
    url = example_url + "teams/customer-service/service-desk-agent/"
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(url)
        box = page.locator(".charter-collab").first
        box.scroll_into_view_if_needed()
        assert box.evaluate("b => b.scrollWidth <= b.clientWidth")  # nothing off to the side
        when = box.locator("tbody tr").first.locator("td").nth(2)
        assert when.evaluate("c => getComputedStyle(c, '::before').content") == '"When: "'
        width = when.evaluate("c => c.getBoundingClientRect().width")
        assert width > PHONE["width"] * 0.7  # the whole width of the card, not a fifth of it
        page.screenshot(path=str(artifacts / "collaborators-phone.png"))
    finally:
        context.close()
    desktop = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        desktop.goto(url)
        row = desktop.locator(".charter-collab tbody tr").first
        assert row.evaluate("r => getComputedStyle(r).display") == "table-row"
        assert row.locator("td").nth(2).evaluate("c => getComputedStyle(c, '::before').content") == "none"
    finally:
        desktop.close()


def test_the_organisation_chart_shows_every_team(page: Page, example_url: str) -> None:
    import yaml

    teams = [yaml.safe_load(p.read_text(encoding="utf-8"))["name"] for p in (ROOT / "org" / "teams").glob("*.yaml")]
    page.goto(example_url + "teams/")
    chart = page.locator("article ul").first
    for name in teams:
        expect(chart.locator("a", has_text=name).first).to_be_visible()
    # Departments under the leadership team are nested under it.
    assert chart.locator(":scope > li > ul > li").count() == len(teams) - 1


def test_every_top_level_team_is_in_the_navigation(page: Page, example_url: str) -> None:
    import yaml

    teams = [yaml.safe_load(p.read_text(encoding="utf-8"))["name"] for p in (ROOT / "org" / "teams").glob("*.yaml")]
    page.goto(example_url)
    nav = page.locator("nav.md-nav--primary")
    for name in teams:
        expect(
            nav.locator(".md-nav__link", has_text=re.compile("^\\s*" + re.escape(name) + "\\s*$")).first
        ).to_be_visible()


def test_search_works_on_a_phone(browser: Browser, example_url: str, artifacts: Path) -> None:
    context = browser.new_context(viewport=PHONE, color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(example_url)
        page.locator("label.charter-search__toggle").click()
        box = page.locator("#charter-search input")
        expect(box).to_be_visible()
        box.press_sequentially("who approves a discount", delay=15)
        # The results of the whole question, not of the words typed before it (a loaded machine
        # can show those for a moment), as search() waits on the desktop.
        message = page.locator("#charter-search .pagefind-ui__message")
        expect(message).to_contain_text("who approves a discount", timeout=15_000)
        first = page.locator("#charter-search .pagefind-ui__result-title > a").first
        expect(first).to_be_visible(timeout=15_000)
        page.screenshot(path=str(artifacts / "search-phone-dark.png"))
        first.click()
        answer_on_screen(page, "Head of Sales")
        page.screenshot(path=str(artifacts / "answer-phone-dark.png"))
    finally:
        context.close()


PAGE_KINDS = {
    "home": "",
    "teams": "teams/",
    "team": "teams/customer-service/",
    "role": "teams/customer-service/service-lead/",
    "people": "people/",
    "person": "people/amira-haddad/",
    "outcomes": "outcomes/",
    "outcome": "outcomes/issue-resolved-24h/",
    "raci": "organisation/raci/",
    "collaboration": "organisation/collaboration/",
    "ask": "organisation/ask/",
    "health": "organisation/health/",
}
Scheme = Literal["light", "dark"]
LOOKS: dict[str, tuple[ViewportSize, Scheme]] = {
    "desktop": (DESKTOP, "light"),
    "phone": (PHONE, "light"),
    "phone-dark": (PHONE, "dark"),
}


@pytest.mark.parametrize("look", list(LOOKS))
def test_every_page_kind_fits_the_screen_and_is_saved_for_review(
    browser: Browser, example_url: str, artifacts: Path, look: str
) -> None:
    viewport, scheme = LOOKS[look]
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        for kind, path in PAGE_KINDS.items():
            page.goto(example_url + path)
            page.wait_for_load_state("networkidle")
            # Wide tables and diagrams scroll inside their frames; the page itself never does.
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{kind}: the page is {overflow} px wider than the screen"
            page.screenshot(path=str(artifacts / f"page-{kind}-{look}.png"), full_page=True)
        assert errors == []
    finally:
        context.close()


def test_a_printed_raci_matrix_shows_every_column(page: Page, example_url: str) -> None:
    page.goto(example_url + "outcomes/issue-resolved-24h/")
    page.emulate_media(media="print")
    frame = page.locator(".charter-raci").first
    assert frame.evaluate("f => getComputedStyle(f).overflowX") == "visible"
    assert frame.evaluate("f => getComputedStyle(f).maxHeight") == "none"
    # Nothing is clipped: the table is as wide as the frame shows, and no cue says otherwise.
    assert frame.evaluate("f => f.scrollWidth <= f.clientWidth + 1")
    expect(page.locator(".charter-scroll-cue").first).to_be_hidden()


@pytest.mark.parametrize(
    ("words", "role", "title"),
    [
        ("sysadmin", "systems-administrator", "Systems Administrator"),
        ("CSM", "customer-success-manager", "Customer Success Manager"),
        ("presales", "solutions-consultant", "Solutions Consultant"),
    ],
)
def test_a_name_the_organisation_gives_a_role_finds_its_page(
    page: Page, example_url: str, words: str, role: str, title: str
) -> None:
    """Pagefind has no synonyms: the names in a role's also_known_as are on its page, under its
    title, weighted as a heading, so typing one finds the role first."""
    results = search(page, example_url, words)
    first = results.first
    expect(first).to_have_attribute("href", re.compile(f"/{re.escape(role)}/"))
    first.click()
    answer_on_screen(page, title)
    expect(page.locator("article .charter-aka")).to_contain_text(words)


def test_the_organisations_own_word_finds_what_it_stands_for(page: Page, example_url: str) -> None:
    """organisation.yaml's vocabulary says "go-live: cutover": typing "cutover" finds the pages
    and the ask page's cards that say go-live, though none of them says cutover."""
    results = search(page, example_url, "cutover")
    expect(results.first).to_be_visible()
    page.goto(example_url + "organisation/ask/")
    page.locator("#charter-ask-filter").press_sequentially("cutover", delay=15)
    visible = page.locator(".charter-answer:visible")
    expect(visible.first).to_be_visible()
    texts = [text.lower() for text in visible.all_inner_texts()]
    assert len(texts) >= 2, texts
    assert any("go-live" in text for text in texts), texts
    assert not any("cutover" in text for text in texts), texts
    # "AP" is a word of its own: it finds the role that trains AP clerks, not every card with
    # "approve" or "capture" in it.
    page.locator("#charter-ask-filter").fill("AP")
    expect(page.locator(".charter-answer:visible")).to_have_count(1)
    expect(page.locator(".charter-answer:visible")).to_contain_text("AP clerks")
    page.locator("#charter-ask-filter").fill("CSM")
    expect(page.locator(".charter-answer:visible")).to_have_count(1)
    expect(page.locator(".charter-answer:visible")).to_contain_text("Customer Success Manager")
