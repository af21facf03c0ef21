from django import forms

from coqi.core.forms import Form
from coqi.innovation.models import Ingredient, PopulationGroup, Setting, Visibility


def _text(label: str, help_text: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=4000, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


class InnovationForm(Form):
    title = forms.CharField(label="Title", max_length=200, help_text="A short name others will recognise.")
    what = _text("What changed", "Describe the change so another team could try it.")
    why = _text("Why it was needed", "What mattered to people, and the problem it solved.")
    evidence = _text("How you know it worked", "Measures, feedback or stories. Do not name patients.")
    co_produced_with = _text(
        "Who co-produced it", "Roles, not names: for example “two carers, a ward sister and a pharmacist”.", rows=2
    )
    setting = forms.ChoiceField(
        label="Setting",
        choices=[("", "Choose a setting"), *Setting.choices],
        error_messages={"required": "Choose the setting where it worked."},
    )
    ingredients = forms.MultipleChoiceField(
        label="Which of the four critical ingredients did it use?",
        choices=Ingredient.choices,
        help_text="Choose all that apply.",
        error_messages={"required": "Choose at least one of the four critical ingredients."},
    )
    population_groups = forms.MultipleChoiceField(
        label="Which population groups does it affect?",
        choices=PopulationGroup.choices,
        help_text="Choose all that apply.",
        error_messages={"required": "Choose the population groups it affects."},
    )


class ShareInnovationForm(InnovationForm):
    # No initial value: the person sharing must choose who can see it.
    visibility = forms.ChoiceField(
        label="Who can see it?",
        choices=Visibility.choices,
        help_text="You can show it to fewer people later. Showing it to more people needs a separate, confirmed step.",
        error_messages={"required": "Choose who can see this innovation."},
    )


class EditInnovationForm(InnovationForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class VisibilityForm(Form):
    visibility = forms.ChoiceField(
        label="Who should see it?",
        choices=Visibility.choices,
        error_messages={"required": "Choose who can see this innovation."},
    )


class SearchForm(Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    ingredient = forms.ChoiceField(
        label="Critical ingredient", required=False, choices=[("", "Any ingredient"), *Ingredient.choices]
    )
    population = forms.ChoiceField(
        label="Population group", required=False, choices=[("", "Any group"), *PopulationGroup.choices]
    )
    setting = forms.ChoiceField(label="Setting", required=False, choices=[("", "Any setting"), *Setting.choices])
    source = forms.ChoiceField(label="Shared by", required=False, choices=())

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            ("", "Anyone"),
            ("ours", "Our organisation"),
            (Visibility.SYSTEM.value, "Other organisations in our system"),
            (Visibility.EVERYONE.value, "Shared with everyone"),
            *[(slug, name) for slug, name in sources],
        ]
