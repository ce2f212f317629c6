"""Sharing: links pre-answer only the place, QR codes match their links, outcomes carry no answers."""

import re

import pytest

from helpers import OTHER, Walker, csrf
from questionnaire import create_app


def test_a_community_link_pre_answers_state_and_county(client):
    response = client.get(f"/{OTHER}/local_police/from/TX/48201")
    assert response.status_code == 302 and response.headers["Location"] == f"/{OTHER}/local_police/"
    walker = Walker(client, OTHER)
    assert walker.start("local_police") == f"/{OTHER}/local_police/check"
    page = walker.get(f"/{OTHER}/local_police/check").get_data(as_text=True)
    assert "Harris County" in page
    assert f'href="/{OTHER}/local_police/q/state"' in page  # answered, and can be changed
    state = walker.get(f"/{OTHER}/local_police/q/state").get_data(as_text=True)
    assert '<option value="TX" selected>' in state


def test_a_link_with_only_the_state_asks_the_county(client):
    client.get("/en/local_police/from/CA")
    assert Walker(client).start("local_police") == "/en/local_police/q/county"


def test_a_crafted_link_cannot_pre_answer_anything_else(client):
    assert client.get("/en/local_police/from/XX").status_code == 404
    assert client.get("/en/local_police/from/CA/48201").status_code == 404  # a Texas county for California
    assert client.get("/en/local_police/from/TX/unknown").status_code == 404
    assert client.get("/en/local_police/from/TX/48201/extra").status_code == 404
    response = client.get("/en/local_police/from/TX?county=48201&answer=yes&result_limits=seen")
    assert response.status_code == 302
    assert Walker(client).start("local_police") == "/en/local_police/q/county"


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


def test_outcome_offers_an_address_that_carries_no_answers(walker):
    walker.answer("/en/local_police/q/state", "TX")
    walker.answer("/en/local_police/q/county", "48201")
    page = walker.get("/en/local_police/result").get_data(as_text=True)
    assert 'href="/en/local_police/explain/result_requires/TX/48201"' in page


def test_the_public_explanation_works_without_any_state(client):
    page = client.get("/en/local_police/explain/result_requires/TX/48201")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "The law in Texas" in html and "Harris County" in html
    assert "Change your answers" not in html
    assert "Set-Cookie" not in page.headers or "s=" not in page.headers.get("Set-Cookie", "")


def test_the_public_explanation_refuses_questions_and_bad_places(client):
    assert client.get("/en/local_police/explain/state").status_code == 404
    assert client.get("/en/local_police/explain/result_requires/ZZ").status_code == 404


def test_link_previews_are_in_the_page_language(client):
    page = client.get("/en/").get_data(as_text=True)
    assert '<meta property="og:title"' in page and '<meta name="twitter:card" content="summary">' in page


def test_discreet_deployments_have_neutral_titles_and_previews():
    from helpers import SECRET
    from questionnaire import create_app

    client = create_app({"TESTING": True, "SECRET_KEY": SECRET, "DISCREET": True}).test_client()
    page = client.get("/en/local_police/q/state").get_data(as_text=True)
    head = page.split("</head>")[0]
    assert "<title>Information</title>" in head
    assert "ICE" not in head and "police" not in head.lower()


def test_desk_mode_shows_answers_and_next_person_wipes_everything(client):
    page = client.get("/en/desk").get_data(as_text=True)
    client.post("/en/desk/start", data={"csrf_token": csrf(page)})
    walker = Walker(client)
    walker.answer("/en/local_police/q/state", "TX")
    county = walker.get("/en/local_police/q/county").get_data(as_text=True)
    assert '<aside class="answers-so-far"' in county and "<dd>Texas</dd>" in county
    walker.answer("/en/local_police/q/county", "48201")
    result = walker.get("/en/local_police/result").get_data(as_text=True)
    assert 'href="/en/local_police/summary"' in result
    response = client.post("/en/desk/next", data={"csrf_token": csrf(result)})
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"cache"'  # cookies stay: the new one keeps desk mode
    assert walker.start("local_police") == "/en/local_police/q/state"
    assert "Next person" in walker.get("/en/").get_data(as_text=True)  # still in desk mode


def app_version(tree_id: str) -> str:
    from questionnaire.tree import load_trees

    return load_trees()[tree_id].version


def test_bilingual_summary_has_both_languages(client):
    page = client.get(f"/{OTHER}/desk").get_data(as_text=True)
    client.post(f"/{OTHER}/desk/start", data={"csrf_token": csrf(page)})
    walker = Walker(client, OTHER)
    walker.answer(f"/{OTHER}/local_police/q/state", "TX")
    walker.answer(f"/{OTHER}/local_police/q/county", "48201")
    summary = walker.get(f"/{OTHER}/local_police/summary").get_data(as_text=True)
    assert summary.count('class="summary-column"') == 2
    assert f'lang="{OTHER}"' in summary and 'lang="en"' in summary
    assert "Which state do you live in?" in summary  # the English half
    assert app_version("local_police") in summary


def test_a_community_link_never_changes_answers_already_given(client):
    walker = Walker(client)
    walker.answer("/en/local_police/q/state", "CA")
    response = client.get("/en/local_police/from/TX/48201")  # e.g. a link on another site
    assert response.status_code == 302
    page = walker.get("/en/local_police/q/state").get_data(as_text=True)
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
    for host in ("help.example.org", "HELP.EXAMPLE.ORG", "help.example.org.", "help.example.org:8443"):
        assert client.get("/en/", headers={"Host": host}).status_code == 200, host
    assert client.get("/en/", headers={"Host": "help.example.org.evil.example"}).status_code == 400
