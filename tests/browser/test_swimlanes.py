"""Every promise's swim-lanes seen whole in a real Chromium, on a desktop and on a phone.

For every outcome of the example organisation and of tests/fixtures/flows (promises of 1 to 16
lanes and 2 to 40 steps, loops, branches, long and non-Latin names, written by someone who had
not seen the layout's code), at 1400 px and at 390 px: the picture's frame does not scroll
sideways, no text is drawn under 12 px, no text leaves its box or the picture, no two texts
overlap, and every step's link leads to its numbered text on the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ViewportSize

from tests.browser.conftest import built, serve
from tests.conftest import ROOT

FLOWS = ROOT / "tests" / "fixtures" / "flows"
VIEWPORTS: dict[str, ViewportSize] = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}

MEASURE = """() => {
  const frame = document.querySelector(".charter-flow");
  const shown = [...frame.children].find(d => d.tagName === "DIV" && d.getBoundingClientRect().width > 0);
  const svgs = [...shown.querySelectorAll("svg")];
  const problems = [];
  const sizes = [];
  const anchors = [];
  const inside = (b, r) => b.x >= r.x - 0.5 && b.y >= r.y - 0.5 && b.x + b.width <= r.x + r.width + 0.5
    && b.y + b.height <= r.y + r.height + 0.5;
  for (const svg of svgs) {
    const view = svg.viewBox.baseVal;
    const scale = svg.getBoundingClientRect().width / view.width;
    const texts = [...svg.querySelectorAll("text")];
    const boxes = texts.map(t => t.getBBox());
    const name = i => JSON.stringify(texts[i].textContent.slice(0, 40));
    texts.forEach(t => sizes.push(Number(t.getAttribute("font-size")) * scale));
    boxes.forEach((b, i) => {
      if (!inside(b, view)) problems.push("outside the picture: " + name(i));
      const rect = texts[i].closest("a")?.querySelector("rect");
      if (rect && !inside(b, rect.getBBox())) problems.push("out of its box: " + name(i));
      for (let j = 0; j < i; j++) {
        const c = boxes[j];
        if (b.x < c.x + c.width - 1 && c.x < b.x + b.width - 1 && b.y < c.y + c.height - 1 && c.y < b.y + b.height - 1)
          problems.push("overlap: " + name(i) + " and " + name(j));
      }
    });
    anchors.push(...[...svg.querySelectorAll("a")].map(a => a.getAttribute("href")).filter(h => h.startsWith("#")));
  }
  return {
    picture: shown.classList.contains("charter-flow__desktop") ? "desktop" : "phone",
    scrolls: frame.scrollWidth > frame.clientWidth,
    pageScrolls: document.documentElement.scrollWidth > window.innerWidth,
    smallest: Math.min(...sizes),
    steps: new Set(anchors).size,
    missing: anchors.filter(h => !document.getElementById(h.slice(1))),
    problems,
  };
}"""


@pytest.fixture(scope="module")
def flows_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from serve(built(FLOWS, tmp_path_factory.mktemp("flows") / "site"))


def outcomes(org: Path) -> list[str]:
    return sorted(path.stem for path in (org / "outcomes").glob("*.yaml"))


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("org", ["example", "flows"])
def test_every_swim_lane_is_seen_whole_and_readable(
    browser: Browser, example_url: str, flows_url: str, org: str, viewport: str
) -> None:
    url, folder = (example_url, ROOT / "org") if org == "example" else (flows_url, FLOWS)
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    failures = []
    try:
        for outcome in outcomes(folder):
            page.goto(f"{url}outcomes/{outcome}/")
            found = page.evaluate(MEASURE)
            steps = (folder / "outcomes" / f"{outcome}.yaml").read_text(encoding="utf-8").count("\n  - id: ")
            if found["scrolls"] or found["pageScrolls"]:
                failures.append(f"{outcome}: scrolls sideways")
            if found["smallest"] < 12:
                failures.append(f"{outcome}: text of {found['smallest']:.1f} px")
            if found["steps"] != steps or found["missing"]:
                failures.append(f"{outcome}: {found['steps']} of {steps} steps linked; no target: {found['missing']}")
            failures += [f"{outcome}: {p}" for p in found["problems"]]
    finally:
        context.close()
    assert failures == []


def test_a_desktop_shows_lanes_as_columns_and_a_phone_a_step_a_row(browser: Browser, example_url: str) -> None:
    shown = {}
    for name, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(example_url + "outcomes/issue-resolved-24h/")
        shown[name] = page.evaluate(MEASURE)["picture"]
        context.close()
    assert shown == {"desktop": "desktop", "phone": "phone"}


def test_a_step_in_the_picture_opens_its_text_and_a_lane_its_role(browser: Browser, example_url: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    try:
        page.goto(example_url + "outcomes/issue-resolved-24h/")
        page.locator(".charter-flow__desktop a", has_text="Log the case").first.click()
        assert page.url.endswith("#step-log-and-own")
        assert page.locator("#step-log-and-own").evaluate("h => h.getBoundingClientRect().top < window.innerHeight")
        page.locator(".charter-flow__lanes a", has_text="Service Desk Agent").first.click()
        page.wait_for_url("**/teams/customer-service/service-desk-agent/")
    finally:
        context.close()


def test_a_long_promise_keeps_its_lanes_names_in_view(browser: Browser, flows_url: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    try:
        page.goto(flows_url + "outcomes/annual-audit-supported/")  # 6 lanes, 25 steps
        last = page.locator(".charter-flow__desktop a[href^='#step-']").last
        last.scroll_into_view_if_needed()
        lanes = page.locator(".charter-flow__lanes").bounding_box()
        header = page.locator(".md-header").bounding_box()
        assert lanes is not None
        assert header is not None
        assert header["y"] + header["height"] - 1 <= lanes["y"] <= header["y"] + header["height"] + 1
    finally:
        context.close()
