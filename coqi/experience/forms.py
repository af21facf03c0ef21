from django import forms


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a file of FFT responses",
        help_text="CSV (UTF-8) or Excel (.xlsx), with a header row, in the columns set below.",
        error_messages={"required": "Choose a CSV or Excel file to upload", "empty": "The file is empty"},
    )


class MappingForm(forms.Form):
    date_column = forms.CharField(label="Date column", max_length=100,
                                  error_messages={"required": "Enter the name of the date column"})
    service_column = forms.CharField(label="Service or ward column", max_length=100,
                                     error_messages={"required": "Enter the name of the service or ward column"})
    score_column = forms.CharField(label="FFT score column (1 to 6)", max_length=100,
                                   error_messages={"required": "Enter the name of the FFT score column"})
    question_column = forms.CharField(label="Question column (optional)", max_length=100, required=False)
    text_column = forms.CharField(label="Free text column", max_length=100,
                                  error_messages={"required": "Enter the name of the free text column"})
    demographic_columns = forms.CharField(
        label="Demographic columns (optional)", max_length=500, required=False,
        help_text="Separate names with commas, for example: age group, ethnicity",
    )


class SendForm(forms.Form):
    project = forms.TypedChoiceField(label="Project", coerce=int, choices=(),
                                     error_messages={"required": "Choose the project to send this to"})
    theme = forms.CharField(label="Theme name", max_length=200, required=False)

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", "Choose a project")] + [(p.pk, p.title) for p in projects]
