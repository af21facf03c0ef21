"""Forms for questions and prioritising together: a question, opening a dot vote or ranking, and a vote. The services
make the changes. Messages follow the NHS.UK style: say what to do, not what went wrong."""

from __future__ import annotations

from django import forms

from coqi.core.forms import Form
from coqi.projects.choices import (
    VotingMethod,
)


class QuestionForm(Form):
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


class OpenPrioritisationForm(Form):
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


class VoteForm(Form):
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
