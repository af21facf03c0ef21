"""The activity form: what was held, when, for how long, on which rung, and who attended. The services make the
changes. Messages follow the NHS.UK style: say what to do, not what went wrong."""

from __future__ import annotations

from django import forms

from coqi.projects.choices import (
    RUNG_DESCRIPTIONS,
    ActivityKind,
    Rung,
)
from coqi.projects.forms.fields import DATE_HINT, VersionedForm, date_field


class ActivityForm(VersionedForm):
    kind = forms.ChoiceField(
        label="Kind of activity",
        choices=ActivityKind.choices,
        error_messages={"required": "Choose the kind of activity"},
    )
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title for the activity"}
    )
    held_on = date_field(
        "Date",
        "Enter the date of the activity",
        hint=f"{DATE_HINT} A later date plans it ahead: record who came once it has happened.",
    )
    hours = forms.DecimalField(
        label="How long was it, in hours?",
        min_value=0,
        max_value=24,
        decimal_places=2,
        help_text="For example, 1.5 for an hour and a half.",
        error_messages={
            "required": "Enter how long the activity was, in hours",
            "invalid": "Enter hours as a number, like 1.5",
            "min_value": "Hours must be 0 or more",
            "max_value": "Hours must be 24 or fewer",
            "max_decimal_places": "Enter hours with up to 2 decimal places",
        },
    )
    rung = forms.ChoiceField(
        label="Where did it sit on the ladder of co-production?",
        choices=Rung.choices,
        help_text="Be honest: this helps the team see how power is shared over time.",
        error_messages={"required": "Choose where the activity sat on the ladder of co-production"},
    )
    attendees = forms.TypedMultipleChoiceField(
        label="Who was there?", coerce=int, required=False, help_text="Tick everyone who took part."
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    rung_descriptions = RUNG_DESCRIPTIONS

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = [(person.pk, label) for person, label in people]
