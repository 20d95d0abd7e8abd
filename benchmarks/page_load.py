"""How long pages of a built site take to load in Chromium, against the site's home page.

Serves SITE_DIR on localhost and opens each PAGE (and the home page, the reference) in a fresh
browser context, ROUNDS times at 1400 and at 390 px, alternating between them so that all see the
same machine. Prints, per page and width, the median time to the load event and its ratio to the
home page's: the page's own cost, with the machine's and the site's general cost divided out.

Usage: python benchmarks/page_load.py SITE_DIR PAGE [PAGE ...] [--rounds 5]
(PAGE as a path under the site: organisation/collaboration/)
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import statistics
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

TIMING = """() => { const n = performance.getEntriesByType("navigation")[0];
  return {load: n.loadEventEnd, bytes: n.transferSize}; }"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    pages = ["", *args.pages]
    times: dict[tuple[str, int], list[float]] = {}
    sizes: dict[str, int] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for _ in range(args.rounds):
            for width in (1400, 390):
                for page_path in pages:
                    context = browser.new_context(viewport={"width": width, "height": 900})
                    page = context.new_page()
                    page.goto(base + page_path, wait_until="load")
                    found = page.evaluate(TIMING)
                    times.setdefault((page_path, width), []).append(found["load"] / 1000)
                    sizes[page_path] = found["bytes"]
                    context.close()
        browser.close()
    server.shutdown()
    print("| page | width | load (median) | × home page | HTML |")
    print("|---|---|---|---|---|")
    for page_path in pages:
        for width in (1400, 390):
            median = statistics.median(times[(page_path, width)])
            home = statistics.median(times[("", width)])
            name = page_path or "home (reference)"
            print(f"| {name} | {width} | {median:.2f} s | {median / home:.2f}× | {sizes[page_path] / 1024:.0f} KB |")


if __name__ == "__main__":
    main()
