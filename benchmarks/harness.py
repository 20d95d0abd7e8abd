"""The benchmark harness: charter against the tools a team would otherwise use, on the same files.

Usage: python benchmarks/harness.py [--sizes S,M,L] [--rounds N] [--work DIR] [--quick]

For each size it generates a synthetic organisation (benchmarks/generate.py, fixed seed), then:

1. charter validate vs a plain yaml.load(…, CSafeLoader) of the same files (one process,
   alternating, median of N rounds);
2. at S and M: charter validate vs check-jsonschema with `charter schema`'s output (commands);
3. at S and M: charter build vs a plain `mkdocs build` of the pages charter generated for it;
   a second build with nothing changed, and one after editing one role: charter's own
   generation step (validate + render) against the first build's;
4. the median role page's HTML, the search index's size, and a search for a role title in
   headless Chromium (when one is installed) from typing to the first result; at L the site is
   built for these alone;
5. at S and M: `charter serve` with one role edited, until its page shows the edit; `charter
   diff` of a reorganisation renaming 250 (S) or 500 (M) roles; `charter build --engine zensical`;
6. at L: the peak memory of `charter validate`.

Prints a Markdown table. `--quick` runs size XS (60 roles) only, with one round: the test suite
does this to check that the harness works, not to measure.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.generate import generate
from charter.load.discover import discover
from charter.validate.check import validate

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
Row = tuple[str, str, str, str, str]  # measure, size, charter, reference, ratio / target


def median_of(rounds: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def command_seconds(args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(args[:3])}… failed: {done.stderr[-500:]}")
    return seconds, done.stdout


def validate_vs_yaml(org: Path, size: str, rounds: int) -> Row:
    listing = discover(str(org)).files
    paths = [org / rel for rel, _kind in listing]

    def plain() -> None:
        for path in paths:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)

    def ours() -> None:
        validate(str(org), datetime.date.today())

    plain_times, ours_times = [], []
    for _ in range(rounds):  # alternate, so both see the same machine
        plain_times.append(median_of(1, plain))
        ours_times.append(median_of(1, ours))
    a, b = statistics.median(ours_times), statistics.median(plain_times)
    return ("validate vs yaml.load(CSafeLoader)", size, f"{a:.2f} s", f"{b:.2f} s", f"{a / b:.2f}× (≤ 1.25×)")


def validate_vs_check_jsonschema(org: Path, size: str, work: Path) -> Row:
    schema = work / "charter.schema.json"
    schema.write_text(subprocess.run([str(BIN / "charter"), "schema", "--org", str(org)], capture_output=True,
                                     text=True, check=True).stdout)  # fmt: skip
    listing = discover(str(org)).files
    files = [str(org / rel) for rel, _kind in listing]
    ours, _ = command_seconds([str(BIN / "charter"), "validate", str(org)])
    theirs, _ = command_seconds([str(BIN / "check-jsonschema"), "--schemafile", str(schema), *files])
    return ("validate vs check-jsonschema (commands)", size, f"{ours:.1f} s", f"{theirs:.1f} s",
            f"{theirs / ours:.1f}× faster (≥ 5×)")  # fmt: skip


def build_rows(org: Path, size: str, work: Path) -> tuple[list[Row], Path, float]:
    """First build, the engine alone on the same pages, rebuild unchanged, rebuild after one edit."""
    rows: list[Row] = []
    site = work / f"site-{size}"
    cache = work / ".charter"
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    charter = [str(BIN / "charter"), "build", str(org), "--site-dir", str(site), "--config", str(ROOT / "mkdocs.yml")]
    first, out1 = command_seconds(charter)
    generation_1 = _generation(out1)
    # The same pages and configuration (charter render --out writes both), built by the engine alone.
    plain_dir = work / f"plain-{size}"
    command_seconds([str(BIN / "charter"), "render", str(org), "--out", str(plain_dir), "--config",
                     str(ROOT / "mkdocs.yml")])  # fmt: skip
    plain, _ = command_seconds([sys.executable, "-m", "properdocs", "build", "-q", "-f", str(plain_dir / "mkdocs.yml")],
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})  # fmt: skip
    rows.append(("build vs one bare properdocs build of its pages", size, f"{first:.1f} s", f"{plain:.1f} s",
                 f"{first / plain:.2f}× (≤ 1.0×)"))  # fmt: skip
    _again, out2 = command_seconds(charter)
    rows.append(("rebuild, nothing changed: generation step", size, f"{_generation(out2):.1f} s",
                 f"{generation_1:.1f} s", f"{_generation(out2) / generation_1:.0%} (≤ 10%)"))  # fmt: skip
    role = next((org / "roles").glob("*.yaml"))
    original = role.read_text()
    role.write_text(original.replace("title: ", "title: Acting ", 1))
    try:
        _edited, out3 = command_seconds(charter)
    finally:
        role.write_text(original)
    rows.append(("rebuild, one role edited: generation step", size, f"{_generation(out3):.1f} s",
                 f"{generation_1:.1f} s", f"{_generation(out3) / generation_1:.0%} (≤ 10%)"))  # fmt: skip
    return rows, site, first


def _generation(output: str) -> float:
    """validate + render seconds, from the line charter build prints."""
    import re

    match = re.search(r"validate ([\d.]+) s, render ([\d.]+) s", output)
    if match is not None:
        return float(match.group(1)) + float(match.group(2))
    unchanged = re.search(r"is up to date.*\(([\d.]+) s\)", output)
    if unchanged is None:
        raise RuntimeError(f"no timings in: {output[-300:]}")
    return float(unchanged.group(1))


def median_role_page(site: Path) -> int:
    sizes = sorted(p.stat().st_size for p in site.glob("teams/*/role-*/index.html"))
    return sizes[len(sizes) // 2] if sizes else 0


def search_index_size(site: Path) -> tuple[int, int]:
    """Pagefind's index and fragments (bytes, files): a query downloads only the few it needs."""
    files = [p for folder in ("index", "fragment") for p in (site / "pagefind" / folder).glob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def peak_memory_validate(org: Path, size: str) -> Row:
    code = (
        "import datetime, sys; from charter.validate.check import validate; "
        "validate(sys.argv[1], datetime.date.today())"
    )
    # A fresh process of its own: RUSAGE_CHILDREN's peak then is this validation's.
    probe = (
        "import resource, subprocess, sys; subprocess.run([sys.executable, '-c', sys.argv[1], sys.argv[2]]);"
        " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, code, str(org)], capture_output=True, text=True, check=True)
    peak_kb = int(out.stdout.strip().splitlines()[-1])
    return (
        "peak memory of validate",
        size,
        f"{peak_kb / 1024:.0f} MB",
        "",
        "≤ 400 MB",
    )


def search_time(site: Path) -> str:
    chromium = shutil.which("chromium")
    if chromium is None:
        return "skipped: no Chromium"
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu",
                                        "--disable-background-networking"])  # fmt: skip
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
            box = page.locator("#charter-search input")
            box.click()
            seconds = []
            for word in ("Principal", "Regional"):  # words of many generated role titles
                box.fill("")
                start = time.perf_counter()
                box.press_sequentially(word, delay=0)
                page.wait_for_function(
                    "w => [...document.querySelectorAll('#charter-search .pagefind-ui__result-title')]"
                    ".some(e => e.textContent.includes(w))",
                    arg=word,
                    timeout=120_000,
                )
                seconds.append(time.perf_counter() - start)
            browser.close()
        return f"{seconds[0]:.2f} s to the first result on a fresh page, {seconds[1]:.2f} s for a second query"
    finally:
        server.shutdown()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _fetch(url: str) -> str:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return str(answer.read().decode())
    except OSError:
        return ""


def serve_round_trip(org: Path, size: str, work: Path) -> Row:
    """``charter serve``: one role's purpose edited, until its page shows the new text, against
    the serve's first (whole) build."""
    import signal

    site = work / f"serve-{size}"
    shutil.rmtree(site, ignore_errors=True)
    port = _free_port()
    role = sorted((org / "roles").glob("*.yaml"))[len(list((org / "roles").glob("*.yaml"))) // 2]
    data = yaml.load(role.read_bytes(), Loader=yaml.CSafeLoader)
    page = f"http://127.0.0.1:{port}/teams/{data['team']}/{data['id']}/"
    original = role.read_text()
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(BIN / "charter"), "serve", str(org), "--site-dir", str(site), "--config", str(ROOT / "mkdocs.yml"),
         "--port", str(port), "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    assert process.stdout is not None
    try:
        for line in process.stdout:
            if line.startswith("serving "):
                break
        else:
            raise RuntimeError("charter serve stopped before serving")
        first = time.perf_counter() - started
        marker = f"Edited for the benchmark at {time.time():.0f}."
        edited = time.perf_counter()
        role.write_text(original.replace("purpose: ", f"purpose: {marker} ", 1))
        while marker not in _fetch(page):
            time.sleep(0.05)
        seconds = time.perf_counter() - edited
        # What serve said: the edited page shown first, then the rest of the update.
        said = []
        for line in process.stdout:
            said.append(line.strip())
            if any(f"] {word}" in line for word in ("updated ", "rebuilt ", "not rebuilt", "up to date")):
                break
        told = "; ".join(said)
    finally:
        role.write_text(original)
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
        shutil.rmtree(site, ignore_errors=True)
    return ("serve: one role edited, until its page shows it", size, f"{seconds:.1f} s ({told})",
            f"{first:.0f} s (the first, whole build)", "≤ 5 s")  # fmt: skip


def diff_renames(org: Path, size: str, work: Path, count: int = 500) -> Row:
    """``charter diff`` of a reorganisation renaming ``count`` roles (each id changed everywhere it
    is used, and a word of each renamed role's purpose), against validating the two trees."""
    import re

    after = work / f"org-{size}-renamed"
    shutil.rmtree(after, ignore_errors=True)
    shutil.copytree(org, after)
    roles = sorted(after.glob("roles/*.yaml"))[:count]
    ids = [yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)["id"] for p in roles]
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(i) for i in ids) + r")(?![\w-])")
    for path in after.rglob("*.yaml"):
        text = path.read_text()
        changed = pattern.sub(lambda m: m.group(1) + "-renamed", text)
        if changed != text:
            path.write_text(changed)
    for path, old in zip(roles, ids, strict=True):
        text = path.read_text().replace("purpose: Customers", "purpose: Our customers", 1)
        path.unlink()
        (path.parent / f"{old}-renamed.yaml").write_text(text)
    seconds, out = command_seconds([str(BIN / "charter"), "diff", str(org), str(after), "--format", "json"])
    found = sum(1 for change in json.loads(out).get("changes", []) if change.get("kind") == "renamed")
    today = datetime.date.today()
    both = median_of(1, lambda: (validate(str(org), today), validate(str(after), today)))
    shutil.rmtree(after, ignore_errors=True)
    return (f"diff of a reorganisation renaming {count} roles", size, f"{seconds:.1f} s ({found} renames found)",
            f"{both:.1f} s (validating both trees)", "≤ 5 s")  # fmt: skip


def zensical_build(org: Path, size: str, work: Path, reference: float | None) -> Row:
    """``charter build --engine zensical`` of the same organisation."""
    site = work / f"zensical-{size}"
    shutil.rmtree(site, ignore_errors=True)
    args = [str(BIN / "charter"), "build", str(org), "--site-dir", str(site), "--config", str(ROOT / "mkdocs.yml"),
            "--engine", "zensical", "--quiet"]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    shutil.rmtree(site, ignore_errors=True)
    if done.returncode != 0:
        lines = (done.stdout + done.stderr).strip().splitlines()
        said = next((line.strip() for line in lines if "limit" in line or "rror" in line), lines[-1] if lines else "")
        return ("Zensical build", size, f"failed after {seconds:.0f} s: {said[:160]}", "", "builds M and L")
    compared = f"{reference:.0f} s (charter build with MkDocs)" if reference else ""
    ratio = f"{seconds / reference:.2f}×" if reference else ""
    return ("Zensical build", size, f"{seconds:.0f} s", compared, ratio)


def ask_row(org: Path, size: str) -> Row:
    """charter ask in its own process, as a person types it: once making the index (a whole
    validation), then with the index kept in .charter/ (the median of three)."""
    shutil.rmtree(org.parent / ".charter", ignore_errors=True)
    question = [sys.executable, "-m", "charter", "ask", "who", "approves", "the", "invoice", "--org", str(org)]
    made, _ = command_seconds(question)
    kept = statistics.median(command_seconds(question)[0] for _ in range(3))
    return ("charter ask: index kept vs made", size, f"{kept:.2f} s", f"{made:.2f} s", "kept ≤ 1 s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="S,M,L")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/charter-bench"))
    parser.add_argument("--quick", action="store_true", help="size XS, one round, no browser (for the test suite)")
    args = parser.parse_args()
    sizes = ["XS"] if args.quick else args.sizes.split(",")
    rounds = 1 if args.quick else args.rounds
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    notes: list[str] = []
    role_pages: dict[str, int] = {}
    whole_builds: dict[str, float] = {}  # charter build with MkDocs, for the Zensical row
    for size in sizes:
        org = work / f"org-{size}"
        counts = generate(size, org)
        notes.append(f"{size}: {json.dumps(counts)}")
        rows.append(validate_vs_yaml(org, size, rounds if size != "L" else 1))
        rows.append(ask_row(org, size))
        whole = size in ("S", "M") or args.quick  # every row; L is too large for the builds' pairs
        if whole:
            rows.append(validate_vs_check_jsonschema(org, size, work))
            built, site, whole_builds[size] = build_rows(org, size, work)
            rows += built
        elif not args.quick:
            site = work / f"site-{size}"
            seconds, _ = command_seconds([str(BIN / "charter"), "build", str(org), "--site-dir", str(site),
                                          "--config", str(ROOT / "mkdocs.yml"), "--quiet"])  # fmt: skip
            notes.append(f"charter build at {size}: {seconds:.0f} s")
        role_pages[size] = median_role_page(site)
        rows.append(("median role page HTML", size, f"{role_pages[size] / 1024:.1f} KB", "", "≤ 50 KB"))
        size_bytes, files = search_index_size(site)
        notes.append(f"search index at {size}: {size_bytes / 1024:.0f} KB in {files} files")
        if not args.quick:
            try:
                notes.append(f"search for a role title at {size} in Chromium: {search_time(site)}")
            except Exception as exc:  # a measurement that failed must not lose the others
                notes.append(f"search for a role title at {size} in Chromium: failed ({exc})")
        if whole:
            rows.append(serve_round_trip(org, size, work))
            renamed = 20 if args.quick else 500 if size == "M" else 250
            rows.append(diff_renames(org, size, work, renamed))
        if whole and not args.quick:
            rows.append(zensical_build(org, size, work, whole_builds.get(size)))
        if size == "L" or args.quick:
            rows.append(peak_memory_validate(org, size))
        for row in rows:  # progress on stderr, so a long run shows what it has measured so far
            print("| " + " | ".join(row) + " |", file=sys.stderr, flush=True)
    if "S" in role_pages and "M" in role_pages:
        ratio = role_pages["M"] / role_pages["S"]
        rows.append(("median role page HTML, M vs S", "M", f"{role_pages['M'] / 1024:.1f} KB",
                     f"{role_pages['S'] / 1024:.1f} KB", f"{ratio:.2f}× (≤ 1.5×)"))  # fmt: skip
    print("| measure | size | charter | reference | ratio (target) |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    for note in notes:
        print(f"- {note}")


if __name__ == "__main__":
    main()
