"""Whole pages rendered once per language and page, with slots filled in for each request.

Rendering a page with Jinja costs about a millisecond, and most of a page depends only on the
language and the question or outcome shown. A frame is a page rendered with markers where the
per-request parts go (the form token, the back link, the step number, the answer already chosen,
blocks shown only for some answers); filling it is a join. Frames are remembered by language and
page (never by an answer), so nothing a person answered shapes what the server keeps.

That is enforced, not only promised: a part that is kept is rendered where the session and the
request stand in for objects that raise on any use (`KeptPageError`), so a template that reads
`session` or `request.form` fails at once instead of serving one person's answers to the next.
"""

from __future__ import annotations

import typing as t
from contextlib import contextmanager

from flask import render_template
from flask.globals import request_ctx
from markupsafe import Markup, escape

from .. import current
from ..privacy.csrf import form_token
from .memo import remember

# A private-use character: no template, translation or data file has a reason to contain it.
MARK = "\ue000"

Value = str | t.Callable[[], str]


class KeptPageError(RuntimeError):
    """A part of a page kept for everyone tried to read one person's session or request."""


class _Unreadable:
    """Stands in for the session or the request while a kept part renders: any use raises.

    A request may still say which blueprint and endpoint answer it and the root the site is
    mounted at, as Flask and url_for need; those are the same for everyone who sees the page.
    """

    def __init__(self, what: str, allowed: t.Mapping[str, t.Any]) -> None:
        self._what = what
        self._allowed = allowed

    def __getattr__(self, name: str) -> t.Any:
        if name in self._allowed:
            return self._allowed[name]
        raise KeptPageError(f"a page kept for everyone read {self._what}.{name}")

    def _refuse(self, *args: t.Any) -> t.NoReturn:
        raise KeptPageError(f"a page kept for everyone read the {self._what}")

    __getitem__ = __contains__ = __iter__ = __len__ = _refuse

    def __bool__(self) -> bool:
        if self._what == "request":
            return True  # that there is a request says nothing about the person (Flask asks)
        self._refuse()


@contextmanager
def _sealed() -> t.Iterator[None]:
    """Render inside: the person's session and request cannot be read."""
    ctx = request_ctx._get_current_object()  # type: ignore[attr-defined]
    # Flask 3.1 keeps the session behind a property (it marks it accessed), earlier ones directly.
    field = "_session" if hasattr(ctx, "_session") else "session"
    saved_request, saved_session = ctx.request, getattr(ctx, field)
    if isinstance(saved_session, _Unreadable):
        yield  # already inside a kept part
        return
    allowed = {
        name: getattr(saved_request, name) for name in ("blueprint", "blueprints", "endpoint", "script_root")
    }
    try:
        ctx.request = _Unreadable("request", allowed)
        setattr(ctx, field, _Unreadable("session", {}))
        yield
    finally:
        ctx.request = saved_request
        setattr(ctx, field, saved_session)


def render_kept(template: str, **context: t.Any) -> str:
    """Render a template that will be kept and reused for everyone who asks for the same page."""
    app = current.app()
    with _sealed():
        app.update_template_context(context)
        return str(app.jinja_env.get_or_select_template(template).render(context))


def here() -> str:
    """This page's address after its language segment (what the language links keep)."""
    return current.request().path[len(current.g().get("lang", "")) + 2 :]


def slot(name: str) -> Markup:
    """Where a template leaves room for a value filled in per request."""
    return Markup(f"{MARK}{name}{MARK}")


class Frame:
    """A rendered page split into literal text (even positions) and slot names (odd positions).

    The literal text is kept as UTF-8, the bytes a response sends: every page names its languages
    in their own scripts, so the whole page is wide text that cost 31 µs to encode on each request
    (an outcome page, 2026-12-05), where encoding only the slots costs a few.
    """

    __slots__ = ("parts",)

    def __init__(self, html: str) -> None:
        parts = html.split(MARK)
        if len(parts) % 2 == 0:
            raise ValueError("a slot marker is not closed")
        self.parts: tuple[bytes | str, ...] = tuple(p if i % 2 else p.encode() for i, p in enumerate(parts))

    @property
    def slots(self) -> frozenset[str]:
        return frozenset(t.cast(tuple[str, ...], self.parts[1::2]))

    def fill(self, values: t.Mapping[str, Value]) -> bytes:
        """The page, as UTF-8, with each slot replaced by its value, escaped unless it is already markup.

        A slot named more than once (the address in ten language links, the token in two forms)
        is worked out once per page.
        """
        parts = list(self.parts)
        done: dict[str, bytes] = {}
        for i in range(1, len(parts), 2):
            name = t.cast(str, parts[i])
            if name not in done:
                value = values[name]  # a KeyError here is a template naming a slot no page fills
                done[name] = escape(value() if callable(value) else value).encode()
            parts[i] = done[name]
        return b"".join(t.cast(list[bytes], parts))


def render_page(
    template: str,
    key: t.Hashable | None = None,
    slots: t.Mapping[str, Value] | None = None,
    **context: t.Any,
) -> bytes:
    """Render a full page, as UTF-8; with a key, its frame is rendered once and only the slots each time.

    The key must name everything the frame depends on other than the slots: the language, the
    page, and modes such as desk mode. The form token is a slot on every page, made only when the
    page has a form, so a page without one never starts a session. Features add slots of their own
    that any page may hold (the partner in the footer) to the app's "page_slots"; like every slot,
    each is worked out only when the page holds it.
    """

    if key is None:
        page = Frame(render_template(template, **context))
    else:
        page = remember("frames", (template, key), lambda: Frame(render_kept(template, **context)))
    every_page = current.app().extensions.get("page_slots", {})  # slots of the parts around every page
    return page.fill({"csrf": form_token, "here": here, **every_page, **(slots or {})})
