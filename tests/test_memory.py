"""What the server keeps does not grow with the addresses people (or scanners) send."""

from __future__ import annotations

import pytest

from helpers import SECRET, Walker, set_walk
from questionnaire import create_app


def kept_entries(app) -> int:
    return sum(len(v) for k, v in app.extensions.items() if k.startswith("memo."))


def garbage(i: int) -> list[str]:
    return [
        f"/en/nothing-{i}",
        f"/es/local_police/q/nothing_{i}",
        f"/ar/no_tree_{i}/q/state",
        f"/en/local_police/explain/result_limits/X{i}",
        f"/en/e/{i}",
        f"/es/e/AAAA{i:04d}" + "A" * 64,  # the shape of a sealed explanation link, not sealed by us
        f"/fr/e/{'x' * 300}{i}",
        f"/ar/e/{i}/extra",
        f"/static/none-{i}.css",
        f"/{i}",
    ]


@pytest.mark.parametrize("count", [400])
def test_unknown_addresses_leave_nothing_behind(count):
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET})
    client = app.test_client()
    for i in range(5):  # the error pages' own parts are kept once per language
        for url in garbage(i):
            assert client.get(url).status_code in (404, 308), url  # 308: a tree's address, add "/"
    before = kept_entries(app)
    for i in range(5, 5 + count):
        for url in garbage(i):
            client.get(url)
    assert kept_entries(app) == before


def test_language_links_still_name_the_page_they_are_on(client):
    # Every page of a walk is at /<lang>/walk: a kept page's language links lead to the same page.
    walker, french = Walker(client, "es"), Walker(client, "fr")
    set_walk(client, "local_police", {}, "q/state")
    page = walker.page()
    assert walker.on_screen(page) == "state"
    assert 'href="/fr/walk"' in page
    assert 'href="/en/walk" lang="en" hreflang="en"' in page
    assert french.on_screen() == "state"
    set_walk(client, "crime_victim", {}, "q/danger")
    other = walker.page()
    assert walker.on_screen(other) == "danger"
    assert 'href="/fr/walk"' in other
    assert french.on_screen() == "danger"
    assert "\x00" not in page + other


def test_past_its_byte_limit_a_bucket_computes_new_values_but_keeps_none(app, monkeypatch):
    from questionnaire.rendering import memo

    monkeypatch.setattr(memo, "BYTES", 20_000)
    computed: list[int] = []

    def page(i: int) -> str:
        computed.append(i)
        return f"<p>{i}</p>" + "x" * 1_000

    def remember(i: int) -> str:
        return memo.remember("test", ("en", i), lambda: page(i))

    with app.app_context():
        for i in range(100):
            assert remember(i).startswith(f"<p>{i}</p>")
        assert computed == list(range(100))
        bucket = app.extensions["memo.test"]
        kept = len(bucket)
        assert 10 < kept < 20  # about 1 KB each
        assert bucket.size == sum(memo.size_of(k) + memo.size_of(v) for k, v in bucket.items())
        assert bucket.size <= memo.BYTES
        computed.clear()
        assert remember(0).startswith("<p>0</p>") and computed == []  # kept: not computed again
        assert remember(99).startswith("<p>99</p>") and computed == [99]  # not kept: computed, still right
        assert len(bucket) == kept


def test_the_byte_limit_counts_frames_keys_and_containers(app, monkeypatch):
    from markupsafe import Markup

    from questionnaire.rendering import memo
    from questionnaire.rendering.frames import Frame

    frame = Frame("<main>" + "x" * 5_000 + "\ue000csrf\ue000</main>")
    assert memo.size_of(frame) > 5_000
    assert memo.size_of({"a": (Markup("y" * 3_000),)}) > 3_000
    assert memo.size_of(("z" * 4_000, "en")) > 4_000  # a key counts too
    monkeypatch.setattr(memo, "BYTES", 12_000)
    with app.app_context():
        memo.remember("sized", "a", lambda: frame)
        memo.remember("sized", "b", lambda: frame)
        memo.remember("sized", "c", lambda: frame)
        assert list(app.extensions["memo.sized"]) == ["a", "b"]


def test_a_bug_keying_by_something_unbounded_stops_at_the_byte_limit(app):
    from questionnaire.rendering import memo

    big = "x" * 200_000
    with app.app_context():
        for i in range(memo.BYTES // len(big) + 50):
            memo.remember("runaway", f"/en/{i}", lambda: big)
        bucket = app.extensions["memo.runaway"]
        assert bucket.size <= memo.BYTES < bucket.size + memo.size_of(big) * 2
        assert len(bucket) < memo.LIMIT
