"""Forms validate and clean input; the services make the changes."""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError

from coqi.core.roles import ROLE_DESCRIPTIONS, Role


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        error_messages={
            "required": "Enter the e-mail address of the person you are inviting",
            "invalid": "Enter an e-mail address in the correct format, like name@example.com",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        error_messages={"required": "Choose a role", "invalid_choice": "Choose a role from the list"},
    )

    role_descriptions = ROLE_DESCRIPTIONS


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(
        label="New role",
        choices=Role.choices,
        error_messages={"required": "Choose a role", "invalid_choice": "Choose a role from the list"},
    )

    role_descriptions = ROLE_DESCRIPTIONS


class AcceptInvitationForm(forms.Form):
    display_name = forms.CharField(
        label="Your name",
        max_length=150,
        help_text="The name other people in Co-QI will see.",
        error_messages={"required": "Enter your name"},
    )
    password = forms.CharField(
        label="Create a password",
        strip=False,
        help_text="At least 10 characters. Avoid common words and numbers only.",
        error_messages={"required": "Create a password"},
    )
    password_again = forms.CharField(
        label="Type your password again", strip=False, error_messages={"required": "Type your password again"}
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("password")
            and cleaned.get("password_again")
            and cleaned["password"] != cleaned["password_again"]
        ):
            self.add_error("password_again", "The passwords do not match")
        return cleaned


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label="Action", required=False)
    person = forms.TypedChoiceField(label="Person", required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(
        label="From",
        required=False,
        error_messages={"invalid": "Enter the 'from' date as year-month-day, like 2026-01-31"},
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        error_messages={"invalid": "Enter the 'to' date as year-month-day, like 2026-03-31"},
    )

    def __init__(self, *args, actions: list[str], people: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        from coqi.core.audit import action_label

        self.fields["action"].choices = [("", "Any action")] + [(a, action_label(a)) for a in actions]
        self.fields["person"].choices = [("", "Anyone")] + [(str(pk), name) for pk, name in people]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return cleaned


def apply_errors(form, error: ValidationError, *, rename: Callable[[str], str] | None = None) -> None:
    """Show a service's ValidationError on the form, against the field it names where the form has one (after
    `rename`, for forms whose field names differ from the service's), otherwise at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            if field not in form.fields and rename is not None:
                field = rename(field)
            form.add_error(field if field in form.fields else None, field_messages)
    else:
        form.add_error(None, error.messages)
