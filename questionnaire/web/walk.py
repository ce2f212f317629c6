"""The question flow: home, one question per page, check answers, outcome, start again."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import lazy_gettext, lazy_pgettext
from markupsafe import Markup, escape
from werkzeug.wrappers import Response as BaseResponse

from .. import current
from ..content import engine
from ..content.jurisdictions import Jurisdictions
from ..content.maps import Shapes
from ..content.officer import Officer
from ..content.reviews import Signoffs
from ..content.tree import Node, Tree
from ..i18n import best_match, context, tr
from ..privacy.sealed import seal
from ..privacy.state import State
from ..rendering import frames
from ..rendering.memo import remember
from ..rendering.presenters import blocks_html
from . import Page, bilingual, localized
from .forms import REQUIRED, posted_answer

bp = localized("walk", __name__)
site = Blueprint("site", __name__)

ANSWERS = "a"  # session key: {tree id: {node id: value}}


@dataclass(frozen=True)
class Content:
    trees: t.Mapping[str, Tree]
    data: Jurisdictions
    signoffs: Signoffs
    maps: t.Mapping[str, Shapes] = field(default_factory=dict)  # committed shapes, by state code
    officer: Officer = Officer(last_reviewed="", statements=())


def wiped(response: BaseResponse, cookies: bool = True) -> BaseResponse:
    """Ask the browser to drop what it kept of this site too: a copied page in its cache, and
    (unless a new cookie is being set) every cookie, the pages kept on the phone for use with no
    signal and the service worker that keeps them ("storage")."""
    response.headers["Clear-Site-Data"] = '"cookies", "cache", "storage"' if cookies else '"cache"'
    return response


def content() -> Content:
    return t.cast(Content, current.app().extensions["questionnaire"])


def get_tree(tree_id: str) -> Tree:
    tree = content().trees.get(tree_id)
    if tree is None:
        abort(404)
    return tree


def stored_answers(tree: Tree) -> dict[str, str]:
    walks = current.session().get(ANSWERS)
    answers = walks.get(tree.id) if isinstance(walks, dict) else None
    if not isinstance(answers, dict):
        return {}
    return {k: v for k, v in answers.items() if isinstance(k, str) and isinstance(v, str)}


def store_answers(tree: Tree, answers: dict[str, str]) -> None:
    walks = current.session().get(ANSWERS)
    walks = dict(walks) if isinstance(walks, dict) else {}
    walks[tree.id] = answers
    current.session()[ANSWERS] = walks


def position(tree: Tree) -> engine.Position:
    return engine.replay(tree, stored_answers(tree), content().data)


def walk_path(*parts: str) -> str:
    """The address of a page of the walk in this page's language, e.g. ("local_police", "q", "state").

    Every part is a tree or node id, a state code or a county FIPS code: the schema and the data
    allow only letters, digits and underscores, so nothing needs quoting. Building the address
    here costs a tenth of url_for, which showed in the time of every page.
    """
    return "/".join((current.request().script_root, current.g().lang, *parts))


def walk_url() -> str:
    """The one address of every page of a walk in this page's language."""
    return walk_path("walk")


def state_problem() -> BaseResponse | None:
    """Explain a tampered, foreign or expired state instead of silently starting over."""
    problem = t.cast(State, current.session()).problem
    if problem is None:
        return None
    body = frames.render_page("state_problem.html", problem=problem)
    return Page(body, status=400)


YES_NO = {"yes": lazy_pgettext("yes_no", "Yes"), "no": lazy_pgettext("yes_no", "No")}
I_DO_NOT_KNOW = lazy_gettext("I do not know")


def _translate(tree: Tree, node: Node, offered: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    if node.kind == "yes_no":
        return tuple((v, str(YES_NO[v])) for v, _ in offered)
    if node.kind == "choice":
        return tuple((v, tr(label, context(tree.id, node.id))) for v, label in offered)
    labels = []
    for value, label in offered:
        if value == engine.UNKNOWN:
            labels.append((value, str(I_DO_NOT_KNOW)))
        elif node.source == "us_states":
            labels.append((value, tr(label)))
        else:
            labels.append((value, label))  # county names are proper names, kept as the Census writes them
    return tuple(labels)


def _choice_table(tree: Tree, node: Node) -> dict[str | None, tuple[tuple[str, str], ...]]:
    """Translated choices of a node in this language, for every value of the question it depends on."""

    def compute() -> dict[str | None, tuple[tuple[str, str], ...]]:
        data = content().data
        depends = list(data.states) if node.of else [None]
        return {
            value: _translate(
                tree, node, engine.choices(node, {node.of: value} if node.of and value else {}, data)
            )
            for value in depends
        }

    return remember("choices", (current.g().lang, tree.id, node.id), compute)


def translated_choices(tree: Tree, node: Node, answers: t.Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """The node's choices with labels in the page's language."""
    return _choice_table(tree, node).get(answers.get(node.of) if node.of else None, ())


def options_html(tree: Tree, node: Node, answers: t.Mapping[str, str], selected: str | None) -> Markup:
    """The <option> elements of a long list, rendered once per language and reused.

    Rendered for every state at once, so that what is kept never shows which state was asked.
    """
    lists = remember(
        "options",
        (current.g().lang, tree.id, node.id),
        lambda: {
            of_value: "".join(
                f'<option value="{escape(v)}">{escape(label)}</option>\n' for v, label in choices
            )
            for of_value, choices in _choice_table(tree, node).items()
        },
    )
    html = lists.get(answers.get(node.of) if node.of else None, "")
    if selected:
        html = html.replace(
            f'<option value="{escape(selected)}">', f'<option value="{escape(selected)}" selected>', 1
        )
    return Markup(html)


@site.get("/")
def root() -> BaseResponse:
    """Send a visitor to the home page in the language their browser prefers."""
    return redirect(url_for("walk.home", lang=best_match()))


@site.get("/exit")
def quick_exit() -> BaseResponse:
    """Wipe every answer and leave for a neutral site; works without JavaScript."""
    current.session().clear()
    return wiped(redirect(current.app().config["EXIT_URL"]))


@bp.get("/")
def home() -> bytes:
    """The list of questionnaires, urgent first."""
    return frames.render_page(
        "home.html",
        key=(current.g().lang, current.session().get("desk") is True),
        trees=list(content().trees.values()),
    )


# Every page of a walk is served at one address, /<lang>/walk, and the page on screen is kept in
# the encrypted state: an address in a log, a proxy or the browser's history names no
# questionnaire, question, answer or outcome (docs/decisions/005-one-address-per-walk.md).
WALK = "w"  # session key: the id of the questionnaire being walked
AT = "at"  # session key: the page on screen when it is not where the walk stands
RESULT = ":result"  # the outcome on screen (node ids have no colon); without AT, the check page


def current_tree() -> Tree | None:
    tree_id = current.session().get(WALK)
    return content().trees.get(tree_id) if isinstance(tree_id, str) else None


def open_walk(tree: Tree) -> None:
    """Make tree the walk on screen, at the page where it stands."""
    current.session()[WALK] = tree.id
    current.session().pop(AT, None)


@bp.get("/<tree_id>/")
def start(tree_id: str) -> BaseResponse:
    """The way in from a shared link or a bookmark: open the questionnaire where it was left."""
    tree = get_tree(tree_id)
    problem = state_problem()
    if problem:
        return problem
    open_walk(tree)
    return redirect(walk_url())


@bp.get("/walk")
def walk() -> BaseResponse:
    """The page of the walk on screen: a question, the check page or the outcome."""
    on_screen = walk_on_screen()
    if isinstance(on_screen, BaseResponse):
        return on_screen
    tree, pos = on_screen
    at = current.session().get(AT)
    if isinstance(at, str) and on_path_question(tree, pos, at):
        return question_page(tree, pos, tree.nodes[at])
    if not pos.finished:
        return question_page(tree, pos, pos.node)
    if at == RESULT:
        return Page(outcome_page(tree, pos.node, pos.answers))
    english = bilingual.column(lambda: render_template("_english_check.html", rows=answer_rows(tree, pos)))
    return Page(frames.render_page("check.html", tree=tree, rows=answer_rows(tree, pos), english=english))


def on_path_question(tree: Tree, pos: engine.Position, node_id: str) -> bool:
    node = tree.nodes.get(node_id)
    return node is not None and not node.is_outcome and pos.on_path(node_id)


@bp.post("/walk")
def act() -> BaseResponse:
    """What a page of the walk asked for: open it, take an answer, go back, change, see the outcome.

    Every form names its questionnaire, so a page left open in another tab still acts on its own.
    """
    problem = state_problem()
    if problem:
        return problem
    form, state = current.request().form, current.session()
    tree = content().trees.get(form.get("tree", ""))
    if tree is None:
        abort(400)
    go = form.get("go", "answer")
    page = form.get("page", "")
    if go == "restart":
        # Start again: forget every answer, in every questionnaire. The new cookie replaces the
        # old one, so the browser is asked to drop only its copies of pages.
        state.clear()
        open_walk(tree)
        return wiped(redirect(walk_url()), cookies=False)
    if go == "start" or state.get(WALK) != tree.id:
        open_walk(tree)
        if go == "start":
            return redirect(walk_url())
    pos = position(tree)
    if go == "answer":
        if not on_path_question(tree, pos, page):
            return redirect(walk_url())  # a page from before the answers changed: show where it stands
        return take_answer(tree, pos, tree.nodes[page])
    if go == "back" and on_path_question(tree, pos, page):
        previous = pos.previous(page)
        if previous is None:
            return redirect(url_for("walk.home"))
        state[AT] = previous
    elif go == "change" and on_path_question(tree, pos, page):
        state[AT] = page
    elif go == "result":
        state[AT] = RESULT
    elif go == "check":
        state.pop(AT, None)
    return redirect(walk_url())


def take_answer(tree: Tree, pos: engine.Position, node: Node) -> BaseResponse:
    """Record a posted answer and move on, or show the question again with a plain message."""
    choices = translated_choices(tree, node, pos.answers)
    value = engine.SEEN if node.kind == "info" else posted_answer(node, choices, current.request().form)
    if value is None:
        # Whatever came, the question is shown again with nothing chosen and one plain message.
        error = (tr(node.error) if node.error else str(REQUIRED)) if node.is_question else None
        return question_page(tree, pos, node, error=error, failed=True)
    new = engine.answer(tree, pos.answers, node.id, value, content().data)
    store_answers(tree, new.answers)
    current.session().pop(AT, None)  # on to where the walk now stands
    return redirect(walk_url())


def question_page(
    tree: Tree,
    pos: engine.Position,
    node: Node,
    error: str | None = None,
    failed: bool = False,
    expired_form: bool = False,
) -> Page:
    """A question or information page; failed (a bad or stale POST) shows it again with nothing chosen."""
    failed = failed or expired_form
    answers = pos.answers
    choices = translated_choices(tree, node, answers)
    selected = None if failed else answers.get(node.id)
    step = [s.node.id for s in pos.steps].index(node.id) + 1 if node.id in answers else len(pos.steps) + 1
    _, total = engine.progress(tree, pos)
    desk = current.session().get("desk") is True
    slots: dict[str, frames.Value] = {
        "step": str(step),
        "total": str(max(total, step)),
        "body": lambda: blocks_html(tree, node, "body", answers),
        "rows": lambda: Markup(render_template("_answers_so_far.html", rows=answer_rows(tree, pos))),
        "body_en": lambda: bilingual.in_english(lambda: blocks_html(tree, node, "body", answers)),
    }
    if node.kind == "select":
        slots["options"] = lambda: options_html(tree, node, answers, selected)
    else:
        slots.update((f"checked:{v}", " checked" if v == selected else "") for v, _ in choices)
    # A page with an error is rare, so it is rendered whole and not kept.
    body = frames.render_page(
        "question.html",
        key=None if failed else (current.g().lang, tree.id, node.id, desk),
        slots=slots,
        tree=tree,
        node=node,
        choices=choices if node.kind != "select" else (),
        error=error,
        expired_form=expired_form,
        # The English column is kept with the frame: the words of the question, never an answer.
        english=bilingual.column(
            lambda: frames.render_kept(
                "_english_question.html",
                tree=tree,
                node=node,
                choices=translated_choices(tree, node, {}) if node.kind != "select" else (),
            )
        ),
    )
    return Page(body, status=400 if failed else 200)


def expired_form_page() -> BaseResponse | None:
    """After a stale form token: the question the form was for, again, if it is still on the path."""
    form = current.request().form
    tree = content().trees.get(form.get("tree", ""))
    if tree is None or current.session().get(WALK) != tree.id:
        return None
    pos = position(tree)
    page = form.get("page", "")
    if form.get("go", "answer") != "answer" or not on_path_question(tree, pos, page):
        return None
    return question_page(tree, pos, tree.nodes[page], expired_form=True)


def answer_rows(tree: Tree, pos: engine.Position) -> list[tuple[Node, str]]:
    """Each question answered on the path, with the answer as the person saw it."""
    rows = []
    for step in pos.steps:
        if step.node.is_question:
            labels = dict(translated_choices(tree, step.node, pos.answers))
            rows.append((step.node, labels.get(step.value, step.value)))
    return rows


def walk_on_screen() -> tuple[Tree, engine.Position] | BaseResponse:
    """The walk on screen and where it stands; or the response to send when there is none."""
    problem = state_problem()
    if problem:
        return problem
    tree = current_tree()
    if tree is None:
        return redirect(url_for("walk.home"))
    return tree, position(tree)


def finished_walk() -> tuple[Tree, engine.Position] | BaseResponse:
    """The walk on screen when it has reached an outcome; otherwise the response to send instead."""
    on_screen = walk_on_screen()
    if not isinstance(on_screen, BaseResponse) and not on_screen[1].finished:
        return redirect(walk_url())
    return on_screen


def outcome_page(tree: Tree, node: Node, answers: t.Mapping[str, str], public: bool = False) -> bytes:
    """An outcome: its frame is kept per language, its blocks chosen by the answers each time."""
    return frames.render_page(
        "outcome.html",
        key=(current.g().lang, tree.id, node.id, public, current.session().get("desk") is True),
        slots={
            "blocks": lambda: blocks_html(tree, node, "blocks", answers),
            "explain": lambda: explain_url(tree, node, answers),
            "blocks_en": lambda: bilingual.in_english(lambda: blocks_html(tree, node, "blocks", answers)),
        },
        tree=tree,
        node=node,
        public=public,
        english=bilingual.column(lambda: frames.render_kept("_english_outcome.html", tree=tree, node=node)),
    )


def explain_url(tree: Tree, outcome: Node, answers: t.Mapping[str, str]) -> str:
    """The answer-free address of this outcome for this place."""
    state_q, county_q = tree.location_questions
    state = answers.get(state_q.id) if state_q else None
    county = answers.get(county_q.id) if county_q else None
    parts = [tree.id, outcome.id]
    if state:
        parts.append(state)
        if county and county != "unknown":
            parts.append(county)
    return walk_path("e", seal(current.app(), tuple(parts)))
