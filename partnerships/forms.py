"""Forms for the trust staff's pages, laid out with crispy-forms-gds (GOV.UK Design System).

Forms only collect and tidy input; every write happens in partnerships.services, whose
ValidationErrors the views add back onto these forms.
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm


def gds_helper(*fields, submit: str | None = "Save and continue", form_tag: bool = True) -> FormHelper:
    """A FormHelper with the given layout and one primary button (no button when submit is None)."""
    helper = FormHelper()
    helper.form_tag = form_tag
    helper.attrs = {"novalidate": ""}
    helper.layout = Layout(*fields)
    if submit:
        helper.layout.append(Submit("submit", submit))
    return helper


class SignInForm(AuthenticationForm):
    """Django's sign-in form with GOV.UK wording and layout (used by the login URL in config/urls.py)."""

    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Contact your service administrator.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs["spellcheck"] = "false"
        self.fields["username"].widget.attrs.pop("autofocus", None)  # GOV.UK: don't move focus on load
        self.helper = gds_helper(
            Field.text("username", field_width=Fluid.ONE_HALF),
            Field.text("password", field_width=Fluid.ONE_HALF),
            submit="Sign in",
        )
        self.helper.label_size = Size.SMALL
