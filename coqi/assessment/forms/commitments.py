from django import forms

from coqi.assessment.models.commitments import Level, Status
from coqi.core.forms import Form


class CommitmentForm(Form):
    level = forms.ChoiceField(label="This commitment is", choices=Level.choices)
    text = forms.CharField(
        label="What will be done",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Say what, and how you will know it has happened.",
    )
    owner = forms.TypedChoiceField(label="Who owns it", coerce=int, choices=())
    review_on = forms.DateField(label="Review date", help_text="When to look at it again, for example in three months.")
    round = forms.IntegerField(required=False, widget=forms.HiddenInput)
    section = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [(m.user_id, m.user.display_name or m.user.email) for m in members]


class CheckInForm(Form):
    note = forms.CharField(label="What has happened", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label="Status now", choices=Status.choices)
    next_review_on = forms.DateField(label="Next review date (optional)", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class CommitmentEditForm(Form):
    level = forms.ChoiceField(label="This commitment is", choices=Level.choices)
    text = forms.CharField(label="What will be done", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    owner = forms.TypedChoiceField(label="Who owns it", coerce=int, choices=())
    review_on = forms.DateField(label="Review date")
    status = forms.ChoiceField(label="Status", choices=Status.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [(m.user_id, m.user.display_name or m.user.email) for m in members]

    @staticmethod
    def initial_from(commitment) -> dict:
        return {
            "level": commitment.level,
            "text": commitment.text,
            "owner": commitment.owner_id,
            "review_on": commitment.review_on,
            "status": commitment.status,
            "version": commitment.version,
        }
