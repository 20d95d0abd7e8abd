"""The collaboration matrix in Chromium: it fits a desktop, no two of its labels overlap on a
desktop or a phone, at the example's 8 teams and at 250, its names stay in view while it
scrolls, and each cell leads to the row team's partner in "Where this team meets the others"."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import built, serve
from tests.generated import large_org

MATRIX = "organisation/collaboration/"
# Every label's box: the team names (the column names' turned text) and the cells' numbers.
OVERLAPS = """() => {
  const boxes = [...document.querySelectorAll(
    ".charter-matrix .cm-corner, .charter-matrix .cm-col span, .charter-matrix .cm-row span, .charter-matrix .cm-cell"
  )].map(e => ({ name: e.textContent, r: e.getBoundingClientRect() }));
  const found = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].r, b = boxes[j].r;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 0.5 && h > 0.5) found.push(boxes[i].name + " / " + boxes[j].name);
    }
  }
  return { count: boxes.length, overlaps: found.slice(0, 10) };
}"""


@pytest.fixture(scope="session")  # built once: other modules run between its two tests
def large_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("large")
    yield from serve(built(large_org(folder / "org"), folder / "site"))


def opened(browser: Browser, url: str, width: int) -> Page:
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(url + MATRIX)
    page.wait_for_load_state("load")
    return page


@pytest.mark.parametrize("width", [1400, 390])
def test_no_two_labels_overlap_on_the_example(browser: Browser, example_url: str, width: int) -> None:
    page = opened(browser, example_url, width)
    try:
        seen = page.evaluate(OVERLAPS)
        assert seen["count"] > 2 * 8 + 1  # every team twice, the corner and the cells
        assert seen["overlaps"] == []
        frame = page.locator(".charter-matrix")
        if width == 1400:  # the whole matrix on a desktop, nothing to scroll
            assert frame.evaluate("f => f.scrollWidth <= f.clientWidth && f.scrollHeight <= f.clientHeight")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # only the frame scrolls
    finally:
        page.context.close()


def test_each_cell_names_its_pair_and_leads_to_their_row(browser: Browser, example_url: str) -> None:
    page = opened(browser, example_url, 1400)
    try:
        cells = page.locator(".charter-matrix .cm-cell")
        names = cells.evaluate_all("cs => cs.map(c => c.getAttribute('aria-label'))")
        assert names
        declared = r"\d+ declared collaborations?"
        pattern = re.compile(rf"^.+ to .+: (\d+ hand-offs?(, {declared})?|{declared})$")
        assert all(pattern.match(name) for name in names), names
        assert "Customer Service to IT & Support Engineering: 4 hand-offs, 6 declared collaborations" in names
        cell = page.get_by_role("link", name="Customer Service to IT & Support Engineering: 4 hand-offs")
        cell.click()
        page.wait_for_url(re.compile(r"/teams/customer-service/#with-it$"))
        row = page.locator("tr:has(#with-it)")
        assert "IT & Support Engineering" in row.inner_text()
        assert row.evaluate("r => getComputedStyle(r).backgroundColor") != "rgba(0, 0, 0, 0)"  # the row is marked
        # Every cell's anchor is on its team's page.
        page.go_back()
        hrefs = sorted(set(cells.evaluate_all("cs => cs.map(c => c.href)")))
        for href in hrefs:
            address, anchor = href.split("#")
            assert f'id="{anchor}"' in page.request.get(address).text(), href
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [1400, 390])
def test_at_250_teams_no_labels_overlap_and_names_stay_in_view(browser: Browser, large_url: str, width: int) -> None:
    page = opened(browser, large_url, width)
    try:
        seen = page.evaluate(OVERLAPS)
        assert seen["count"] > 2 * 250
        assert seen["overlaps"] == []
        frame = page.locator(".charter-matrix")
        assert frame.evaluate("f => f.scrollWidth > f.clientWidth")  # 250 columns scroll inside the frame
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # Scrolled to the far corner, the first row's and column's names are still at the edges.
        frame.evaluate("f => { f.scrollTop = f.scrollHeight; f.scrollLeft = f.scrollWidth; }")
        edges = frame.evaluate("""f => {
          const frame = f.getBoundingClientRect();
          const col = f.querySelector(".cm-col").getBoundingClientRect();
          const row = f.querySelector(".cm-row").getBoundingClientRect();
          return [col.top - frame.top, row.left - frame.left];
        }""")
        assert all(abs(edge) <= 2 for edge in edges), edges
        # Light: only the cells with something in them are in the page.
        assert page.locator(".charter-matrix .cm-cell").count() < 250 * 250 / 50
    finally:
        page.context.close()


def test_a_team_page_shows_its_partners_picture(browser: Browser, example_url: str) -> None:
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    try:
        page.goto(example_url + "teams/sales/")
        image = page.locator(".charter-diagram img").first
        assert image.evaluate("i => i.complete && i.naturalWidth > 0")
        assert image.evaluate("i => i.naturalWidth") <= 720  # small enough to read without scrolling
        assert (image.get_attribute("alt") or "").startswith("Who Sales works with: the teams that hand work to it")
    finally:
        page.context.close()
