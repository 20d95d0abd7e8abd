"""charter new and charter init: start from a commented file, or a whole repository, that
validates (drafts show as warnings, never errors) and builds. The files' text is in
templates/scaffold/ (and, for the repository's own files, below), filled in by
:mod:`charter.author.templates`."""

from __future__ import annotations

import datetime
import shlex
from pathlib import Path

from charter.author.provenance import UNPINNED, Source
from charter.author.templates import fill, quoted, readable, refused_character, template
from charter.core import writer
from charter.core.suggest import did_you_mean
from charter.schema import jsonschema
from charter.schema.schemes import BUILT_IN
from charter.schema.types import id_problem
from charter.validate.lookup import FOLDER, ids_of, scheme_of


class ScaffoldError(Exception):
    """The file or repository cannot be created; the message says why."""


def _title_from_id(entity_id: str) -> str:
    return entity_id.replace("-", " ").capitalize()


SHOWN = 8  # ids listed in a message before "and N more"
NEEDS = {"role": "a new role belongs to a team", "outcome": "a new outcome needs the role accountable for it"}


def _listing(ids: list[str]) -> str:
    shown = ", ".join(ids[:SHOWN])
    return shown + (f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else "")


def _command(org_dir: Path, *words: str) -> str:
    """The command to type, ``--org`` included when it is not the default."""
    org = [] if str(org_dir) == "org" else ["--org", str(org_dir)]
    return shlex.join(["charter", "new", *words, *org])


def _need(org_dir: Path, kind: str, value: str | None, option: str, *, entity: str, entity_id: str) -> str:
    """The ``kind`` id given with ``option``, checked to exist; when it is missing or unknown, the
    message lists those that exist and the exact command to run."""
    known = sorted(set(ids_of(org_dir, kind)))
    placeholder = f"{kind.upper()}-ID"
    if not known:
        raise ScaffoldError(
            f"{NEEDS[entity]} ({option}), and {org_dir} has no {kind} yet; "
            f"create one first: {_command(org_dir, kind, placeholder)}, "
            f"then {_command(org_dir, entity, entity_id, option, placeholder)}"
        )
    plural = FOLDER[kind]
    if value is None:
        raise ScaffoldError(
            f"{NEEDS[entity]}: say which {kind} with {option}; the {plural} in {org_dir}: "
            f"{_listing(known)}. For example: {_command(org_dir, entity, entity_id, option, known[0])}"
        )
    if value not in known:
        guess = did_you_mean(value, known)
        raise ScaffoldError(
            f"no {kind} '{value}' in {org_dir}; "
            + (f"did you mean '{guess}'?" if guess else f"the {plural} are: {_listing(known)}.")
            + f" For example: {_command(org_dir, entity, entity_id, option, guess or known[0])}"
        )
    return value


def render_new(
    org_dir: Path, kind: str, entity_id: str, *, title: str | None, team: str | None, accountable: str | None
) -> tuple[Path, str]:
    why = id_problem(entity_id)
    if why is not None:
        raise ScaffoldError(f"'{entity_id}' {why}")
    check_text("--title", title)
    for option, value, wanted in (("--team", team, "role"), ("--accountable", accountable, "outcome")):
        if value is not None and kind != wanted:
            raise ScaffoldError(f"{option} is only for a new {wanted}: charter new {wanted} ID {option} …")
    if not (org_dir / "organisation.yaml").is_file():
        raise ScaffoldError(f"no organisation.yaml in '{org_dir}' (charter init creates one)")
    rel = f"{FOLDER[kind]}/{entity_id}.yaml"
    if entity_id in ids_of(org_dir, kind) or (org_dir / rel).exists():
        raise ScaffoldError(f"a {kind} '{entity_id}' already exists")
    values = {
        "@SCHEMA@": jsonschema.comment_for(kind, rel),
        "@ID@": entity_id,
        "@TITLE@": quoted(
            title or (entity_id.replace("-", " ").title() if kind == "person" else _title_from_id(entity_id))
        ),
    }
    if kind == "role":
        values["@TEAM@"] = _need(org_dir, "team", team, "--team", entity="role", entity_id=entity_id)
    if kind == "outcome":
        owner = _need(org_dir, "role", accountable, "--accountable", entity="outcome", entity_id=entity_id)
        values |= _outcome_values(org_dir, owner)
    return org_dir / rel, fill(template(f"{kind}.yaml"), values)


def _outcome_values(org_dir: Path, owner: str) -> dict[str, str]:
    """A new outcome's scheme, spelt out in a comment, and its first step's letters: the owner
    does the work and answers for it, and nobody else is named yet."""
    scheme = scheme_of(org_dir) or BUILT_IN["raci"]
    lines = []
    for letter in scheme.letters:
        if letter.performs:
            lines.append(f"    {letter.key}: [{owner}]")
        elif letter.accountable:
            lines.append(f"    {letter.key}: {owner}")
        else:
            lines.append(f"    {letter.key}: []")
    return {
        "@ACCOUNTABLE@": owner,
        "@SCHEME@": scheme.name,
        "@LETTERS@": "\n".join(f"#   {letter.key}: {letter.meaning}" for letter in scheme.letters),
        "@STEP_LETTERS@": "\n".join(lines),
    }


def new(
    org_dir: Path,
    kind: str,
    entity_id: str,
    *,
    title: str | None = None,
    team: str | None = None,
    accountable: str | None = None,
) -> Path:
    path, text = render_new(org_dir, kind, entity_id, title=title, team=team, accountable=accountable)
    return writer.write(org_dir, {path.relative_to(org_dir).as_posix(): text})[0]


ORGANISATION = """# yaml-language-server: $schema=.schema/organisation.schema.json
# The organisation: its name, the goal every role works towards, how people work together, and
# the responsibility scheme (raci, rasci, daci or dri). See `charter explain` for the rules.
name: @NAME@
common_goal: "TODO: the goal every role works towards, in the customer's terms"
principles:
  - "TODO: Around here we …"
scheme: raci
site:
  # repository: https://github.com/your-org/your-repo   # for the "edit" buttons
  # edit_uri: edit/main/org/
  palette: {primary: indigo, accent: amber}
rules: {}
waivers: []
"""

CUSTOMER = """# yaml-language-server: $schema=../.schema/external.schema.json
id: customer
name: Customer
kind: customer
description: The customers whose promises this charter keeps.
"""

README = """# @NAME@ — charter

How we work together: every team, role and promise to our customers, and who is Responsible,
Accountable, Consulted and Informed at each step. The YAML files in `org/` are the source; the
site is built from them.
@PIN@
## Put it on GitHub

Create an empty repository on GitHub, and in its Settings → Pages choose "GitHub Actions" as the
source (the site is published from `main`; without it the publish job fails). Then:

```sh
git remote add origin https://github.com/YOUR-ORG/YOUR-REPO.git
git push -u origin main
```

## Change something

1. Edit a file in `org/`, or start one: `charter new role ID --team TEAM` (also `team`, `person`,
   `outcome`). Replace the starter files (`service`, `service-lead`, `your-name`,
   `first-promise`) with your own whenever you like.
2. `charter validate org`: every problem is named with its file, line and what to do.
3. `charter export codeowners --org org -o .github/CODEOWNERS` whenever a file is added, renamed
   or removed, a team's lead or a role's holders change, or a person's `github:` handle does:
   `.github/CODEOWNERS` asks the people accountable for each file to review changes to it, and CI
   checks that it is up to date.
4. Commit on a branch and open a pull request: CI checks it (below) and its summary says what your
   change does to people's responsibilities.

## What CI does

`.github/workflows/charter.yml`, on every pull request that changes `org/`, the site's settings or
the workflow:

- `charter validate org --format github`: every file against the rules; each problem is
  annotated on its line.
- `charter export codeowners --org org --check`: `.github/CODEOWNERS` is what `org/` makes; when
  it is not, run the command of step 3 above and commit the file.
- `charter diff "origin/$BASE" --org org`: checks nothing, writes the change's summary (who gains
  or loses what) into the run's summary, and annotates what gets worse.
- `charter build org --site-dir site`: the site builds; it is attached to the run as
  `charter-site`.

On every push to `main` it builds the site and publishes it with GitHub Pages (see "Put it on
GitHub" above).

## Commands

With charter installed (`python -m pip install "@INSTALL@"`) and Graphviz (`sudo apt-get install graphviz`):

```sh
charter validate org              # check the files: errors name the file, line and what to do
charter build org --site-dir site # build the site into site/
charter serve org                 # look at it: http://127.0.0.1:8000/, rebuilt as you edit
```

Look at the site through `charter serve`: opened straight from the file system, a browser lists
folders instead of pages and blocks the search.
"""

PIN = """
## Before the first pull request: pin charter's release

The workflow does not yet say which release of charter CI sets up (its `uses: ./charter-release-
not-pinned…` lines), so its jobs stop at their "Set up charter" step. Name the GitHub repository
charter is published in and a release tag, then commit:

```sh
charter pin OWNER/charter@TAG     # for example your-org/charter@v0.1.0
```

The same command moves the organisation to a newer charter later.
"""

# The last line: the hidden temporary files a write killed by SIGKILL can leave (the next write
# in that folder removes them; charter never reads them).
GITIGNORE = "/site/\n/.venv/\n/.charter/\n.*.charter-*.tmp\n"


def check_text(option: str, text: str | None) -> None:
    """Refuse a title or name charter would write but not read back (a bidirectional control, a
    line separator) or that would break the line it goes on (a line break)."""
    if text is None:
        return
    bad = refused_character(text) or ("a line break" if "\n" in text else None)
    if bad is not None:
        raise ScaffoldError(f"{option} holds {bad}, which charter does not take in a name: type it without")


def check_target(target: Path) -> None:
    """Refuse, before anything is written, a place where a new repository cannot or should not go:
    a link, a file, a folder with files in it, or a path through a file."""
    if target.is_symlink():
        raise ScaffoldError(f"'{target}' is a symbolic link: charter init needs a new folder's path, not a link")
    if target.is_file() or (target.exists() and not target.is_dir()):
        raise ScaffoldError(f"'{target}' is a file: charter init needs an empty or new folder")
    if target.is_dir() and [p.name for p in target.iterdir()] not in ([], [".git"]):
        raise ScaffoldError(
            f"'{target}' is not empty: charter init needs an empty or new folder (or an empty clone, only .git)"
        )
    above = target.absolute().parent
    while not above.exists():
        above = above.parent
    if not above.is_dir():
        raise ScaffoldError(f"cannot create '{target}': '{above}' is a file, not a folder")


def init(target: Path, source: Source, *, name: str | None = None) -> list[Path]:
    """A new organisation repository that validates and builds out of the box, its CI setting
    up charter from ``source``: made in a hidden folder beside ``target`` and renamed to it once
    complete, so a failure or an interrupt leaves no half-made repository."""
    check_target(target)
    check_text("--name", name)
    org_name = name or " ".join(readable(_title_from_id(target.resolve().name)).split())
    with writer.folder_made_whole(target) as made:
        _fill_repository(made, source, org_name)
    return sorted(p for p in target.rglob("*") if p.is_file())


def _fill_repository(target: Path, source: Source, org_name: str) -> None:
    writer.write(
        target,
        {
            "org/organisation.yaml": fill(ORGANISATION, {"@NAME@": quoted(org_name)}),
            "org/external/customer.yaml": CUSTOMER,
            "mkdocs.yml": template("mkdocs.yml"),
            ".github/workflows/charter.yml": workflow(source.action),
            "README.md": fill(
                README, {"@NAME@": org_name, "@INSTALL@": source.pip, "@PIN@": PIN if source == UNPINNED else ""}
            ),
            ".gitignore": GITIGNORE,
        },
    )
    org = target / "org"
    new(org, "team", "service", title="Customer Service")
    new(org, "person", "your-name", title="TODO: your name")
    role, text = render_new(org, "role", "service-lead", title="Service Lead", team="service", accountable=None)
    writer.write(org, {role.relative_to(org).as_posix(): text.replace("holders: []", "holders: [your-name]")})
    new(org, "outcome", "first-promise", title="TODO: our first promise", accountable="service-lead")
    jsonschema.write_all(org, BUILT_IN["raci"])
    _codeowners(target, org)


def _codeowners(target: Path, org: Path) -> None:
    """The CODEOWNERS the workflow checks, made from the new organisation (whose placeholder
    person has no GitHub handle yet: the file says who is missing)."""
    from charter.interop.codeowners import codeowners
    from charter.validate.check import validate

    result = validate(str(org), datetime.date.today())
    if result.org is not None:
        text = codeowners(result.org, org, ".github/CODEOWNERS", root=target)
        writer.write(target, {".github/CODEOWNERS": text})


def workflow(action: str) -> str:
    """The workflow, setting charter up with its Action at ``action`` (``OWNER/REPO@REF``, ``./``)."""
    return fill(template("workflow.yml"), {"@CHARTER@": action})
