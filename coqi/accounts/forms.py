from django import forms
from django.contrib.auth import authenticate

from coqi.core.forms import Form


class SignInForm(Form):
    email = forms.EmailField(
        label="E-mail address",
        error_messages={
            "required": "Enter your e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.com",
        },
    )
    password = forms.CharField(label="Password", strip=False, error_messages={"required": "Enter your password"})

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        email, password = cleaned.get("email"), cleaned.get("password")
        if email and password:
            self.user = authenticate(self.request, username=email, password=password)
            if self.user is None or not self.user.is_active:
                self.user = None
                raise forms.ValidationError("The e-mail address or password is not right. Check them and try again.")
        return cleaned


class ProfileForm(Form):
    display_name = forms.CharField(
        label="Your name",
        max_length=150,
        error_messages={"required": "Enter your name"},
        help_text="The name other people in Co-QI will see.",
    )


class TokenForm(Form):
    name = forms.CharField(
        label="What is this token for?",
        max_length=100,
        help_text="For example, 'Reporting spreadsheet'. Only you will see this.",
        error_messages={"required": "Enter what the token is for"},
    )
