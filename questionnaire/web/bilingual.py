"""The bilingual desk: in desk mode, a page's words in English beside the person's language.

The person answers one form, in their own language; the English column repeats the page's words as
text for the advocate. Its fixed part is kept like the rest of the page (it holds no answer); what
answers choose (the blocks of an outcome, the rows of the check page) comes per request.
"""

from __future__ import annotations

import re
import typing as t
from contextlib import contextmanager

from flask_babel import force_locale
from markupsafe import Markup

from .. import current
from ..i18n import DEFAULT

# A copy must not repeat the page's ids (nor point at them): the person's column has them.
_ID_ATTRIBUTES = re.compile(r'\s(?:id|for|headers|aria-labelledby|aria-describedby|aria-controls)="[^"]*"')


@contextmanager
def in_language(code: str) -> t.Iterator[None]:
    """Render part of a page in another language (the English half of the summary and the desk)."""
    here = current.g()
    saved = here.lang
    here.lang = code
    here.pop("_catalog", None)
    try:
        with force_locale(code):
            yield
    finally:
        here.lang = saved
        here.pop("_catalog", None)


def wanted() -> bool:
    """Whether this page shows an English column: desk mode, in a language other than English."""
    here = current.g()
    return bool(here.get("desk")) and here.get("lang") != DEFAULT


def in_english(render: t.Callable[[], str]) -> Markup:
    """What render makes, in English, without ids (a copy beside the page, not a second page)."""
    with in_language(DEFAULT):
        return Markup(_ID_ATTRIBUTES.sub("", str(render())))


def column(render: t.Callable[[], str]) -> t.Callable[[], Markup] | None:
    """The English column for a template to place, made only when the page is rendered; or None."""
    return (lambda: in_english(render)) if wanted() else None
