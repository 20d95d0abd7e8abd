"""Typed page data: each page kind holds exactly the variables its template reads."""

from __future__ import annotations

import typing
from dataclasses import fields

from jinja2 import meta

from charter.render import TEMPLATES, every_page
from charter.render.page_data import PageData
from charter.render.pages import environment
from tests.conftest import OrgDir

# What every page's template gets from the renderer, whatever its kind (and the ``indent`` helper).
COMMON = {"front", "header", "org", "link", "scheme", "org_name", "indent"}


def test_each_page_kind_holds_what_its_template_reads() -> None:
    env = environment(TEMPLATES)
    for kind in typing.get_args(PageData):
        source = (TEMPLATES / kind.TEMPLATE).read_text(encoding="utf-8")
        read = meta.find_undeclared_variables(env.parse(source)) - COMMON
        assert read == {f.name for f in fields(kind)}, kind.__name__


def test_every_page_kind_is_made(minimal: OrgDir) -> None:
    org = minimal.validate().org
    assert org is not None
    made = {type(page.data) for page in every_page(org, [], grid=True)}
    assert made == set(typing.get_args(PageData))
