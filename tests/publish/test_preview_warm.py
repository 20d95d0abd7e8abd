"""The live preview's updates, made by the engine kept running (charter.publish.resident), give
the pages a whole build of the edited organisation gives, and whatever stops that engine leaves
the preview working."""

from __future__ import annotations

from pathlib import Path

from charter.load.discover import Memo, reading_alike
from charter.publish.build import attempt
from charter.publish.preview import Preview
from charter.validate.check import validate
from tests.conftest import ROOT, TODAY, OrgDir, copy_fixture


def pages(site: Path) -> dict[str, bytes]:
    """The site's files but its search index and marker, which an update leaves as they were."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and "pagefind" not in p.parts and p.name != ".charter-site"
    }


def built(org: OrgDir, preview: Preview) -> str:
    """One preview build of ``org``: "whole" or "updated"."""
    done = attempt(
        str(org.path), TODAY, target=preview.target, base_config=ROOT / "mkdocs.yml", engine="properdocs",
        publisher=preview.publish, force=True, early=preview.early,
    )  # fmt: skip
    assert done.built is not None, done.failure
    return "whole" if done.built.updated is None else "updated"


EDITS = [  # (file, old, new): a page's text, a promise's step (its pictures, downloads), a person
    ("roles/agent.yaml", "one call gets their problem owned", "one call gets their fault fixed"),
    ("outcomes/fault-fixed.yaml", "name: Fix the fault", "name: Fix the fault for good"),
    ("people/ana.yaml", "ana@example.com", "ana.lopez@example.com"),
]


def test_the_kept_engine_updates_the_pages_as_a_whole_build_makes_them(tmp_path: Path) -> None:
    org = copy_fixture("minimal", tmp_path / "org")
    preview = Preview(tmp_path / "site", "properdocs")
    try:
        assert built(org, preview) == "whole"
        for rel, old, new in EDITS:
            org.replace(rel, old, new)
            assert built(org, preview) == "updated"
            assert preview.warm is not None
        updated = pages(preview.target)
    finally:
        preview.close()
    whole = Preview(tmp_path / "whole", "properdocs")
    try:
        assert built(org, whole) == "whole"
    finally:
        whole.close()
    assert b"fault fixed" in updated["teams/service/agent/index.html"]
    assert b"Fix the fault for good" in updated["outcomes/fault-fixed/index.html"]
    assert updated == pages(whole.target)


def test_an_engine_that_stopped_leaves_a_whole_build_to_do_the_update(tmp_path: Path) -> None:
    org = copy_fixture("minimal", tmp_path)
    preview = Preview(tmp_path / "site", "properdocs")
    try:
        assert built(org, preview) == "whole"
        assert preview.warm is not None
        assert preview.warm.ready(60)  # it had started, and dies between two edits
        assert preview.warm._process is not None
        preview.warm._process.kill()
        preview.warm._process.wait()
        org.replace(*EDITS[0])
        assert built(org, preview) == "whole"
        assert b"fault fixed" in (preview.target / "teams/service/agent/index.html").read_bytes()
        assert preview.warm is not None  # a new one, for the next edit
        org.replace(*EDITS[1])
        assert built(org, preview) == "updated"
    finally:
        preview.close()


def test_an_edited_roles_page_shows_before_the_rest_is_rendered(tmp_path: Path) -> None:
    org = copy_fixture("minimal", tmp_path / "org")
    preview, memo = Preview(tmp_path / "site", "properdocs"), Memo()
    own, other = "teams/service/agent/index.html", "teams/service/index.html"  # the role, its team
    try:
        with reading_alike(memo):
            assert built(org, preview) == "whole"
        memo.forget_unused()
        org.replace(*EDITS[0])
        with reading_alike(memo):
            edited = validate(str(org.path), TODAY).org
            assert edited is not None
            preview.early(edited, str(org.path))
            assert b"fault fixed" in (preview.target / own).read_bytes()
            assert b"fault fixed" not in (preview.target / other).read_bytes()  # not yet
            assert built(org, preview) == "updated"
        updated = pages(preview.target)
    finally:
        preview.close()
    assert b"fault fixed" in updated[other]
    whole = Preview(tmp_path / "whole", "properdocs")
    try:
        assert built(org, whole) == "whole"
    finally:
        whole.close()
    assert updated == pages(whole.target)
