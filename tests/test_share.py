"""Sharing: links pre-answer only the place, QR codes match their links, explanation links are sealed."""

import base64
import re
import string

import pytest
from flask import g

from helpers import CHECK, OTHER, SECRET, Walker, csrf, set_walk
from questionnaire import create_app
from questionnaire.content.paths import enumerate_paths
from questionnaire.privacy.sealed import seal, unseal
from questionnaire.web.walk import explain_url


def test_a_community_link_pre_answers_state_and_county(client):
    response = client.get(f"/{OTHER}/local_police/from/TX/48201")
    assert response.status_code == 302 and response.headers["Location"] == f"/{OTHER}/walk"
    walker = Walker(client, OTHER)
    assert walker.on_screen() == CHECK  # the link opened the walk, both places answered
    assert walker.start("local_police") == CHECK  # and the home page opens the same walk
    page = walker.page()
    assert "Harris County" in page
    assert 'name="page" value="state"' in page  # answered, and can be changed
    walker.go("change", page="state")
    assert walker.on_screen() == "state"
    assert '<option value="TX" selected>' in walker.page()


def test_a_link_with_only_the_state_asks_the_county(client):
    response = client.get("/en/local_police/from/CA")
    assert response.status_code == 302 and response.headers["Location"] == "/en/walk"
    walker = Walker(client)
    assert walker.on_screen() == "county"
    assert "Los Angeles County" in walker.page()  # the counties of California
    assert walker.start("local_police") == "county"


def test_a_crafted_link_cannot_pre_answer_anything_else(client):
    assert client.get("/en/local_police/from/XX").status_code == 404
    assert client.get("/en/local_police/from/CA/48201").status_code == 404  # a Texas county for California
    assert client.get("/en/local_police/from/TX/unknown").status_code == 404
    assert client.get("/en/local_police/from/TX/48201/extra").status_code == 404
    assert client.get("/en/nowhere/from/TX").status_code == 404
    response = client.get("/en/local_police/from/TX?county=48201&answer=yes&result_limits=seen")
    assert response.status_code == 302 and response.headers["Location"] == "/en/walk"
    with client.session_transaction() as session:  # the state, and nothing else
        assert session["a"] == {"local_police": {"state": "TX"}}
    assert Walker(client).start("local_police") == "county"


def test_share_page_makes_a_link_in_the_chosen_language_with_a_qr_code(client):
    page = client.get(f"/en/local_police/share?link_lang={OTHER}&state=TX&county=48201").get_data(
        as_text=True
    )
    assert f"http://localhost/{OTHER}/local_police/from/TX/48201" in page
    svg = re.search(r"<svg.*?</svg>", page, re.S)
    assert svg and f"<title>http://localhost/{OTHER}/local_police/from/TX/48201</title>" in svg.group(0)
    assert f'href="/{OTHER}/local_police/flyer?state=TX&amp;county=48201&amp;paper=letter"' in page


def test_share_page_ignores_a_county_of_another_state(client):
    page = client.get("/en/local_police/share?state=CA&county=48201").get_data(as_text=True)
    assert (
        "http://localhost/en/local_police/from/CA<" in page
        or "http://localhost/en/local_police/from/CA\n" in page
    )


def test_flyer_is_in_its_language_and_paper_size(client):
    page = client.get(f"/{OTHER}/local_police/flyer?state=TX&paper=a4").get_data(as_text=True)
    assert f'<html lang="{OTHER}"' in page
    assert "flyer-a4.css" in page and f"http://localhost/{OTHER}/local_police/from/TX" in page
    assert "flyer-letter.css" in client.get(f"/{OTHER}/local_police/flyer").get_data(as_text=True)


def walk_to_outcome(client, state: str, county: str) -> str:
    """A person's walk through local_police to its outcome page; its HTML."""
    walker = Walker(client)
    walker.start("local_police")
    walker.answer("state", state)
    walker.answer("county", county)
    return walker.result().get_data(as_text=True)


def heading(html: str) -> str:
    match = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert match, "the page has no <h1>"
    return match.group(1)


def explain_link(html: str) -> str:
    match = re.search(r'href="(/en/e/[^"]+)"', html)
    assert match, "the outcome page offers no explanation link"
    return match.group(1)


def link_for(app, tree_id: str, outcome_id: str, answers: dict[str, str]) -> str:
    """The explanation address the app makes for an outcome and these answers."""
    with app.test_request_context("/"):
        g.lang = "en"
        tree = app.extensions["questionnaire"].trees[tree_id]
        return explain_url(tree, tree.nodes[outcome_id], answers)


HARRIS = ("local_police", "result_requires", {"state": "TX", "county": "48201"})  # for link_for


def test_outcome_offers_an_address_that_carries_no_answers(app, client):
    page = walk_to_outcome(client, "TX", "48201")
    assert "<title>What it means – Know Where You Stand</title>" in page
    link = explain_link(page)
    assert re.fullmatch(r"/en/e/[A-Za-z0-9_-]+", link), link
    for text in ("local_police", "result_requires", "TX", "48201", "Texas", "Harris"):
        assert not shows(link, text), text
    assert link == link_for(app, *HARRIS)
    assert unseal(app, link.removeprefix("/en/e/")) == ("local_police", "result_requires", "TX", "48201")


# A couple of places; a county the person does not know is left out of the link.
PLACES = (("TX", "48201"), ("CA", "06037"), ("NY", "unknown"))


def every_explanation(app) -> list[tuple[tuple[str, ...], tuple[str, ...], str]]:
    """(what the address must not show, what it explains, the address) for every outcome of every
    tree, at each place."""
    links = []
    for tree in app.extensions["questionnaire"].trees.values():
        state_q, county_q = tree.location_questions
        for outcome in (node for node in tree.nodes.values() if node.is_outcome):
            for state, county in PLACES:
                answers, parts = {}, [tree.id, outcome.id]
                if state_q:
                    answers[state_q.id] = state
                    parts.append(state)
                if county_q:
                    answers[county_q.id] = county
                    if county != "unknown":
                        parts.append(county)
                hidden = (tree.id, outcome.id, *answers.values())
                links.append((hidden, tuple(parts), link_for(app, tree.id, outcome.id, answers)))
    return links


def shows(address: str, text: str) -> bool:
    """Whether text can be read in the address: anywhere in it, or for a short code such as a
    state's (which a long random word may contain by chance) as a word of its own."""
    if len(text) > 3:
        return text.lower() in address.lower()
    return re.search(rf"(?<![A-Za-z0-9]){re.escape(text)}(?![A-Za-z0-9])", address, re.I) is not None


def test_no_explanation_address_names_its_questionnaire_outcome_or_place(app):
    links = every_explanation(app)
    assert len({tree for (tree, *_), _, _ in links}) == len(app.extensions["questionnaire"].trees)
    for hidden, parts, link in links:
        assert re.fullmatch(r"/en/e/[A-Za-z0-9_-]+", link), link  # one opaque word, no query
        sealed = link.removeprefix("/en/e/")
        for text in hidden:
            assert not shows(sealed, text), (text, link)
        # Sealed, not merely encoded: the word read as base64 holds none of it either.
        raw = base64.urlsafe_b64decode(sealed + "=" * (-len(sealed) % 4))
        assert (
            "/".join(parts).encode() not in raw
            and parts[0].encode() not in raw
            and parts[1].encode() not in raw
        )
        assert unseal(app, sealed) == parts
    # Each explanation has its own address.
    assert len({link for _, _, link in links}) == len({parts for _, parts, _ in links})


@pytest.fixture(scope="module")
def old_site():
    """The site as it was before its secret was replaced."""
    return create_app({"TESTING": True, "SECRET_KEY": "old-" + SECRET})


@pytest.fixture(scope="module")
def rotated_site():
    """The site with the test secret, still reading what the old secret made."""
    return create_app({"TESTING": True, "SECRET_KEY": SECRET, "OLD_SECRET_KEYS": ["old-" + SECRET]})


def test_the_same_explanation_has_the_same_address(app, client, rotated_site):
    assert every_explanation(app) == every_explanation(app)
    # Two people who reach the same outcome for the same place are offered the same link, and so
    # is whoever another copy of the site with the same secret serves.
    first = explain_link(walk_to_outcome(client, "TX", "48201"))
    second = explain_link(walk_to_outcome(app.test_client(), "TX", "48201"))
    assert first == second == link_for(app, *HARRIS) == link_for(rotated_site, *HARRIS)
    assert first != explain_link(walk_to_outcome(app.test_client(), "CA", "06037"))


ALPHABET = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"  # URL-safe base64


def test_a_changed_character_is_a_404_not_a_500(app, client):
    link = link_for(app, *HARRIS)
    assert client.get(link).status_code == 200
    sealed = link.removeprefix("/en/e/")
    changed = set()
    for i, char in enumerate(sealed):
        k = ALPHABET.index(char)
        # A high and a low bit of every character; every other character in the last place,
        # whose low bits are the ones base64 may leave over.
        others = ALPHABET if i == len(sealed) - 1 else (ALPHABET[k ^ 32], ALPHABET[k ^ 1], "~")
        changed.update(sealed[:i] + other + sealed[i + 1 :] for other in others if other != char)
    changed.update((sealed + "A", sealed + "=", sealed + "==", sealed[:-1], sealed[1:], sealed * 2))
    wrong = {
        word: status for word in sorted(changed) if (status := client.get("/en/e/" + word).status_code) != 404
    }
    assert wrong == {}


def test_a_link_sealed_under_another_secret_is_a_404(client, old_site):
    link = link_for(old_site, *HARRIS)
    assert old_site.test_client().get(link).status_code == 200
    assert client.get(link).status_code == 404


def test_a_link_sealed_under_a_retired_key_still_opens(client, old_site, rotated_site):
    link = link_for(old_site, *HARRIS)
    before = old_site.test_client().get(link).get_data(as_text=True)
    response = rotated_site.test_client().get(link)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert heading(page) == heading(before) and "Harris County" in page
    # The site seals with its current key, and once the old key is dropped its links are gone.
    assert link_for(rotated_site, *HARRIS) != link
    assert rotated_site.test_client().get(link_for(rotated_site, *HARRIS)).status_code == 200
    assert client.get(link).status_code == 404  # the same current key, without the old one


def test_the_public_explanation_works_without_any_state(app):
    link = link_for(app, *HARRIS)
    stranger = app.test_client()
    response = stranger.get(link)  # no cookie
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>What it means – Know Where You Stand</title>" in html
    assert "The law in Texas" in html and "Harris County" in html  # the place it explains
    assert "Change your answers" not in html and "Start again" not in html
    with stranger.session_transaction() as session:  # a form token at most: no answers, no walk
        assert not {"a", "w", "at"} & set(session)
    # "Answer the questions yourself" opens the questionnaire at its start: the link answered nothing.
    walker = Walker(stranger)
    walker.tree = "local_police"
    assert 'name="go" value="start"' in html
    walker.post({"go": "start"}, token_from=html)
    assert walker.on_screen() == "state"


def test_an_explanation_link_shows_the_outcome_and_none_of_the_answers(app, data):
    stranger = app.test_client(use_cookies=False)
    for tree_id, tree in app.extensions["questionnaire"].trees.items():
        reached = set()
        for path in enumerate_paths(tree, data):
            if path.outcome in reached:
                continue
            reached.add(path.outcome)
            client = app.test_client()
            set_walk(client, tree_id, path.answers, "check")
            rows = re.findall(r"<dt>.*?</dt><dd>.*?</dd>", client.get("/en/walk").get_data(as_text=True))
            assert rows, (tree_id, path.outcome)
            set_walk(client, tree_id, path.answers, "result")
            outcome = client.get("/en/walk").get_data(as_text=True)
            response = stranger.get(explain_link(outcome))
            assert response.status_code == 200, (tree_id, path.outcome)
            page = response.get_data(as_text=True)
            assert heading(page) == heading(outcome), (tree_id, path.outcome)
            assert not [row for row in rows if row in page], (tree_id, path.outcome)
            assert 'class="answers-so-far"' not in page and 'class="summary"' not in page


def test_an_explanation_link_does_not_show_a_county_the_person_did_not_know(app, client):
    walker = Walker(client)
    walker.start("local_police")
    walker.answer("state", "TX")
    walker.answer("county", "unknown")
    assert "I do not know" in walker.page()  # on the check page
    outcome = walker.result().get_data(as_text=True)
    link = explain_link(outcome)
    tree_id, outcome_id, *place = unseal(app, link.removeprefix("/en/e/"))
    assert (tree_id, place) == ("local_police", ["TX"])  # the state only
    assert link == link_for(app, tree_id, outcome_id, {"state": "TX"})  # as if no county was asked
    page = app.test_client(use_cookies=False).get(link).get_data(as_text=True)
    assert heading(page) == heading(outcome)
    assert "I do not know" not in page


def test_the_public_explanation_refuses_questions_and_bad_places(app, client):
    def opens(*parts: str) -> int:
        return client.get("/en/e/" + seal(app, parts)).status_code

    assert opens("local_police", "result_requires", "TX", "48201") == 200
    assert opens("local_police", "result_requires") == 200  # no place: the general explanation
    assert opens("local_police", "state") == 404  # a question, not an outcome
    assert opens("local_police", "result_requires", "ZZ") == 404
    assert opens("local_police", "result_requires", "CA", "48201") == 404  # a Texas county for California
    assert opens("local_police", "result_requires", "TX", "unknown") == 404
    assert opens("local_police", "result_requires", "TX", "48201", "extra") == 404
    assert opens("local_police") == 404
    assert opens("nowhere", "result_requires") == 404
    # The old addresses, which named the outcome and the place, are gone.
    assert client.get("/en/local_police/explain/result_requires/TX/48201").status_code == 404
    assert client.get("/en/local_police/explain/state").status_code == 404


def test_link_previews_are_in_the_page_language(client):
    page = client.get("/en/").get_data(as_text=True)
    assert '<meta property="og:title"' in page and '<meta name="twitter:card" content="summary">' in page


def test_discreet_deployments_have_neutral_titles_and_previews():
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "DISCREET": True})
    walker = Walker(app.test_client())
    walker.start("local_police")
    question = walker.page()
    walker.answer("state", "TX")
    walker.answer("county", "48201")
    outcome = walker.result().get_data(as_text=True)
    public = walker.get(explain_link(outcome)).get_data(as_text=True)
    for page in (question, outcome, public):
        head = page.split("</head>")[0]
        assert "<title>Information</title>" in head
        assert "ICE" not in head and "police" not in head.lower()


def start_desk(client, lang: str = "en") -> Walker:
    page = client.get(f"/{lang}/desk").get_data(as_text=True)
    client.post(f"/{lang}/desk/start", data={"csrf_token": csrf(page)})
    return Walker(client, lang)


def test_desk_mode_shows_answers_and_next_person_wipes_everything(client):
    walker = start_desk(client)
    assert walker.start("local_police") == "state"
    walker.answer("state", "TX")
    county = walker.page()
    assert walker.on_screen(county) == "county"
    assert '<aside class="answers-so-far"' in county and "<dd>Texas</dd>" in county
    response = client.get("/en/summary")  # not yet: the walk has no outcome
    assert response.status_code == 302 and response.headers["Location"] == "/en/walk"
    walker.answer("county", "48201")
    result = walker.result().get_data(as_text=True)
    assert 'href="/en/summary"' in result
    summary = walker.get("/en/summary").get_data(as_text=True)
    assert "Harris County" in summary and heading(result) in summary
    response = client.post("/en/desk/next", data={"csrf_token": csrf(result)})
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"cache"'  # cookies stay: the new one keeps desk mode
    assert walker.start("local_police") == "state"  # the answers are gone
    assert "Next person" in walker.get("/en/").get_data(as_text=True)  # still in desk mode
    assert client.get("/en/summary").status_code == 302


def app_version(tree_id: str) -> str:
    from questionnaire.content.tree import load_trees

    return load_trees()[tree_id].version


def test_bilingual_summary_has_both_languages(client):
    walker = start_desk(client, OTHER)
    walker.start("local_police")
    walker.answer("state", "TX")
    walker.answer("county", "48201")
    walker.result()
    summary = walker.get(f"/{OTHER}/summary").get_data(as_text=True)
    assert summary.count('class="summary-column"') == 2
    assert f'lang="{OTHER}"' in summary and 'lang="en"' in summary
    assert "Which state do you live in?" in summary  # the English half
    assert app_version("local_police") in summary
    assert f'href="/{OTHER}/walk"' in summary  # back to the explanation
    assert client.get(f"/{OTHER}/local_police/summary").status_code == 404  # the old address is gone


def test_a_community_link_never_changes_answers_already_given(client):
    walker = Walker(client)
    walker.start("local_police")
    walker.answer("state", "CA")
    response = client.get("/en/local_police/from/TX/48201")  # e.g. a link on another site
    assert response.status_code == 302 and response.headers["Location"] == "/en/walk"
    assert walker.on_screen() == "county"  # where the person's own walk stands
    assert "Los Angeles County" in walker.page() and "Harris County" not in walker.page()
    walker.go("back", page="county")
    page = walker.page()
    assert walker.on_screen(page) == "state"
    assert 'value="CA" selected' in page and 'value="TX" selected' not in page


def test_share_links_use_the_configured_address_not_the_host_header():
    from helpers import SECRET

    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "BASE_URL": "https://help.example.org"})
    client = app.test_client()
    page = client.get(
        "/en/local_police/share?link_lang=es&state=TX&county=48201", headers={"Host": "attacker.example"}
    ).get_data(as_text=True)
    assert "https://help.example.org/es/local_police/from/TX/48201" in page
    assert "attacker.example" not in page


def test_tls_needs_an_https_base_address(monkeypatch):
    from helpers import SECRET

    monkeypatch.setenv("QUESTIONNAIRE_SECRET_KEY", SECRET)
    monkeypatch.setenv("QUESTIONNAIRE_TLS", "1")
    with pytest.raises(RuntimeError, match="QUESTIONNAIRE_BASE_URL"):
        create_app()
    monkeypatch.setenv("QUESTIONNAIRE_BASE_URL", "http://help.example.org")
    with pytest.raises(RuntimeError, match="QUESTIONNAIRE_BASE_URL"):
        create_app()
    monkeypatch.setenv("QUESTIONNAIRE_BASE_URL", "https://Help.Example.org/")
    assert create_app().config["BASE_URL"] == "https://help.example.org"


def test_host_names_are_compared_without_regard_to_case_or_a_final_dot(monkeypatch):
    from helpers import SECRET

    monkeypatch.setenv("QUESTIONNAIRE_SECRET_KEY", SECRET)
    monkeypatch.setenv("QUESTIONNAIRE_HOSTS", "Help.Example.org")
    client = create_app().test_client()
    for host in ("help.example.org", "HELP.EXAMPLE.ORG", "help.example.org.", "help.example.org:443"):
        assert client.get("/en/", headers={"Host": host}).status_code == 200, host
    assert client.get("/en/", headers={"Host": "help.example.org.evil.example"}).status_code == 400
