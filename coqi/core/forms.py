"""Forms validate and clean input; the services make the changes.

Every form on the site is built on `Form` or `ModelForm` here, so the one character rule (ADR 0036) holds for every
field a person can type into, as it does for the API: tests/core/test_text_input.py finds any form that is not."""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError

from coqi.core.input import problem
from coqi.core.roles import ROLE_DESCRIPTIONS, Role


def _refusing(clean: Callable, *, label: str, multiline: bool) -> Callable:
    def checked(value, *args, **kwargs):
        # The raw value, before the field strips it: a control character at either end would otherwise vanish
        # unseen, and what is saved must be what was sent.
        for text in value if isinstance(value, list | tuple) else (value,):
            if isinstance(text, str) and (message := problem(text, label=label, multiline=multiline)):
                raise ValidationError(message, code="refused_character")
        return clean(value, *args, **kwargs)

    checked.character_rule = True
    return checked


class CharacterRule:
    """Refuses, naming the field, any value holding a character no field may (coqi.core.input): NUL alone would be
    a 500 on PostgreSQL, and Django's own check stops at NUL. A Textarea is multi-line text, so it keeps tabs and
    line breaks; every other field is one line. Applied when the form is cleaned rather than built, so fields a
    form adds in its own __init__ (one per question, per statement, per rate) are covered too."""

    def full_clean(self):
        for name, field in self.fields.items():
            if not getattr(field.clean, "character_rule", False):
                # self.fields is this form's own deep copy, so wrapping a field never reaches the class's fields.
                field.clean = _refusing(
                    field.clean, label=self[name].label, multiline=isinstance(field.widget, forms.Textarea)
                )
        super().full_clean()


class Form(CharacterRule, forms.Form):
    pass


class ModelForm(CharacterRule, forms.ModelForm):
    pass


class InviteForm(Form):
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


class ChangeRoleForm(Form):
    role = forms.ChoiceField(
        label="New role",
        choices=Role.choices,
        error_messages={"required": "Choose a role", "invalid_choice": "Choose a role from the list"},
    )

    role_descriptions = ROLE_DESCRIPTIONS


class AcceptInvitationForm(Form):
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


class AuditFilterForm(Form):
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
