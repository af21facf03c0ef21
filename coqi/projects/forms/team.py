"""Forms for the team: adding a member, inviting someone new, changing a member's role. The services make the
changes. Messages follow the NHS.UK style: say what to do, not what went wrong."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from coqi.core.forms import Form
from coqi.projects.choices import (
    TEAM_ROLE_HINTS,
    TeamRole,
)
from coqi.projects.forms.fields import VersionedForm, date_field


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


class AddTeamMemberForm(Form):
    person = forms.TypedChoiceField(
        label="Who is joining?", coerce=int, error_messages={"required": "Choose who is joining the team"}
    )
    role = _role_fields()["role"]
    role_description = _role_fields()["role_description"]
    joined_on = date_field("Date they joined", "Enter the date they joined", initial=timezone.localdate)

    role_hints = TEAM_ROLE_HINTS

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Choose a person")] + [
            (m.user_id, f"{m.user.name} ({m.get_role_display().lower()})") for m in people
        ]


class InviteTeamMemberForm(Form):
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
    joined_on = date_field("Date they joined", "Enter the date they joined")

    role_hints = TEAM_ROLE_HINTS
