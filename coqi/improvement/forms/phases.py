"""Forms for reading a chart: a new phase (a team decision), a period left out, a note on a period."""

from __future__ import annotations

from datetime import date

from django import forms

from coqi.core.forms import Form
from coqi.projects.forms.decisions import DecisionForm


def _period_field(label: str, periods: list[date], help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "Choose a period")] + [(p.isoformat(), f"{p:%B %Y}") for p in periods],
        coerce=date.fromisoformat,
        help_text=help_text,
        error_messages={"required": "Choose a period", "invalid_choice": "Choose a period that has data on this chart"},
    )


class PhaseForm(DecisionForm):
    """The decision form without its question, options and outcome (the phase writes those), plus the phase."""

    field_order = ["starts_on", "baseline_points", "reason", "evidence"]

    def __init__(self, *args, periods: list[date], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("question", "options", "outcome"):
            del self.fields[name]
        self.fields["starts_on"] = _period_field(
            "First period of the new phase", periods, "The new centre line and limits start here."
        )
        self.fields["baseline_points"] = forms.IntegerField(
            label="Freeze the limits on the phase's first few points (optional)",
            required=False,
            min_value=1,
            max_value=500,
            help_text="For example 12: later points are then judged against this baseline. Leave empty to use "
            "every point of the phase.",
            error_messages={"invalid": "Enter a whole number of points, like 12", "min_value": "Enter 1 or more"},
        )
        self.fields["reason"] = forms.CharField(
            label="Why redraw the limits?",
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="The change that was adopted, for example 'the new falls bundle went live on every bay'.",
            error_messages={"required": "Say why the limits should be redrawn"},
        )
        self.fields["evidence"] = forms.CharField(
            label="Evidence (optional)",
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
            help_text="What shows the change was made and has held: PDSA cycles, audits, stories.",
        )
        self.order_fields(["starts_on", "baseline_points", "reason", "evidence"])


class ExcludeForm(Form):
    def __init__(self, *args, periods: list[date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"] = _period_field("Period to leave out", periods)
        self.fields["reason"] = forms.CharField(
            label="Why is it left out?",
            max_length=300,
            help_text="For example 'half the incident reports were missing this month'.",
            error_messages={"required": "Say why this period is left out"},
        )


class NoteForm(Form):
    def __init__(self, *args, periods: list[date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"] = _period_field("Period", periods)
        self.fields["text"] = forms.CharField(
            label="Note",
            max_length=120,
            help_text="For example 'new triage nurse started'. Up to 120 characters.",
            error_messages={"required": "Enter the note"},
        )
