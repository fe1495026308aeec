"""Forms for people's accounts: sign-in, invitations, the team, passwords. GOV.UK layouts through
crispy-forms-gds; forms only collect input, the services in accounts.services write."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.validators import MaxLengthValidator

from accounts.models import User
from partnerships.forms import GovukForm, gds_helper, text

WRONG_SIGN_IN = "Enter a correct email address and password. The password is case-sensitive."


class SignInForm(auth_forms.AuthenticationForm):
    """Django's sign-in form, by email address (demo usernames work too), in GOV.UK wording."""

    error_messages = {
        "invalid_login": WRONG_SIGN_IN,
        "inactive": "This account has been switched off. Ask your team's administrator.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = "Email address or username"
        username.max_length = 254
        username.widget.attrs.update(maxlength="254", spellcheck="false", autocomplete="username")
        username.widget.attrs.pop("autofocus", None)  # GOV.UK: don't move focus on load
        username.error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        # Only the input's maxlength is set by Django; without this an over-long value reaches the
        # sign-in lockout records (255 characters) and PostgreSQL refuses it: a 500.
        username.validators.append(MaxLengthValidator(254, WRONG_SIGN_IN))
        self.helper = gds_helper(
            Field.text("username", field_width=Fluid.ONE_HALF),
            Field.text("password", field_width=Fluid.ONE_HALF),
            submit="Sign in",
        )
        self.helper.label_size = Size.SMALL


def _role_choices(roles) -> list[Choice]:
    return [Choice(role, User.Role(role).label) for role in roles]


class InvitationForm(GovukForm):
    """Who to invite and as what. `roles` are the roles the inviter may give here."""

    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    role = forms.ChoiceField(label="Role", widget=forms.RadioSelect)
    job_title = forms.CharField(label="Job title (optional)", max_length=150, required=False)
    can_sign_for_trust = forms.BooleanField(label="They can sign agreements for the trust", required=False)

    def __init__(self, *args, roles=(), can_grant_signing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].error_messages["required"] = "Enter their first name"
        self.fields["last_name"].error_messages["required"] = "Enter their last name"
        self.fields["role"].choices = _role_choices(roles)
        self.fields["role"].error_messages.update(
            required="Select their role", invalid_choice="Select one of the roles you can give"
        )
        if len(roles) == 1:
            self.fields["role"].initial = roles[0]
        fields = [
            text("first_name", width=Fluid.ONE_HALF),
            text("last_name", width=Fluid.ONE_HALF),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.radios("role", legend_size=Size.SMALL),
            text("job_title", width=Fluid.TWO_THIRDS),
        ]
        if can_grant_signing:
            fields.append(Field.checkbox("can_sign_for_trust"))
        else:
            del self.fields["can_sign_for_trust"]
        self.helper = gds_helper(*fields, submit="Send the invitation")
        self.helper.label_size = Size.SMALL


class RoleForm(GovukForm):
    role = forms.ChoiceField(label="Role", widget=forms.RadioSelect)
    can_sign_for_trust = forms.BooleanField(label="They can sign agreements for the trust", required=False)

    def __init__(self, *args, roles=(), can_grant_signing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(roles)
        self.fields["role"].error_messages.update(
            required="Select their role", invalid_choice="Select one of the roles you can give"
        )
        fields = [Field.radios("role", legend_size=Size.MEDIUM)]
        if can_grant_signing:
            fields.append(Field.checkbox("can_sign_for_trust"))
        else:
            del self.fields["can_sign_for_trust"]
        self.helper = gds_helper(*fields, submit="Save")


class AcceptInvitationForm(GovukForm):
    """The invited person's name and password. The service validates the password with Django's
    validators (AUTH_PASSWORD_VALIDATORS) once it knows who they are."""

    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter your first name"}
    )
    last_name = forms.CharField(label="Last name", max_length=150, error_messages={"required": "Enter your last name"})
    password = forms.CharField(
        label="Create a password",
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. Avoid common passwords and ones like your name or email address.",
        error_messages={"required": "Enter a password"},
    )
    password_again = forms.CharField(
        label="Confirm your password",
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the password again"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            text("first_name", width=Fluid.ONE_HALF),
            text("last_name", width=Fluid.ONE_HALF),
            Field.text("password", field_width=Fluid.ONE_HALF),
            Field.text("password_again", field_width=Fluid.ONE_HALF),
            submit="Create my account",
        )
        self.helper.label_size = Size.SMALL

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", "The passwords do not match")
        return data


# --- Passwords: Django's forms with GOV.UK layout ---------------------------------------------------


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form. The email link is built from SITE_URL (see the email template)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].widget.attrs.pop("autofocus", None)
        self.fields["email"].error_messages.update(
            required="Enter your email address",
            invalid="Enter an email address in the correct format, like name@example.com",
        )
        self.helper = gds_helper(Field.text("email", field_width=Fluid.TWO_THIRDS), submit="Send the link")
        self.helper.label_size = Size.SMALL


def _password_layout(form, *names, submit):
    form.helper = gds_helper(*[Field.text(name, field_width=Fluid.ONE_HALF) for name in names], submit=submit)
    form.helper.label_size = Size.SMALL


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password2"].label = "Confirm your new password"
        self.fields["new_password1"].help_text = "At least 12 characters. Avoid common passwords."
        _password_layout(self, "new_password1", "new_password2", submit="Save the new password")


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password2"].label = "Confirm your new password"
        self.fields["new_password1"].help_text = "At least 12 characters. Avoid common passwords."
        _password_layout(self, "old_password", "new_password1", "new_password2", submit="Change password")


# --- Two-factor authentication ------------------------------------------------------------------------


class CodeForm(GovukForm):
    code = forms.CharField(
        label="Code",
        max_length=32,
        error_messages={"required": "Enter the code"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def __init__(self, *args, label="Code", hint="", submit="Continue", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = label
        self.fields["code"].help_text = hint
        self.helper = gds_helper(Field.text("code", field_width=Fluid.ONE_THIRD), submit=submit)
        self.helper.label_size = Size.SMALL
