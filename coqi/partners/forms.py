from django import forms

from coqi.core.forms import Form


class ProfileForm(Form):
    lived_experience = forms.CharField(
        label="Lived experience",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Services, conditions or caring you have experience of, in your own words.",
    )
    skills = forms.CharField(label="Skills", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    networks = forms.CharField(
        label="Networks",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Groups and communities you are part of.",
    )
    interests = forms.CharField(label="Interests", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    access_needs = forms.CharField(
        label="Communication and access needs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example large print, a quiet room, breaks, an interpreter.",
    )
    availability = forms.CharField(
        label="When you are available", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    declines_payment = forms.BooleanField(
        label="I do not want to be paid for involvement",
        required=False,
        help_text=(
            "Some people choose this, for example because of benefits rules. You can still claim expenses. "
            "Payment claims already waiting will not be approved or paid while this is ticked. They are kept, "
            "so if you untick it later they can be approved as before."
        ),
    )


class ConsentForm(Form):
    what = forms.CharField(
        label="What did they agree to?",
        max_length=300,
        help_text="In plain words, for example 'My story used in staff training, without names'.",
    )
    agreed_on = forms.DateField(label="Date they agreed")
