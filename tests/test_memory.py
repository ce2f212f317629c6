"""What the server keeps does not grow with the addresses people (or scanners) send."""

from __future__ import annotations

import pytest

from helpers import SECRET
from questionnaire import create_app


def kept_entries(app) -> int:
    return sum(len(v) for k, v in app.extensions.items() if k.startswith("memo."))


def garbage(i: int) -> list[str]:
    return [
        f"/en/nothing-{i}",
        f"/es/local_police/q/nothing_{i}",
        f"/ar/no_tree_{i}/q/state",
        f"/en/local_police/explain/result_limits/X{i}",
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
    page = client.get("/es/local_police/q/state").get_data(as_text=True)
    assert 'href="/fr/local_police/q/state"' in page
    assert 'href="/en/local_police/q/state" lang="en" hreflang="en"' in page
    other = client.get("/es/crime_victim/q/danger").get_data(as_text=True)
    assert 'href="/fr/crime_victim/q/danger"' in other
    assert "\x00" not in page + other
