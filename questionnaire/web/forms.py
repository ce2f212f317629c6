"""WTForms forms that check a posted answer: one form class per kind of question, built once."""

from __future__ import annotations

import typing as t

from flask_babel import lazy_gettext as _l
from wtforms import Field, Form, RadioField, SelectField
from wtforms.validators import InputRequired, StopValidation

from ..content.tree import Node


class OfferedChoice:
    """Accept only a value the question offers now (choices are set per request)."""

    def __init__(self, message: str | t.Any) -> None:
        self.message = message

    def __call__(self, form: Form, field: Field) -> None:
        if field.data not in {value for value, _ in field.choices}:
            raise StopValidation(self.message)


REQUIRED = _l("Choose one of the answers.")


class RadioForm(Form):  # type: ignore[misc]  # WTForms ships no types
    answer = RadioField(
        label="", validators=[InputRequired(REQUIRED), OfferedChoice(REQUIRED)], validate_choice=False
    )


class SelectForm(Form):  # type: ignore[misc]  # WTForms ships no types
    answer = SelectField(
        label="", validators=[InputRequired(REQUIRED), OfferedChoice(REQUIRED)], validate_choice=False
    )


def posted_answer(node: Node, choices: t.Sequence[tuple[str, str]], formdata: t.Any) -> str | None:
    """The answer a form posted, if it is one the question offers now; None if not.

    The form token was already checked for every POST (see csrf.py); pages are rendered from
    templates, so a form object is built only to check what was sent.
    """
    form_class = SelectForm if node.kind == "select" else RadioForm
    form = form_class(formdata)
    form.answer.choices = list(choices)
    return t.cast(str, form.answer.data) if form.validate() else None
