"""The published site in a real headless Chromium: navigation, search, diagrams, safety."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from charter.render.palette import PALETTES


def title(text: str) -> re.Pattern[str]:
    """A page heading: the text, then Material's "¶" permalink."""
    return re.compile("^" + re.escape(text) + "¶?$")


def errors_of(page: Page) -> list[str]:
    found: list[str] = []
    page.on("console", lambda message: found.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: found.append(str(error)))
    return found


def test_home_loads_without_console_errors(page: Page, example_url: str, artifacts: Path) -> None:
    errors = errors_of(page)
    page.goto(example_url)
    expect(page.locator("h1")).to_have_text(title("Kestrel Payables"))
    page.wait_for_load_state("networkidle")
    assert errors == []
    page.screenshot(path=str(artifacts / "home.png"), full_page=True)


def test_a_role_is_reached_through_the_navigation(page: Page, example_url: str, artifacts: Path) -> None:
    page.goto(example_url)
    nav = page.locator("nav.md-nav--primary")
    # Teams nest as in the organisation: Leadership, then the teams that report to it.
    nav.locator('a[href$="leadership/"]').first.click()
    expect(page.locator("h1")).to_have_text(title("Leadership"))
    nav.locator('a[href$="customer-service/"]').first.click()
    expect(page.locator("h1")).to_have_text(title("Customer Service"))
    nav.locator('a[href$="service-desk-agent/"]').first.click()
    expect(page.locator("h1")).to_have_text(title("Service Desk Agent"))
    assert page.url.endswith("/teams/customer-service/service-desk-agent/")
    page.screenshot(path=str(artifacts / "role-charter.png"), full_page=False)


def search(page: Page, base: str, words: str) -> Any:
    """The site's search (Pagefind, in the header): the result links for ``words``."""
    page.goto(base)
    box = page.locator("#charter-search input")
    box.click()
    box.press_sequentially(words, delay=20)
    expect(page.locator("#charter-search .pagefind-ui__message")).to_contain_text(words, timeout=15_000)
    results = page.locator("#charter-search .pagefind-ui__result-title > a")
    expect(results.first).to_be_visible(timeout=15_000)
    return results


def test_search_finds_a_role_by_title(page: Page, example_url: str) -> None:
    results = search(page, example_url, "Service Desk Agent")
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(min(results.count(), 5))]
    assert any("teams/customer-service/service-desk-agent/" in href for href in hrefs), hrefs


def test_search_finds_a_person_by_name(page: Page, example_url: str) -> None:
    results = search(page, example_url, "Chloé Martin")
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(min(results.count(), 5))]
    assert any("people/chloe-martin/" in href for href in hrefs), hrefs
    results.filter(has_text="Chloé Martin").first.click()
    expect(page.locator("h1")).to_have_text(title("Chloé Martin"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_swimlane_is_coloured_for_each_scheme(browser: Browser, example_url: str, artifacts: Path, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        page.goto(example_url + "outcomes/issue-resolved-24h/")
        picture = page.locator(".charter-flow__desktop")
        expect(picture).to_be_visible()
        box = picture.bounding_box()
        assert box is not None
        assert box["width"] > 300
        assert box["height"] > 100
        palette = PALETTES[0] if scheme == "light" else PALETTES[1]
        background = picture.locator(".c-bg").first.evaluate("r => getComputedStyle(r).fill")
        assert background == rgb(palette.background)
        # The same picture, downloadable in the scheme's colours.
        href = page.get_by_role("link", name=scheme, exact=True).get_attribute("href")
        assert href is not None
        assert href.endswith(f"outcome-issue-resolved-24h.{scheme}.svg")
        page.screenshot(path=str(artifacts / ("outcome.png" if scheme == "light" else "outcome-dark.png")))
    finally:
        context.close()


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_hostile_names_raise_no_dialog_and_run_no_script(
    page: Page, hostile_site: Path, hostile_url: str, artifacts: Path
) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    errors = errors_of(page)
    pages = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("index.html"))
    assert len(pages) >= 15
    for rel in pages:
        page.goto(hostile_url + rel)
        page.wait_for_load_state("load")
        assert (
            page.evaluate("document.querySelectorAll('article script, article img[onerror], article iframe').length")
            == 0
        )
    page.goto(hostile_url + "teams/service/agent/")
    expect(page.locator("h1")).to_have_text(title("A | B {c}"))
    expect(page.locator("article")).to_contain_text("</td><script>alert(2)</script>")
    page.screenshot(path=str(artifacts / "hostile-role.png"), full_page=True)
    assert dialogs == []
    assert [e for e in errors if not re.search(r"favicon", e)] == []
