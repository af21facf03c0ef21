"""Forms for a project itself: starting one (and whether its starter joins the team), its details and its stage. The
services make the changes. Messages follow the NHS.UK style: say what to do, not what went wrong."""

from __future__ import annotations

from django import forms

from coqi.core.forms import Form
from coqi.projects.choices import (
    STAGE_DESCRIPTIONS,
    TEAM_ROLE_HINTS,
    Stage,
    TeamRole,
)
from coqi.projects.forms.fields import VersionedForm

NOT_JOINING = "not_joining"


class ProjectForm(Form):
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
