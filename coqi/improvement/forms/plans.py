"""Forms check what people type; the services make the changes."""

from django import forms

from coqi.core.forms import Form
from coqi.improvement.models import DriverNode, PdsaCycle

DATE_ERRORS = {"invalid": "Enter a real date, like 2026-03-31"}


class VersionedForm(Form):
    """Carries the version of the item the form was loaded with, so a later save can spot a clash."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AimForm(VersionedForm):
    what = forms.CharField(
        label="What will get better?",
        max_length=300,
        help_text="For example: fewer falls, discharge letters that make sense to carers",
        error_messages={"required": "Enter what will get better"},
    )
    for_whom = forms.CharField(
        label="For whom?",
        max_length=300,
        help_text="For example: older people on Ward 7",
        error_messages={"required": "Enter who it is for"},
    )
    how_much = forms.CharField(
        label="By how much?",
        max_length=200,
        help_text="For example: by a third, from 9 to 6 a month",
        error_messages={"required": "Enter by how much"},
    )
    by_when = forms.DateField(
        label="By when?", error_messages={"required": "Enter the date the aim should be met by", **DATE_ERRORS}
    )


KIND_HINTS = {
    DriverNode.Kind.PRIMARY: "A big area that must change for the aim to be met.",
    DriverNode.Kind.SECONDARY: "A more specific part of a primary driver.",
    DriverNode.Kind.CHANGE_IDEA: "Something concrete the team could try, and test in PDSA cycles.",
}


class DriverNodeForm(Form):
    kind = forms.ChoiceField(
        label="What are you adding?",
        choices=DriverNode.Kind.choices,
        error_messages={"required": "Choose what you are adding", "invalid_choice": "Choose what you are adding"},
    )
    text = forms.CharField(label="Wording", max_length=300, error_messages={"required": "Enter the wording"})

    kind_hints = KIND_HINTS

    def __init__(self, *args, allowed_kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed_kinds is not None:
            self.fields["kind"].choices = [(k, label) for k, label in DriverNode.Kind.choices if k in allowed_kinds]


class RenameForm(VersionedForm):
    text = forms.CharField(label="Wording", max_length=300, error_messages={"required": "Enter the wording"})


class PdsaPlanForm(Form):
    change_idea = forms.TypedChoiceField(
        label="Which change idea does this cycle test?",
        coerce=int,
        error_messages={"required": "Choose a change idea", "invalid_choice": "Choose a change idea from the list"},
    )
    title = forms.CharField(label="Short title", max_length=200, error_messages={"required": "Enter a short title"})
    plan = forms.CharField(
        label="Plan: what will you try, who, where and when?",
        widget=forms.Textarea,
        error_messages={"required": "Enter the plan"},
    )
    prediction = forms.CharField(
        label="Prediction: what do you think will happen?",
        widget=forms.Textarea,
        error_messages={"required": "Enter your prediction"},
        help_text="The study compares what happened with this.",
    )
    started_on = forms.DateField(
        label="Start date", error_messages={"required": "Enter the date the cycle starts", **DATE_ERRORS}
    )
    participants = forms.TypedMultipleChoiceField(
        label="Who from the team is taking part?",
        coerce=int,
        required=False,
        error_messages={"invalid_choice": "Choose people from the project team"},
    )

    def __init__(self, *args, change_ideas=(), team=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change_idea"].choices = [("", "Choose a change idea")] + [(c.pk, c.text) for c in change_ideas]
        self.fields["participants"].choices = [
            (m.pk, f"{m.person.name} ({m.get_role_display().lower()})") for m in team
        ]


class PdsaUpdateForm(PdsaPlanForm, VersionedForm):
    do_notes = forms.CharField(label="Do: what happened when you tried it?", widget=forms.Textarea, required=False)
    study_notes = forms.CharField(
        label="Study: what did you learn, compared with the prediction?", widget=forms.Textarea, required=False
    )
    act = forms.ChoiceField(
        label="Act: what next?",
        choices=[("", "Not decided yet"), *PdsaCycle.Act.choices],
        required=False,
        error_messages={"invalid_choice": "Choose adopt, adapt or abandon"},
    )
    act_notes = forms.CharField(label="Notes on the decision", widget=forms.Textarea, required=False)
    ended_on = forms.DateField(label="End date (if finished)", required=False, error_messages=DATE_ERRORS)


class NewParentForm(VersionedForm):
    """Where to move a driver diagram item, with everything under it."""

    parent = forms.TypedChoiceField(
        label="Move it under",
        coerce=int,
        choices=(),
        error_messages={"required": "Choose where to move it", "invalid_choice": "Choose where to move it"},
    )

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [(p.pk, f"{p.get_kind_display()}: {p.text}") for p in parents]
