from crispy_forms_gds.layout import Field, Size
from django import forms

from partnerships.forms import GovukForm, gds_helper, textarea

from .models import Feedback


class FeedbackForm(GovukForm):
    satisfaction = forms.ChoiceField(
        label="Overall, how did you feel about the service you used today?",
        choices=Feedback.Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you felt about the service"},
    )
    message = forms.CharField(
        label="How could we improve this service? (optional)",
        max_length=1200,
        required=False,
        widget=forms.Textarea,
        help_text="Do not include personal or financial information, like your email address or a school's budget.",
    )
    page = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("satisfaction", legend_size=Size.MEDIUM),
            textarea("message", rows=5, label_size=Size.MEDIUM, max_characters=1200),
            Field("page"),
            submit="Send feedback",
        )
