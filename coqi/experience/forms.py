from django import forms

from coqi.core.forms import Form
from coqi.projects.choices import ConsentUse, StoryTeller


class UploadForm(Form):
    file = forms.FileField(
        label="Upload a file of FFT responses",
        help_text="CSV (UTF-8) or Excel (.xlsx), with a header row, in the columns set below.",
        error_messages={"required": "Choose a CSV or Excel file to upload", "empty": "The file is empty"},
    )


class MappingForm(Form):
    date_column = forms.CharField(
        label="Date column", max_length=100, error_messages={"required": "Enter the name of the date column"}
    )
    service_column = forms.CharField(
        label="Service or ward column",
        max_length=100,
        error_messages={"required": "Enter the name of the service or ward column"},
    )
    score_column = forms.CharField(
        label="FFT score column (1 to 6)",
        max_length=100,
        error_messages={"required": "Enter the name of the FFT score column"},
    )
    question_column = forms.CharField(label="Question column (optional)", max_length=100, required=False)
    text_column = forms.CharField(
        label="Free text column", max_length=100, error_messages={"required": "Enter the name of the free text column"}
    )
    demographic_columns = forms.CharField(
        label="Demographic columns (optional)",
        max_length=500,
        required=False,
        help_text="Separate names with commas, for example: age group, ethnicity",
    )


class SendForm(Form):
    project = forms.TypedChoiceField(
        label="Project", coerce=int, choices=(), error_messages={"required": "Choose the project to send this to"}
    )
    theme = forms.CharField(label="Theme name", max_length=200, required=False)

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", "Choose a project")] + [(p.pk, p.title) for p in projects]


class StoryForm(Form):
    title = forms.CharField(
        label="A short title", max_length=200, error_messages={"required": "Give the story a short title"}
    )
    teller = forms.ChoiceField(
        label="Who told the story?", choices=StoryTeller.choices, error_messages={"required": "Say who told the story"}
    )
    text = forms.CharField(
        label="The story, in their words",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=50_000,
        help_text="Names, phone numbers, NHS numbers and addresses are removed before the story is saved.",
        error_messages={"required": "Enter the story"},
    )
    told_by = forms.CharField(
        label="Describe the storyteller (optional)",
        required=False,
        max_length=200,
        help_text="Describe rather than name them, like 'a carer of someone with dementia'.",
    )
    service = forms.CharField(label="Service or ward (optional)", required=False, max_length=200)
    consent_given_by = forms.CharField(
        label="Who gave consent?",
        max_length=200,
        help_text="The storyteller, or the person who can consent for them.",
        error_messages={"required": "Say who gave consent (for example: the storyteller)"},
    )
    consent_uses = forms.MultipleChoiceField(
        label="What did they agree the story can be used for?",
        choices=ConsentUse.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that they agreed to.",
        error_messages={"required": "Choose at least one use the storyteller agreed to"},
    )
    consent_scope = forms.CharField(
        label="Anything else about their consent (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent_given_on = forms.DateField(
        label="When did they give consent?",
        help_text="For example, 2026-03-27",
        error_messages={
            "required": "Enter the date consent was given",
            "invalid": "Enter a real date, like 2026-03-27",
        },
    )
    consent_confirmed = forms.BooleanField(
        label="I confirm the storyteller gave consent for these uses, and knows they can withdraw it at any time",
        error_messages={"required": "Confirm that the storyteller gave consent"},
    )


class StorySendForm(Form):
    project = forms.TypedChoiceField(
        label="Project", coerce=int, choices=(), error_messages={"required": "Choose the project to send this story to"}
    )

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", "Choose a project")] + [(p.pk, p.title) for p in projects]


class LabelForm(Form):
    themes = forms.MultipleChoiceField(
        label="Themes",
        widget=forms.CheckboxSelectMultiple,
        choices=(),
        help_text="Select every theme the comment is about.",
        error_messages={"required": "Choose at least one theme from the list"},
    )
    sentiment = forms.TypedChoiceField(
        label="Sentiment",
        coerce=int,
        empty_value=None,
        required=False,
        choices=[
            (1, "1 – Very positive"),
            (2, "2 – Positive"),
            (3, "3 – Neutral or mixed"),
            (4, "4 – Negative"),
            (5, "5 – Very negative"),
        ],
        help_text="Leave it for a comment that could not be labelled.",
    )

    def __init__(self, *args, **kwargs):
        from coqi.text import framework

        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(name, name) for name in framework.subcategories()]
