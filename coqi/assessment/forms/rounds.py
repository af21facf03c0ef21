"""Forms for the self-assessment: opening a round, and one person's answers (built from the framework)."""

from django import forms

from coqi.core.forms import Form
from coqi.core.roles import Experience


class RoundForm(Form):
    title = forms.CharField(
        label="Name of the round",
        max_length=200,
        help_text="For example 'Spring 2026'. Everyone will see it.",
        error_messages={"required": "Enter a name for the round, for example 'Spring 2026'."},
    )


def rating_field(statement_id: str) -> str:
    return f"rating_{statement_id}"


def comment_field(statement_id: str) -> str:
    return f"comment_{statement_id}"


class ResponseForm(Form):
    """Every rating is optional here, so a draft saves with gaps; the service insists on all of them to submit."""

    experience = forms.ChoiceField(label="I am answering with", choices=Experience.choices)

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = framework
        choices = [(str(p.value), f"{p.value} – {p.label}") for p in framework.scale]
        for statement in framework.statements:
            self.fields[rating_field(statement.id)] = forms.ChoiceField(
                label=statement.text, choices=choices, required=False
            )
            self.fields[comment_field(statement.id)] = forms.CharField(
                label="Comment (optional)", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
            )

    def answers(self) -> tuple[dict, dict]:
        data = self.cleaned_data
        ratings = {
            st.id: data[rating_field(st.id)] for st in self.framework.statements if data.get(rating_field(st.id))
        }
        comments = {
            st.id: data[comment_field(st.id)] for st in self.framework.statements if data.get(comment_field(st.id))
        }
        return ratings, comments

    @staticmethod
    def initial_from(response) -> dict:
        if response is None:
            return {}
        initial = {"experience": response.experience}
        initial.update({rating_field(k): str(v) for k, v in response.ratings.items()})
        initial.update({comment_field(k): v for k, v in response.comments.items()})
        return initial
