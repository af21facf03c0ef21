"""Forms check what people type; the services make the changes."""

from django import forms

from coqi.core.forms import Form
from coqi.improvement.models import Measure

KIND_HINTS = {
    Measure.Kind.OUTCOME: "Shows whether the aim is being met, e.g. falls per 1,000 bed days.",
    Measure.Kind.PROCESS: (
        "Shows whether the changes are happening as planned, e.g. % of patients with a falls risk check."
    ),
    Measure.Kind.BALANCING: "Watches for harm elsewhere, e.g. time nurses spend on paperwork.",
    Measure.Kind.EXPERIENCE: "How care feels to the people receiving it, e.g. % who felt listened to.",
}


class MeasureForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter a name"})
    kind = forms.ChoiceField(
        label="Kind of measure",
        choices=Measure.Kind.choices,
        error_messages={"required": "Choose the kind of measure", "invalid_choice": "Choose the kind of measure"},
    )
    definition = forms.CharField(
        label="Definition",
        widget=forms.Textarea,
        help_text="Exactly what is counted, from where, and what is left out.",
        error_messages={"required": "Enter a definition"},
    )
    unit = forms.CharField(
        label="Unit",
        max_length=60,
        help_text="For example: falls, %, days, letters",
        error_messages={"required": "Enter a unit"},
    )
    improvement_direction = forms.ChoiceField(
        label="Which direction is better?",
        choices=Measure.Direction.choices,
        error_messages={
            "required": "Choose which direction is better",
            "invalid_choice": "Choose which direction is better",
        },
    )
    chart_type = forms.ChoiceField(
        label="Chart type",
        choices=Measure.ChartType.choices,
        initial=Measure.ChartType.XMR,
        error_messages={"required": "Choose a chart type", "invalid_choice": "Choose a chart type"},
    )
    multiply = forms.FloatField(
        label="Multiply values by (optional)",
        required=False,
        help_text="For example 100 to show a proportion as a percentage. Leave empty for 1.",
        error_messages={"invalid": "The multiplier must be a number, like 100"},
    )
    target = forms.FloatField(
        label="Target (optional)", required=False, error_messages={"invalid": "The target must be a number"}
    )
    population_group = forms.CharField(
        label="Split by population group (optional)",
        required=False,
        max_length=100,
        help_text="To see inequalities, e.g. deprivation quintile or ethnicity. Each data row then names its group.",
    )

    kind_hints = KIND_HINTS


class DataPointForm(Form):
    period = forms.DateField(
        label="Period start date",
        error_messages={
            "required": "Enter the date the period starts",
            "invalid": "Enter a real date, like 2026-03-01",
        },
    )
    value = forms.FloatField(
        label="Value", error_messages={"required": "Enter the value", "invalid": "The value must be a number"}
    )
    denominator = forms.FloatField(
        label="Denominator", required=False, error_messages={"invalid": "The denominator must be a number"}
    )
    group = forms.CharField(label="Group", required=False, max_length=100)

    def __init__(self, *args, measure: Measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["denominator"].required = measure.needs_denominator
        self.fields["denominator"].error_messages["required"] = "Enter the denominator (this chart type needs one)"
        if measure.is_stratified:
            self.fields["group"].required = True
            self.fields["group"].label = measure.population_group
            self.fields["group"].error_messages["required"] = f"Enter the {measure.population_group.lower()}"
        else:
            del self.fields["group"]


class UploadForm(Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="CSV or Excel (.xlsx) with the columns period, value, and optionally denominator and group.",
        error_messages={"required": "Choose a CSV or Excel file to upload", "empty": "The file is empty"},
    )
