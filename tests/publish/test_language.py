"""The site's language comes from the organisation's settings: each page's lang (for screen
readers and translation) and the theme's own words; English by default."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import OrgDir, run_charter


def built_lang(org: OrgDir, tmp_path: Path) -> str:
    site = tmp_path / "site"
    done = run_charter("build", str(org.path), "--site-dir", str(site), "-q")
    assert done.returncode == 0, done.stdout + done.stderr
    head = (site / "index.html").read_text()
    return head.split('<html lang="', 1)[1].split('"', 1)[0]


def test_english_unless_the_organisation_says(minimal: OrgDir, tmp_path: Path) -> None:
    assert built_lang(minimal, tmp_path / "en") == "en"
    minimal.write("organisation.yaml", minimal.read("organisation.yaml") + "language: fr\n")
    assert built_lang(minimal, tmp_path / "fr") == "fr"


def test_a_language_the_theme_lacks_keeps_english_words(minimal: OrgDir, tmp_path: Path) -> None:
    minimal.write("organisation.yaml", minimal.read("organisation.yaml") + "language: pt-XX\n")
    assert built_lang(minimal, tmp_path) == "pt"


def test_a_language_that_is_no_code_is_an_error_on_its_line(minimal: OrgDir) -> None:
    minimal.write("organisation.yaml", minimal.read("organisation.yaml") + "language: French\n")
    done = run_charter("validate", str(minimal.path))
    assert done.returncode == 1
    assert 'error CH023 expected a language code such as en, fr, de or pt-BR, found "French"' in done.stdout
