"""Forms for what matters: a story with its consent, a feedback theme, an Always Events candidate, a touchpoint, and
their edit forms. The services make the changes. Messages follow the NHS.UK style: say what to do, not what went
wrong."""

from __future__ import annotations

from django import forms

from coqi.core.forms import Form
from coqi.projects.choices import (
    Emotion,
)
from coqi.projects.forms.fields import Versioned, date_field


class StoryForm(Form):
    title = forms.CharField(
        label="A short title", max_length=200, error_messages={"required": "Give the story a short title"}
    )
    text = forms.CharField(
        label="The story",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Names, phone numbers, NHS numbers and addresses are removed before the story is saved.",
        error_messages={"required": "Enter the story"},
    )
    told_by = forms.CharField(
        label="Who told it (optional)",
        required=False,
        max_length=200,
        help_text="Describe them rather than naming them, like 'a carer of someone with dementia'.",
    )
    consent_given_by = forms.CharField(
        label="Who gave consent?",
        max_length=200,
        help_text="The storyteller, or the person who can consent for them.",
        error_messages={"required": "Say who gave consent"},
    )
    consent_scope = forms.CharField(
        label="What did they agree the story can be used for?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: 'Shared within the project team and in anonymised reports to the board.'",
        error_messages={"required": "Say what they agreed the story may be used for"},
    )
    consent_given_on = date_field("When did they give consent?", "Enter the date consent was given")
    consent_confirmed = forms.BooleanField(
        label="I confirm the storyteller gave consent for this use, and knows they can withdraw it",
        error_messages={"required": "Confirm that the storyteller gave consent"},
    )


class FeedbackThemeForm(Form):
    name = forms.CharField(label="Theme", max_length=200, error_messages={"required": "Enter the theme"})
    source_note = forms.CharField(
        label="Where does it come from? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: 'Friends and Family Test comments, ward 7, April to June'.",
    )


class AlwaysEventForm(Form):
    statement = forms.CharField(
        label="What should always happen?",
        max_length=300,
        help_text="For every person, every time. For example: 'We always introduce ourselves by name'.",
        error_messages={"required": "Enter what should always happen"},
    )
    criteria = forms.MultipleChoiceField(
        label="Which of the four Always Events criteria does it meet?",
        required=False,
        choices=[
            ("important_to_patients", "Important to patients and families"),
            ("evidence_based", "Evidence-based: it is known to improve care"),
            ("measurable", "Measurable: we can tell whether it happens"),
            ("affordable_and_sustainable", "Affordable and sustainable"),
        ],
        help_text="A candidate becomes an Always Event when it meets all four.",
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TouchpointForm(Form):
    journey_point = forms.CharField(
        label="Point in the care journey",
        max_length=200,
        help_text="For example: 'Being told about discharge'.",
        error_messages={"required": "Enter the point in the care journey"},
    )
    position = forms.IntegerField(
        label="Where does it come in the journey?",
        min_value=1,
        max_value=999,
        initial=1,
        help_text="1 is the first step.",
        error_messages={
            "required": "Enter where this comes in the journey",
            "invalid": "Enter a whole number, like 3",
            "min_value": "Enter 1 or more",
            "max_value": "Enter 999 or fewer",
        },
    )
    emotion = forms.ChoiceField(
        label="How did it feel?", choices=Emotion.choices, error_messages={"required": "Choose how this moment felt"}
    )
    what_happened = forms.CharField(
        label="What happened? (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FeedbackThemeEditForm(FeedbackThemeForm, Versioned):
    pass


class AlwaysEventEditForm(AlwaysEventForm, Versioned):
    pass


class TouchpointEditForm(TouchpointForm, Versioned):
    pass
