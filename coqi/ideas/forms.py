from django import forms

from coqi.core.forms import Form
from coqi.ideas.models import ResponseStatus
from coqi.ideas.services import BETTER_LIMIT, REASON_LIMIT, RESPONSE_LIMIT, WHAT_LIMIT


class IdeaForm(Form):
    """The public form. Length limits are checked by the service, so the message can say how long the text is."""

    what = forms.CharField(
        label="What is your idea or concern?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Please do not include names, phone numbers or other personal details – we remove any we find. "
        f"Up to {WHAT_LIMIT:,} characters.",
    )
    better = forms.CharField(
        label="What would make it better? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Up to {BETTER_LIMIT:,} characters.",
    )
    # The honeypot: hidden from people (and from screen readers); bots fill it in.
    website = forms.CharField(required=False)
    started = forms.CharField(required=False, widget=forms.HiddenInput)


class ModerateForm(Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            ("publish", "Publish it"),
            ("reject", "Do not publish it, and say why"),
            ("spam", "It is spam"),
        ],
    )
    reason = forms.CharField(
        label="Why it will not be published (if not)",
        required=False,
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The person who raised it sees this on their private link. For example: it names a member of staff "
        "– please use our complaints service for that.",
    )


class RespondForm(Form):
    status = forms.ChoiceField(label="Your response", choices=ResponseStatus.choices)
    text = forms.CharField(
        label="What you are saying back",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Shown on the public page. Up to {RESPONSE_LIMIT:,} characters.",
    )


class CommunityPageForm(Form):
    is_open = forms.BooleanField(label="The public community ideas page is open", required=False)
    welcome = forms.CharField(
        label="Welcome text (optional)",
        required=False,
        max_length=BETTER_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A few words at the top of the public page.",
    )


class SendForm(Form):
    project = forms.TypedChoiceField(label="Project", coerce=int, choices=())
    theme = forms.CharField(label="What matters, in a few words", max_length=200)

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [(p.pk, p.title) for p in projects]
