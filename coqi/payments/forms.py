from django import forms

from coqi.core.forms import Form
from coqi.payments.models import ExpenseCategory, RateBasis
from coqi.projects.choices import Rung


class ExpenseForm(Form):
    activity = forms.TypedChoiceField(label="Which activity was it for?", coerce=int, choices=())
    category = forms.ChoiceField(label="What was it for?", choices=ExpenseCategory.choices)
    amount = forms.CharField(label="How much, in pounds", max_length=20)
    incurred_on = forms.DateField(label="Date you spent the money", input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"])
    description = forms.CharField(
        label="What did you spend it on?", max_length=500, help_text="For example, 'Bus fare there and back'"
    )
    receipt = forms.FileField(label="Receipt (optional)", required=False, help_text="A photo or PDF, smaller than 5 MB")

    def __init__(self, *args, activities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.activities = {a.pk: a for a in activities}
        self.fields["activity"].choices = [("", "Choose an activity")] + [
            (a.pk, f"{a.title} ({a.held_on:%-d %b %Y})") for a in activities
        ]


class RejectForm(Form):
    reason = forms.CharField(
        label="Why is it not approved?", max_length=1000, help_text="The person will see this, so say what they can do."
    )


class RateCardForm(Form):
    name = forms.CharField(label="Name", max_length=200, help_text="For example, 'Rates from April 2026'")
    effective_from = forms.DateField(label="Rates start on", input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"])
    basis = forms.ChoiceField(
        label="How is involvement paid?",
        choices=RateBasis.choices,
        initial=RateBasis.HOURLY,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Rung.choices:
            self.fields[f"rate_{value}"] = forms.CharField(
                label=f"{label}: pounds an hour", required=False, max_length=20
            )
        for value, label in Rung.choices:
            self.fields[f"half_{value}"] = forms.CharField(
                label=f"{label}: pounds a half day (up to 4 hours)", required=False, max_length=20
            )
            self.fields[f"full_{value}"] = forms.CharField(
                label=f"{label}: pounds a full day (more than 4 hours)", required=False, max_length=20
            )

    def rates(self, prefix: str) -> dict[str, str]:
        """prefix 'rate' (hourly), 'half' or 'full' (daily)."""
        return {value: self.cleaned_data.get(f"{prefix}_{value}", "") for value in Rung.values}

    def hourly_rates(self) -> dict[str, str]:
        return self.rates("rate")
