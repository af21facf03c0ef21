"""What the project forms share: the date field with its hint, and the version an edit started from (optional on the
project's own edits, required on the evidence and decision edits) for the conflict check."""

from __future__ import annotations

from django import forms

from coqi.core.forms import Form

DATE_HINT = "For example, 2026-03-27. Your browser may show a calendar."


def date_field(label: str, required_message: str, hint: str = DATE_HINT, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=hint,
        error_messages={"required": required_message, "invalid": "Enter a real date, like 2026-03-27"},
        **kwargs,
    )


class VersionedForm(Form):
    """Carries the version the person started editing from, for the conflict check."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class Versioned(Form):
    """The version the edit page was loaded with, which every edit of evidence or a decision must carry."""

    version = forms.IntegerField(widget=forms.HiddenInput)
