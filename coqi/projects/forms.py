"""Forms validate and clean what people type; the services make the changes. Messages follow the NHS.UK style:
say what to do, not what went wrong."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from coqi.projects.choices import (
    REFLECTION_QUESTIONS,
    RUNG_DESCRIPTIONS,
    STAGE_DESCRIPTIONS,
    TEAM_ROLE_HINTS,
    ActivityKind,
    DecisionMethod,
    Emotion,
    ReflectionPrompt,
    Rung,
    Stage,
    TeamRole,
    VotingMethod,
)

NOT_JOINING = "not_joining"
DATE_HINT = "For example, 2026-03-27. Your browser may show a calendar."


def _date_field(label: str, required_message: str, hint: str = DATE_HINT, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=hint,
        error_messages={"required": required_message, "invalid": "Enter a real date, like 2026-03-27"},
        **kwargs,
    )


class VersionedForm(forms.Form):
    """Carries the version the person started editing from, for the conflict check."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class ProjectForm(forms.Form):
    title = forms.CharField(
        label="Project title", max_length=200, error_messages={"required": "Enter a title for the project"}
    )
    description = forms.CharField(
        label="What is the project about?",
        required=False,
        widget=forms.Textarea,
        help_text="In plain English: who it is for and what might be better.",
    )
    your_role = forms.ChoiceField(
        label="Your role on the team",
        choices=TeamRole.choices + [(NOT_JOINING, "I am not joining the team")],
        help_text="Partners should be part of the project from the first conversation.",
        error_messages={"required": "Choose your role on the team, or that you are not joining it"},
    )
    your_role_description = forms.CharField(
        label="Describe your role on the team",
        required=False,
        max_length=500,
        help_text="A sentence or two, e.g. 'Brings people together and keeps notes'.",
    )

    role_hints = TEAM_ROLE_HINTS

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("your_role") == NOT_JOINING:
            cleaned["your_role"] = ""
        elif cleaned.get("your_role") and not cleaned.get("your_role_description"):
            self.add_error("your_role_description", "Describe your role on the team")
        return cleaned


class ProjectEditForm(VersionedForm):
    title = ProjectForm.base_fields["title"]
    description = ProjectForm.base_fields["description"]


class StageForm(VersionedForm):
    stage = forms.ChoiceField(
        label="Which stage is the project at?",
        choices=Stage.choices,
        error_messages={"required": "Choose a stage"},
    )

    descriptions = STAGE_DESCRIPTIONS


class WhatChangedForm(VersionedForm):
    what_changed = forms.CharField(
        label="What has changed because of the project?",
        widget=forms.Textarea,
        help_text="For the people who use the service, their carers and the staff. In the team's own words.",
        error_messages={"required": "Say what has changed because of the project"},
    )


def _role_fields():
    return {
        "role": forms.ChoiceField(
            label="Role on the team", choices=TeamRole.choices, error_messages={"required": "Choose a role on the team"}
        ),
        "role_description": forms.CharField(
            label="Role description",
            max_length=500,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="A sentence or two: what they bring and what they will do.",
            error_messages={"required": "Describe their role on the team"},
        ),
    }


class AddTeamMemberForm(forms.Form):
    person = forms.TypedChoiceField(
        label="Who is joining?", coerce=int, error_messages={"required": "Choose who is joining the team"}
    )
    role = _role_fields()["role"]
    role_description = _role_fields()["role_description"]
    joined_on = _date_field("Date they joined", "Enter the date they joined", initial=timezone.localdate)

    role_hints = TEAM_ROLE_HINTS

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Choose a person")] + [
            (m.user_id, f"{m.user.name} ({m.get_role_display().lower()})") for m in people
        ]


class InviteTeamMemberForm(forms.Form):
    email = forms.EmailField(
        label="Their e-mail address",
        error_messages={
            "required": "Enter the e-mail address of the person you are inviting",
            "invalid": "Enter an e-mail address in the correct format, like name@example.com",
        },
    )
    role = _role_fields()["role"]
    role_description = _role_fields()["role_description"]

    role_hints = TEAM_ROLE_HINTS


class TeamMemberForm(VersionedForm):
    role = _role_fields()["role"]
    role_description = _role_fields()["role_description"]
    joined_on = _date_field("Date they joined", "Enter the date they joined")

    role_hints = TEAM_ROLE_HINTS


class ActivityForm(VersionedForm):
    kind = forms.ChoiceField(
        label="Kind of activity",
        choices=ActivityKind.choices,
        error_messages={"required": "Choose the kind of activity"},
    )
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title for the activity"}
    )
    held_on = _date_field(
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


class StoryForm(forms.Form):
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
    consent_given_on = _date_field("When did they give consent?", "Enter the date consent was given")
    consent_confirmed = forms.BooleanField(
        label="I confirm the storyteller gave consent for this use, and knows they can withdraw it",
        error_messages={"required": "Confirm that the storyteller gave consent"},
    )


class FeedbackThemeForm(forms.Form):
    name = forms.CharField(label="Theme", max_length=200, error_messages={"required": "Enter the theme"})
    source_note = forms.CharField(
        label="Where does it come from? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: 'Friends and Family Test comments, ward 7, April to June'.",
    )


class AlwaysEventForm(forms.Form):
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


class TouchpointForm(forms.Form):
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


class QuestionForm(forms.Form):
    text = forms.CharField(
        label="Improvement question",
        max_length=300,
        help_text="For example: 'How might we make sure carers know the plan before someone goes home?'",
        error_messages={"required": "Enter the question"},
    )
    evidence_note = forms.CharField(
        label="What evidence does it come from? (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    stories = forms.TypedMultipleChoiceField(label="Stories", coerce=int, required=False)
    feedback_themes = forms.TypedMultipleChoiceField(label="Feedback themes", coerce=int, required=False)
    always_events = forms.TypedMultipleChoiceField(label="Always Events candidates", coerce=int, required=False)
    touchpoints = forms.TypedMultipleChoiceField(label="Touchpoints", coerce=int, required=False)

    def __init__(self, *args, evidence, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stories"].choices = [(s.pk, s.title) for s in evidence.stories]
        self.fields["feedback_themes"].choices = [(t.pk, t.name) for t in evidence.feedback_themes]
        self.fields["always_events"].choices = [(a.pk, a.statement) for a in evidence.always_events]
        self.fields["touchpoints"].choices = [(t.pk, t.journey_point) for t in evidence.touchpoints]


class OpenPrioritisationForm(forms.Form):
    method = forms.ChoiceField(
        label="How will the team prioritise?",
        choices=VotingMethod.choices,
        initial=VotingMethod.DOTS,
        error_messages={"required": "Choose how the team will prioritise"},
    )
    dots_per_person = forms.IntegerField(
        label="Dots for each person (dot voting only)",
        min_value=1,
        max_value=20,
        initial=3,
        error_messages={
            "invalid": "Enter a whole number, like 3",
            "min_value": "Give each person at least 1 dot",
            "max_value": "Give each person 20 dots or fewer",
            "required": "Enter how many dots each person has",
        },
    )


class VoteForm(forms.Form):
    """One number field per question: dots placed, or its rank."""

    def __init__(self, *args, questions, method: str, dots_per_person: int, current: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.method = method
        self.dots_per_person = dots_per_person
        count = len(questions)
        for question in questions:
            if method == VotingMethod.RANK:
                field = forms.TypedChoiceField(
                    label=question.text,
                    coerce=int,
                    choices=[("", "Choose a rank")] + [(n, str(n)) for n in range(1, count + 1)],
                    error_messages={"required": "Give every question a rank"},
                )
            else:
                field = forms.IntegerField(
                    label=question.text,
                    required=False,
                    min_value=0,
                    max_value=dots_per_person,
                    error_messages={
                        "invalid": "Enter a whole number of dots, like 1",
                        "min_value": "Dots cannot be fewer than 0",
                        "max_value": f"You have {dots_per_person} dots in total",
                    },
                )
            field.initial = current.get(question.pk, "" if method == VotingMethod.RANK else 0)
            self.fields[f"q{question.pk}"] = field

    def allocation(self) -> dict[int, int]:
        return {int(name[1:]): value or 0 for name, value in self.cleaned_data.items()}

    def clean(self):
        cleaned = super().clean()
        if self.method == VotingMethod.RANK:
            ranks = [v for v in cleaned.values() if v]
            if len(ranks) != len(set(ranks)):
                raise forms.ValidationError("Give each question a different rank")
        else:
            total = sum(v or 0 for v in cleaned.values())
            if total == 0 and not self.errors:
                raise forms.ValidationError("Place at least one dot")
            if total > self.dots_per_person:
                raise forms.ValidationError(f"You have {self.dots_per_person} dots; you placed {total}")
        return cleaned


class DecisionForm(forms.Form):
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
    decided_on = _date_field("Date of the decision", "Enter the date of the decision")
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


class DissentForm(forms.Form):
    name = forms.CharField(
        label="Your name as you want it shown", max_length=200, required=False, help_text="Or 'Anonymous'."
    )
    in_their_words = forms.CharField(
        label="Your disagreement, in your own words",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write your disagreement in your own words"},
    )


class ReflectionForm(forms.Form):
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


# --- editing evidence and decisions: the add forms plus the version the page was loaded with --------------


class _Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class FeedbackThemeEditForm(FeedbackThemeForm, _Versioned):
    pass


class AlwaysEventEditForm(AlwaysEventForm, _Versioned):
    pass


class TouchpointEditForm(TouchpointForm, _Versioned):
    pass


class DecisionEditForm(DecisionForm, _Versioned):
    """Dissent is not edited here: it is recorded in the dissenter's own words, on the decision's page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["dissent_name"], self.fields["dissent_words"]
