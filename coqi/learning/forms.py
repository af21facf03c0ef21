from django import forms

from coqi.core.forms import Form
from coqi.learning.models import OpportunityKind, Topic


def _PeopleChoice(**kwargs) -> forms.TypedMultipleChoiceField:
    """Members to tick; a plain TypedMultipleChoiceField so the shared field macro draws checkboxes."""
    return forms.TypedMultipleChoiceField(coerce=int, choices=(), required=False, **kwargs)


def _member_choices(members) -> list[tuple[int, str]]:
    return [(m.user_id, f"{m.user.display_name or m.user.email} ({m.get_role_display().lower()})") for m in members]


class EventForm(Form):
    topic = forms.ChoiceField(label="What was it about?", choices=Topic.choices)
    title = forms.CharField(label="Title", max_length=200)
    held_on = forms.DateField(label="Date it was held")
    hours = forms.DecimalField(
        label="How many hours", max_digits=4, decimal_places=2, help_text="To the nearest quarter hour, for example 2.5"
    )
    run_by = forms.CharField(
        label="Who ran it",
        max_length=200,
        help_text="A trainer's name, or a partner and a member of staff running it together.",
    )
    attendees = _PeopleChoice(
        label="Who attended", help_text="Staff and partners who took part. You can change this later."
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = _member_choices(members)


class EventDetailsForm(Form):
    topic = EventForm.base_fields["topic"]
    title = EventForm.base_fields["title"]
    held_on = EventForm.base_fields["held_on"]
    hours = EventForm.base_fields["hours"]
    run_by = EventForm.base_fields["run_by"]
    version = forms.IntegerField(widget=forms.HiddenInput)


class AttendanceForm(Form):
    attendees = _PeopleChoice(label="Who attended")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = _member_choices(members)


class OpportunityForm(Form):
    kind = forms.ChoiceField(label="What kind of opportunity is it?", choices=OpportunityKind.choices)
    title = forms.CharField(
        label="What is it?", max_length=200, help_text="For example 'Co-chair the patient safety group'."
    )
    description = forms.CharField(
        label="More about it (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What it involves, how much time, any support or payment.",
    )
    closes_on = forms.DateField(
        label="Closing date (optional)", required=False, help_text="The last day people can say they are interested."
    )
    open_to_all_partners = forms.BooleanField(label="Open to all lived experience partners", required=False)
    offered_to = _PeopleChoice(
        label="Or offer it to named people",
        help_text="Partners or staff. They will see it on their My involvement page.",
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offered_to"].choices = _member_choices(members)


class KeeperResponseForm(Form):
    person = forms.TypedChoiceField(
        label="Who", coerce=int, choices=(), empty_value=None, error_messages={"required": "Choose who this is about."}
    )
    status = forms.ChoiceField(
        label="Where they stand", choices=(), error_messages={"required": "Choose where they stand."}
    )

    def __init__(self, *args, members, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Choose someone"), *_member_choices(members)]
        self.fields["status"].choices = [(s.value, s.label) for s in statuses]
