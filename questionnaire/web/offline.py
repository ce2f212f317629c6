"""The urgent pages a phone may keep for use with no signal, and the service worker that keeps them.

Only pages that are the same for everyone are kept, and only when the person taps "Keep on this
phone": the worker asks for them itself, without the cookie, so a page that shows answers is
never stored (docs/decisions/009-urgent-pages-offline.md).
"""

from __future__ import annotations

import hashlib
import json

from flask import Blueprint, Response, current_app, g, request

from ..content import engine
from ..i18n import LANGUAGES
from ..privacy.sealed import seal
from ..rendering import frames
from ..rendering.memo import remember
from ..rendering.presenters import blocks_html
from . import localized
from .walk import content

bp = localized("offline", __name__)
site = Blueprint("offline_site", __name__)

URGENT_TREE = "ice_at_door"  # "Police or ICE are at my door": its first page is kept without answers
# The one list of pages a phone keeps, each after its language (/<lang>/...), first the page shown
# when an address that was not kept is opened with no signal. Each is the same for everyone who
# asks in that language. The answer-free explanations of the urgent questionnaire's outcomes
# (/<lang>/e/...) are added to it per app, since their addresses are sealed with its key.
KEPT = (
    "urgent",  # the first urgent page without answers (below)
    "show",  # the page to show an officer
    "card",  # the wallet card
    "cards",  # the sheet of cards to print
)


def kept_pages() -> tuple[str, ...]:
    """Every page a phone keeps, after the language: KEPT, then the urgent explanations."""

    def compute() -> tuple[str, ...]:
        tree = content().trees[URGENT_TREE]
        explanations = [
            "e/" + seal(current_app, (tree.id, node.id)) for node in tree.nodes.values() if node.is_outcome
        ]
        return (*KEPT, *explanations)

    return remember("offline", "pages", compute)


@bp.get("/urgent")
def urgent() -> bytes:
    """The first urgent page as everyone sees it before answering: no form, no token, no answer.

    Its Continue is the questionnaire's own entry link, which opens the walk.
    """
    tree = content().trees[URGENT_TREE]
    node = tree.node(tree.start)
    g.desk = False  # the same page for everyone, at a desk or not
    _, total = engine.progress(tree, engine.replay(tree, {}, content().data))
    return frames.render_page(
        "question.html",
        key=(g.lang, tree.id, node.id, "kept copy"),
        slots={"step": "1", "total": str(total), "body": lambda: blocks_html(tree, node, "body", {})},
        tree=tree,
        node=node,
        choices=(),
        error=None,
        expired_form=False,
        kept_copy=True,
    )


@site.get("/sw.js")
def worker() -> Response:
    """The service worker, at a stable address at the site's root so that it may serve every page."""

    def compute() -> str:
        setup = {
            "root": request.script_root,
            "languages": list(LANGUAGES),
            "pages": list(kept_pages()),
        }
        setup["version"] = hashlib.sha256(json.dumps(setup).encode()).hexdigest()[:12]
        return frames.render_kept("worker.js", setup=setup)

    script = remember("offline", ("worker", request.script_root), compute)
    return Response(script, mimetype="text/javascript")
