"""Running the real Graphviz: failures, warnings and time-outs name the diagram."""

from __future__ import annotations

import pytest

from charter.render import graphviz_run
from charter.render.graphviz_run import DiagramError, svg


def test_draws_svg() -> None:
    out = svg("tiny", 'digraph { a -> b [label="x"]; }')
    assert out.startswith(b"<?xml")
    assert out.rstrip().endswith(b"</svg>")


def test_syntax_error_names_the_diagram() -> None:
    with pytest.raises(DiagramError, match=r"^diagram broken: dot failed: .*syntax error"):
        svg("broken", "digraph { a -> ; }")


def test_any_warning_fails_the_diagram() -> None:
    with pytest.raises(DiagramError, match=r"^diagram warned: dot failed: Warning"):
        svg("warned", 'digraph { a [shape="no-such-shape"]; }')


def test_timeout_stops_dot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHARTER_GRAPHVIZ_TIMEOUT", "0.05")
    big = "digraph {" + " ".join(f"n{i} -> n{(i * 7919) % 3000};" for i in range(3000)) + "}"
    with pytest.raises(DiagramError, match=r"^diagram big: dot took longer than 0\.05 s and was stopped"):
        svg("big", big)


def test_an_unusable_timeout_setting_falls_back_to_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for text in ("soon", "-1", "0", "", "nan", "inf"):
        monkeypatch.setenv("CHARTER_GRAPHVIZ_TIMEOUT", text)
        assert graphviz_run.timeout() == graphviz_run.TIMEOUT_SECONDS
    monkeypatch.setenv("CHARTER_GRAPHVIZ_TIMEOUT", "2.5")
    assert graphviz_run.timeout() == 2.5


def test_missing_graphviz_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(DiagramError, match=r"Graphviz 'dot' is not installed"):
        svg("any", "digraph {}")
