"""Fuzzing the loader: any bytes or text as a YAML file gives problems or a clean result.

In process, Hypothesis looks for an exception and shrinks it to the smallest input; in a
separate ``charter validate`` under a memory limit and a timeout, a batch of hostile files checks
that no input hangs, exhausts memory or prints a traceback.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from charter.core.problem import Problem, Severity
from charter.validate.check import validate
from tests.conftest import FIXTURES, ROOT, TODAY, examples

# Text made of YAML's own punctuation and a few words of charter's: far likelier to reach the
# composer's corners than uniform text.
YAMLISH = st.lists(
    st.sampled_from([*":-[]{},#&*!|>'\"%@`?~ \n\t\\ab019.", "id: ", "\n  - ", "- ", "title: ", "\n"]), max_size=300
).map("".join)


def plain_values(depth: int = 3) -> st.SearchStrategy[object]:
    scalars = st.one_of(st.text(max_size=30), st.booleans(), st.integers(), st.none(), st.dates())
    return st.recursive(
        scalars,
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
        max_leaves=12,
    )


def check(org: Path, rel: str, content: bytes) -> tuple[Problem, ...]:
    """Validate ``org`` with ``content`` as ``rel``: never an exception, every problem located."""
    (org / rel).write_bytes(content)
    problems = validate(str(org), TODAY).problems
    lines = max(1, len(content.splitlines()))  # as an editor or a pull request shows the file
    for problem in problems:
        assert problem.message
        assert problem.line >= 0
        assert problem.column >= 0
        if problem.path.endswith(rel):
            assert problem.line <= lines, problem
    if any(p.severity is Severity.ERROR for p in problems):  # the fixture is clean: the new file is at fault
        assert any(p.path.endswith(rel) for p in problems), problems
    return problems


def minimal_copy() -> tempfile.TemporaryDirectory[str]:
    folder = tempfile.TemporaryDirectory(prefix="charter-fuzz-")
    shutil.copytree(FIXTURES / "minimal", Path(folder.name) / "org")
    return folder


@settings(max_examples=examples(150))
@given(st.binary(max_size=3000))
def test_any_bytes(content: bytes) -> None:
    with minimal_copy() as folder:
        check(Path(folder) / "org", "roles/fuzz.yaml", content)


@settings(max_examples=examples(150))
@given(st.one_of(st.text(max_size=2000), YAMLISH))
def test_any_text(text: str) -> None:
    with minimal_copy() as folder:
        check(Path(folder) / "org", "roles/fuzz.yaml", text.encode("utf-8", "surrogatepass"))


@settings(max_examples=examples(150))
@given(st.dictionaries(st.sampled_from(["id", "title", "team", "purpose", "owns", "holders", "x"]), plain_values()))
def test_any_yaml_document(document: dict[str, object]) -> None:
    """Well-formed YAML of any shape: wrong types, missing and unknown keys, dates, nulls."""
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    with minimal_copy() as folder:
        check(Path(folder) / "org", "roles/fuzz.yaml", text.encode("utf-8", "surrogatepass"))


def hostile_files(count: int, seed: int) -> dict[str, bytes]:
    """Random and pathological files: noise, YAML-like noise, deep nesting, huge and long lines."""
    randomness = random.Random(seed)
    alphabet = ":-[]{},#&*!|>'\"%@`?~ \n\t\\abc019\u202e\u200b\xa0\u2028\x85"
    files = {
        "deep.yaml": b"a: " + b"[" * 100_000,
        "deep-map.yaml": b"".join(b"  " * i + b"k:\n" for i in range(5_000)),
        "bomb.yaml": b"a: &a [x, x, x, x, x, x, x, x, x]\n"
        + b"".join(
            f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n".encode()
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        "wide.yaml": b"id: wide\nowns: [" + b"x, " * 200_000 + b"]\n",
        "long-line.yaml": b"id: long\ntitle: " + b"x" * 1_000_000 + b"\n",
        "too-big.yaml": b"# " + b"x" * (2 << 20) + b"\n",
        "many-keys.yaml": b"".join(f"k{i}: v\n".encode() for i in range(60_000)),
    }
    for index in range(count):
        size = randomness.choice([10, 100, 1000, 10_000])
        if index % 2:
            files[f"noise-{index}.yaml"] = randomness.randbytes(size)
        else:
            files[f"yamlish-{index}.yaml"] = "".join(randomness.choices(alphabet, k=size)).encode("utf-8")
    return files


def test_hostile_files_neither_hang_nor_exhaust_memory(tmp_path: Path) -> None:
    org = tmp_path / "org"
    shutil.copytree(FIXTURES / "minimal", org)
    files = hostile_files(examples(200), seed=20261123)
    for name, content in files.items():
        (org / "roles" / name).write_bytes(content)
    limited = ["/bin/sh", "-c", 'ulimit -v 2000000 && exec "$@"', "sh"]  # 2 GB of address space at most
    done = subprocess.run(
        [*limited, sys.executable, "-m", "charter", "validate", str(org), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "CHARTER_TODAY": TODAY.isoformat()},
        check=False,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    report = json.loads(done.stdout)
    named = {Path(p["path"]).name for p in report["problems"] if p["severity"] == "error"}
    assert set(files) - named == set()  # every hostile file is reported, none silently dropped
