"""Forms for sharing power and celebrating: a decision (and its edit), dissent, a reflection, and what changed
because of the project. The services make the changes. Messages follow the NHS.UK style: say what to do, not what
went wrong."""

from __future__ import annotations

from django import forms

from coqi.core.forms import Form
from coqi.projects.choices import (
    REFLECTION_QUESTIONS,
    RUNG_DESCRIPTIONS,
    DecisionMethod,
    ReflectionPrompt,
    Rung,
)
from coqi.projects.forms.fields import Versioned, VersionedForm, date_field


class WhatChangedForm(VersionedForm):
    what_changed = forms.CharField(
        label="What has changed because of the project?",
        widget=forms.Textarea,
        help_text="For the people who use the service, their carers and the staff. In the team's own words.",
        error_messages={"required": "Say what has changed because of the project"},
    )


class DecisionForm(Form):
    question = forms.CharField(
        label="What was being decided?",
        max_length=300,
        error_messages={"required": "Enter the question that was decided"},
    )
    options = forms.CharField(
        label="Options considered",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One option on each line.",
        error_messages={"required": "List the options that were considered"},
    )
    method = forms.ChoiceField(
        label="How was it decided?",
        choices=DecisionMethod.choices,
        error_messages={"required": "Choose how the decision was made"},
    )
    rung = forms.ChoiceField(
        label="Where did the decision sit on the ladder of co-production?",
        choices=Rung.choices,
        error_messages={"required": "Choose where the decision sat on the ladder of co-production"},
    )
    decided_on = date_field("Date of the decision", "Enter the date of the decision")
    present = forms.TypedMultipleChoiceField(label="Who from the team was in the room?", coerce=int, required=False)
    others_present = forms.CharField(
        label="Anyone else in the room (optional)",
        required=False,
        max_length=300,
        help_text="By group, for example: '2 ward nurses, 1 volunteer'.",
    )
    outcome = forms.CharField(
        label="What was decided?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what was decided"},
    )
    dissent_name = forms.CharField(
        label="Name of anyone who disagreed (optional)",
        required=False,
        max_length=200,
        help_text="Or 'Anonymous' if they prefer.",
    )
    dissent_words = forms.CharField(
        label="Their disagreement, in their own words (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Write down exactly what they said; do not summarise it.",
    )

    rung_descriptions = RUNG_DESCRIPTIONS

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(m.pk, f"{m.person.name} ({m.get_role_display().lower()})") for m in team]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("dissent_name") and not cleaned.get("dissent_words"):
            self.add_error("dissent_words", "Write their disagreement in their own words, or leave their name empty")
        return cleaned


class DissentForm(Form):
    name = forms.CharField(
        label="Your name as you want it shown", max_length=200, required=False, help_text="Or 'Anonymous'."
    )
    in_their_words = forms.CharField(
        label="Your disagreement, in your own words",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write your disagreement in your own words"},
    )


class ReflectionForm(Form):
    prompt = forms.ChoiceField(
        label="What are you reflecting on?",
        choices=ReflectionPrompt.choices,
        error_messages={"required": "Choose what you are reflecting on"},
    )
    text = forms.CharField(
        label="Your reflection",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write your reflection"},
    )

    prompt_questions = REFLECTION_QUESTIONS


class DecisionEditForm(DecisionForm, Versioned):
    """Dissent is not edited here: it is recorded in the dissenter's own words, on the decision's page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["dissent_name"], self.fields["dissent_words"]
