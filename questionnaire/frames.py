"""Whole pages rendered once per language and address, with slots filled in for each request.

Rendering a page with Jinja costs about a millisecond, and most of a page depends only on the
language and the question or outcome shown. A frame is a page rendered with markers where the
per-request parts go (the form token, the back link, the step number, the answer already chosen,
blocks shown only for some answers); filling it is a join. Frames are remembered by language and
page (never by an answer), so nothing a person answered shapes what the server keeps.
"""

from __future__ import annotations

import typing as t

from flask import render_template
from markupsafe import Markup, escape

from .csrf import form_token
from .memo import remember

# A private-use character: no template, translation or data file has a reason to contain it.
MARK = "\ue000"

Value = str | t.Callable[[], str]


def slot(name: str) -> Markup:
    """Where a template leaves room for a value filled in per request."""
    return Markup(f"{MARK}{name}{MARK}")


class Frame:
    """A rendered page split into literal text (even positions) and slot names (odd positions)."""

    __slots__ = ("parts",)

    def __init__(self, html: str) -> None:
        parts = html.split(MARK)
        if len(parts) % 2 == 0:
            raise ValueError("a slot marker is not closed")
        self.parts = tuple(parts)

    @property
    def slots(self) -> frozenset[str]:
        return frozenset(self.parts[1::2])

    def fill(self, values: t.Mapping[str, Value]) -> str:
        """The page with each slot replaced by its value, escaped unless it is already markup."""
        parts = list(self.parts)
        for i in range(1, len(parts), 2):
            value = values[parts[i]]  # a KeyError here is a template naming a slot no page fills
            parts[i] = escape(value() if callable(value) else value)
        return "".join(parts)


def render_page(
    template: str,
    key: t.Hashable | None = None,
    slots: t.Mapping[str, Value] | None = None,
    **context: t.Any,
) -> str:
    """Render a full page; with a key, its frame is rendered once and only the slots each time.

    The key must name everything the frame depends on other than the slots: the language, the
    page, and modes such as desk mode. The form token is a slot on every page, made only when the
    page has a form, so a page without one never starts a session.
    """

    def frame() -> Frame:
        return Frame(render_template(template, **context))

    page = remember("frames", (template, key), frame) if key is not None else frame()
    return page.fill({"csrf": form_token, **(slots or {})})
