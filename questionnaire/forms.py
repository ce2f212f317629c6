"""WTForms forms for question pages: one form class per node kind, built once."""

from __future__ import annotations

import typing as t

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, Form, RadioField, SelectField
from wtforms.validators import InputRequired, StopValidation

from .tree import Node


class OfferedChoice:
    """Accept only a value the question offers now (choices are set per request)."""

    def __init__(self, message: str | t.Any) -> None:
        self.message = message

    def __call__(self, form: Form, field: Field) -> None:
        if field.data not in {value for value, _ in field.choices}:  # type: ignore[attr-defined]
            raise StopValidation(self.message)


REQUIRED = _l("Choose one of the answers.")


class RadioForm(FlaskForm):
    answer = RadioField(
        label="", validators=[InputRequired(REQUIRED), OfferedChoice(REQUIRED)], validate_choice=False
    )


class SelectForm(FlaskForm):
    answer = SelectField(
        label="", validators=[InputRequired(REQUIRED), OfferedChoice(REQUIRED)], validate_choice=False
    )


class ContinueForm(FlaskForm):
    """An information page: nothing to answer, but the POST is still protected."""


def form_for(
    node: Node, choices: list[tuple[str, str]], data: t.Mapping[str, str] | None = None
) -> FlaskForm:
    """A form for this node, with the choices (already translated) it offers now."""
    if node.kind == "info":
        return ContinueForm()
    form_class = SelectForm if node.kind == "select" else RadioForm
    # On GET, show the answer already given; on POST, WTForms reads the request body.
    form: FlaskForm = form_class(data=data)
    form.answer.choices = choices  # type: ignore[attr-defined]
    return form
