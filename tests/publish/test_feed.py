"""The pages handed to the search index from a thread of their own: in order, an error raised
where they are used, and a consumer that stops early never leaves the thread hanging."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from charter.publish.csp import UnsafePage
from charter.publish.search import _Feed


def pages(count: int, fail_at: int | None = None) -> Iterator[tuple[str, bytes]]:
    for i in range(count):
        if i == fail_at:
            raise UnsafePage(f"page{i}.html: <img> has an event handler 'onerror'")
        yield f"page{i:03d}.html", b"<p>"


def test_pages_arrive_in_order() -> None:
    feed = _Feed(pages(100))
    assert [rel for rel, _ in feed] == [f"page{i:03d}.html" for i in range(100)]
    feed.stop()


def test_an_error_while_producing_is_raised_where_the_pages_are_used() -> None:
    feed = _Feed(pages(100, fail_at=40))
    seen: list[str] = []

    def use() -> None:
        seen.extend(rel for rel, _ in feed)

    with pytest.raises(UnsafePage, match=r"page40\.html"):
        use()
    feed.stop()
    assert len(seen) == 40


def test_stopping_early_ends_the_producing_thread() -> None:
    feed = _Feed(pages(10_000))  # far more than the queue holds: the producer is blocked on it
    next(iter(feed))
    feed.stop()  # returns: the producer gives up its place in the queue
    assert not feed._thread.is_alive()
