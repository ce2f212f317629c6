"""The question flow: home, one question per page, check answers, outcome, start again."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import lazy_gettext, lazy_pgettext
from markupsafe import Markup, escape
from werkzeug.wrappers import Response as BaseResponse

from . import engine, frames
from .forms import REQUIRED, posted_answer
from .i18n import DEFAULT, best_match, context, language_or_none, tr
from .jurisdictions import Jurisdictions
from .memo import remember
from .presenters import blocks_html
from .reviews import Signoffs
from .state import State
from .tree import Node, Tree

bp = Blueprint("walk", __name__, url_prefix="/<lang:lang>")
site = Blueprint("site", __name__)

ANSWERS = "a"  # session key: {tree id: {node id: value}}


@dataclass(frozen=True)
class Content:
    trees: t.Mapping[str, Tree]
    data: Jurisdictions
    signoffs: Signoffs


def wiped(response: BaseResponse, cookies: bool = True) -> BaseResponse:
    """Ask the browser to drop what it kept of this site too: a copied page in its cache, and
    (unless a new cookie is being set) every cookie."""
    response.headers["Clear-Site-Data"] = '"cookies", "cache"' if cookies else '"cache"'
    return response


def content() -> Content:
    return t.cast(Content, current_app.extensions["questionnaire"])


@bp.url_value_preprocessor
def pull_language(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
    lang = language_or_none((values or {}).pop("lang", None))
    if lang is None:
        abort(404)
    g.lang = lang


@bp.url_defaults
def add_language(endpoint: str, values: dict[str, t.Any]) -> None:
    values.setdefault("lang", getattr(g, "lang", DEFAULT))


def get_tree(tree_id: str) -> Tree:
    tree = content().trees.get(tree_id)
    if tree is None:
        abort(404)
    return tree


def stored_answers(tree: Tree) -> dict[str, str]:
    walks = session.get(ANSWERS)
    answers = walks.get(tree.id) if isinstance(walks, dict) else None
    if not isinstance(answers, dict):
        return {}
    return {k: v for k, v in answers.items() if isinstance(k, str) and isinstance(v, str)}


def store_answers(tree: Tree, answers: dict[str, str]) -> None:
    walks = session.get(ANSWERS)
    walks = dict(walks) if isinstance(walks, dict) else {}
    walks[tree.id] = answers
    session[ANSWERS] = walks


def position(tree: Tree) -> engine.Position:
    return engine.replay(tree, stored_answers(tree), content().data)


def walk_path(*parts: str) -> str:
    """The address of a page of the walk in this page's language, e.g. ("local_police", "q", "state").

    Every part is a tree or node id, a state code or a county FIPS code: the schema and the data
    allow only letters, digits and underscores, so nothing needs quoting. Building the address
    here costs a tenth of url_for, which showed in the time of every page.
    """
    return "/".join((request.script_root, g.lang, *parts))


def page_url(tree: Tree, pos: engine.Position) -> str:
    if pos.finished:
        return url_for(".check", tree_id=tree.id)
    return url_for(".question", tree_id=tree.id, node_id=pos.node.id)


def state_problem() -> BaseResponse | None:
    """Explain a tampered, foreign or expired state instead of silently starting over."""
    problem = t.cast(State, session).problem
    if problem is None:
        return None
    body = frames.render_page("state_problem.html", problem=problem)
    return Response(body, status=400)


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

    return remember("choices", (g.lang, tree.id, node.id), compute)


def translated_choices(tree: Tree, node: Node, answers: t.Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """The node's choices with labels in the page's language."""
    return _choice_table(tree, node).get(answers.get(node.of) if node.of else None, ())


def options_html(tree: Tree, node: Node, answers: t.Mapping[str, str], selected: str | None) -> Markup:
    """The <option> elements of a long list, rendered once per language and reused.

    Rendered for every state at once, so that what is kept never shows which state was asked.
    """
    lists = remember(
        "options",
        (g.lang, tree.id, node.id),
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
    session.clear()
    return wiped(redirect(current_app.config["EXIT_URL"]))


@bp.get("/")
def home() -> str:
    """The list of questionnaires, urgent first."""
    return frames.render_page(
        "home.html", key=(g.lang, session.get("desk") is True), trees=list(content().trees.values())
    )


@bp.get("/<tree_id>/")
def start(tree_id: str) -> BaseResponse:
    """Open a questionnaire where the person left it, or at its first page."""
    tree = get_tree(tree_id)
    return state_problem() or redirect(page_url(tree, position(tree)))


@bp.route("/<tree_id>/q/<node_id>", methods=["GET", "POST"])
def question(tree_id: str, node_id: str) -> BaseResponse | str:
    """One question or information page; POST records the answer, then redirects."""
    return question_page(tree_id, node_id, posted=request.method == "POST")


def question_page(
    tree_id: str, node_id: str, posted: bool = False, expired_form: bool = False
) -> BaseResponse:
    """Render (or, when posted, take the answer of) a question; expired_form re-shows it after a stale POST."""
    tree = get_tree(tree_id)
    node = tree.nodes.get(node_id)
    if node is None or node.is_outcome:
        abort(404)
    problem = state_problem()
    if problem:
        return problem
    pos = position(tree)
    if not pos.on_path(node_id):
        return redirect(page_url(tree, pos))
    answers = pos.answers
    choices = translated_choices(tree, node, answers)
    error = None
    failed = posted or expired_form
    if posted:
        value = engine.SEEN if node.kind == "info" else posted_answer(node, choices, request.form)
        if value is not None:
            new = engine.answer(tree, answers, node_id, value, content().data)
            store_answers(tree, new.answers)
            return redirect(page_url(tree, new))
        # Whatever came, the question is shown again with nothing chosen and one plain message.
        error = (tr(node.error) if node.error else str(REQUIRED)) if node.is_question else None
        selected = None
    else:
        selected = answers.get(node_id)
    previous = pos.previous(node_id)
    back = walk_path(tree.id, "q", previous) if previous else walk_path("")
    step = [s.node.id for s in pos.steps].index(node_id) + 1 if node_id in answers else len(pos.steps) + 1
    _, total = engine.progress(tree, pos)
    desk = session.get("desk") is True
    slots: dict[str, frames.Value] = {
        "back": back,
        "step": str(step),
        "total": str(max(total, step)),
        "body": lambda: blocks_html(tree, node, "body", answers),
        "rows": lambda: Markup(render_template("_answers_so_far.html", rows=answer_rows(tree, pos))),
    }
    if node.kind == "select":
        slots["options"] = lambda: options_html(tree, node, answers, selected)
    else:
        slots.update((f"checked:{v}", " checked" if v == selected else "") for v, _ in choices)
    # A page with an error is rare, so it is rendered whole and not kept.
    body = frames.render_page(
        "question.html",
        key=None if failed else (g.lang, tree.id, node.id, desk),
        slots=slots,
        tree=tree,
        node=node,
        choices=choices if node.kind != "select" else (),
        error=error,
        expired_form=expired_form,
    )
    return Response(body, status=400 if failed else 200)


def answer_rows(tree: Tree, pos: engine.Position) -> list[tuple[Node, str]]:
    """Each question answered on the path, with the answer as the person saw it."""
    rows = []
    for step in pos.steps:
        if step.node.is_question:
            labels = dict(translated_choices(tree, step.node, pos.answers))
            rows.append((step.node, labels.get(step.value, step.value)))
    return rows


def finished_walk(tree_id: str) -> tuple[Tree, engine.Position, BaseResponse | None]:
    """The tree and where the walk stands; with a response to send instead unless it reached an outcome."""
    tree = get_tree(tree_id)
    pos = position(tree)
    problem = state_problem()
    if problem is None and not pos.finished:
        problem = redirect(page_url(tree, pos))
    return tree, pos, problem


@bp.get("/<tree_id>/check")
def check(tree_id: str) -> BaseResponse | str:
    """Every answer on the path, each with a Change link, before the outcome."""
    tree, pos, instead = finished_walk(tree_id)
    return instead or frames.render_page("check.html", tree=tree, rows=answer_rows(tree, pos))


@bp.get("/<tree_id>/result")
def result(tree_id: str) -> BaseResponse | str:
    """The outcome the answers lead to."""
    tree, pos, instead = finished_walk(tree_id)
    if instead:
        return instead
    return outcome_page(tree, pos.node, pos.answers)


def outcome_page(tree: Tree, node: Node, answers: t.Mapping[str, str], public: bool = False) -> str:
    """An outcome: its frame is kept per language, its blocks chosen by the answers each time."""
    from .share import explain_url

    return frames.render_page(
        "outcome.html",
        key=(g.lang, tree.id, node.id, public, session.get("desk") is True),
        slots={
            "blocks": lambda: blocks_html(tree, node, "blocks", answers),
            "explain": lambda: explain_url(tree, node, answers),
        },
        tree=tree,
        node=node,
        public=public,
    )


@bp.post("/<tree_id>/restart")
def restart(tree_id: str) -> BaseResponse:
    """Start again: forget every answer, in every questionnaire."""
    tree = get_tree(tree_id)
    session.clear()
    return wiped(redirect(url_for(".start", tree_id=tree.id)))
