"""Forms for offers and the directory. They collect and tidy input; offers.services writes."""

from crispy_forms_gds.layout import Div, Field, Fieldset, Fixed, Fluid, Size
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from partnerships.forms import GovukForm, gds_helper, required, text, textarea
from schools.models import School

from .choices import REGIONS, SUPPORT_CHOICES, Phase, unpack
from .selectors import local_authority_names

UNKNOWN_LOCAL_AUTHORITIES = "These are not local authorities in GIAS: {names}. Check the spelling, one per line."
TOO_MANY_LOCAL_AUTHORITIES = "List at most 60 local authorities."


class OfferForm(GovukForm):
    summary = forms.CharField(
        label="Summary of your offer",
        max_length=2000,
        widget=forms.Textarea,
        help_text="What a school can expect from a trust partnership with you, in a few sentences.",
    )
    support = forms.MultipleChoiceField(
        label="What support do you offer?",
        choices=SUPPORT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    phases = forms.MultipleChoiceField(
        label="Which phases do you work with?",
        choices=Phase.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    local_authorities = forms.CharField(
        label="Local authorities you serve",
        max_length=4000,
        widget=forms.Textarea,
        help_text="One per line, as GIAS names them, for example Leeds or Kingston upon Hull, City of.",
    )
    capacity = forms.IntegerField(
        label="How many new trust partnerships can you take on now?",
        min_value=0,
        max_value=99,
        help_text="Enter 0 if you cannot take on any at the moment.",
    )
    team = forms.CharField(
        label="Your team (optional)",
        max_length=3000,
        required=False,
        widget=forms.Textarea,
        help_text="Names and roles, one person per line, for example Jo Fletcher, Director of Education.",
    )
    charges = forms.CharField(
        label="How charges work",
        max_length=2000,
        widget=forms.Textarea,
        help_text="For example, no charge for the first term, then a termly service charge agreed with the school.",
    )
    contact_name = forms.CharField(label="Name", max_length=150)
    contact_role = forms.CharField(label="Role (optional)", max_length=150, required=False)
    contact_email = forms.EmailField(label="Email address", max_length=254)
    contact_phone = forms.CharField(label="Telephone (optional)", max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required(self.fields["summary"], "Enter a summary of your offer")
        required(self.fields["support"], "Select the support you offer")
        required(self.fields["phases"], "Select the phases you work with")
        required(self.fields["local_authorities"], "Enter the local authorities you serve")
        required(self.fields["capacity"], "Enter how many partnerships you can take on now")
        required(self.fields["charges"], "Enter how charges work")
        required(self.fields["contact_name"], "Enter the contact's name")
        required(self.fields["contact_email"], "Enter the contact's email address")
        self.helper = gds_helper(
            textarea("summary", rows=5, label_size=Size.SMALL),
            Field.checkboxes("support", legend_size=Size.SMALL, small=True),
            Field.checkboxes("phases", legend_size=Size.SMALL, small=True),
            textarea("local_authorities", rows=5, label_size=Size.SMALL),
            Field.text("capacity", field_width=Fixed.THREE, label_size=Size.SMALL),
            textarea("team", rows=4, label_size=Size.SMALL),
            textarea("charges", rows=4, label_size=Size.SMALL),
            Fieldset(
                text("contact_name"),
                text("contact_role"),
                text("contact_email"),
                text("contact_phone", Fluid.ONE_HALF),
                legend="Contact for schools",
                legend_size=Size.MEDIUM,
            ),
            submit="Save offer",
        )

    def clean_local_authorities(self):
        typed = [line.strip() for line in self.cleaned_data["local_authorities"].splitlines() if line.strip()]
        known = {name.lower(): name for name in local_authority_names()}
        unknown = [name for name in typed if name.lower() not in known]
        if unknown:
            raise forms.ValidationError(UNKNOWN_LOCAL_AUTHORITIES.format(names=", ".join(unknown[:5])))
        names = list(dict.fromkeys(known[name.lower()] for name in typed))
        if len(names) > 60:
            raise forms.ValidationError(TOO_MANY_LOCAL_AUTHORITIES)
        return names

    @staticmethod
    def initial_from(offer) -> dict:
        initial = {name: getattr(offer, name) for name in OfferForm.base_fields}
        initial["support"] = unpack(offer.support)
        initial["phases"] = unpack(offer.phases)
        initial["local_authorities"] = "\n".join(unpack(offer.local_authorities))
        return initial


SELECTED = mark_safe(" selected")


class Select(forms.Select):
    """(Named `Select` because crispy-forms-gds gives a widget its GOV.UK class by the class's
    name: "select" becomes `govuk-select`.) A <select> written out in Python: the markup of Django's template (no option groups),
    without a template include per option. The directory's local authority list has one option per
    local authority in England (about 150), which took 3 ms or more to render through templates."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = next(iter(self.format_value(value)), "")
        options = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            ((choice, SELECTED if str(choice) == chosen else "", label) for choice, label in self.choices),
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>\n{}\n</select>', name, attributes, options)


def filter_select(name: str) -> Field:
    """A directory filter's select: its label bold like the other filters' questions (a select has
    a label, not a legend), as wide as the filter column like the school box above it."""
    return Field(name, css_class=Fluid.for_input(Fluid.FULL), context={"label_size": Size.for_label(Size.SMALL)})


class DirectoryForm(GovukForm):
    """The directory's filters (a GET form: every result page has its own address)."""

    school = forms.CharField(
        label="Your school's name, URN or postcode",
        max_length=100,
        required=False,
        help_text="We sort offers by the straight-line distance from your school to each trust's nearest academy.",
    )
    support = forms.MultipleChoiceField(
        label="Support you are looking for",
        choices=SUPPORT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    phase = forms.ChoiceField(label="Phase", choices=[("", "Any phase"), *Phase.choices], required=False, widget=Select)
    region = forms.ChoiceField(
        label="Region",
        choices=[("", "Any region"), *((name, name) for name in REGIONS)],
        required=False,
        widget=Select,
    )
    local_authority = forms.ChoiceField(label="Local authority served", required=False, widget=Select)

    def __init__(self, *args, local_authorities=None, **kwargs):
        super().__init__(*args, **kwargs)
        names = local_authority_names() if local_authorities is None else local_authorities
        self.fields["local_authority"].choices = [("", "Any local authority"), *((name, name) for name in names)]
        self.helper = gds_helper(
            text("school", Fluid.FULL, label_size=Size.SMALL),
            Field.checkboxes("support", legend_size=Size.SMALL, small=True),
            filter_select("phase"),
            filter_select("region"),
            filter_select("local_authority"),
            submit="Apply filters",
        )
        self.helper.form_method = "get"
        self.helper.form_action = "?"


# --- Enquiries ------------------------------------------------------------------------------------

URN_NOT_FOUND = "Enter the URN of an open school: 6 digits, for example 107654."


class EnquiryForm(GovukForm):
    """The public enquiry form. `website` is a honeypot: people leave it empty; spam robots fill it."""

    name = forms.CharField(label="Your name", max_length=150)
    role = forms.CharField(
        label="Your role at the school", max_length=150, help_text="For example, headteacher or chair of governors."
    )
    urn = forms.CharField(
        label="Your school's URN",
        max_length=6,
        help_text="The 6-digit unique reference number in Get Information about Schools, for example 107654.",
    )
    email = forms.EmailField(label="Email address", max_length=254, help_text="The trust will reply to this address.")
    phone = forms.CharField(label="Telephone (optional)", max_length=30, required=False)
    support_wanted = forms.MultipleChoiceField(
        label="What support are you looking for?",
        choices=SUPPORT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    message = forms.CharField(
        label="Your message",
        max_length=3000,
        widget=forms.Textarea,
        help_text="What is going on at your school and what you hope a partnership could do. Up to 3,000 characters.",
    )
    website = forms.CharField(label="Leave this field empty", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required(self.fields["name"], "Enter your name")
        required(self.fields["role"], "Enter your role at the school")
        required(self.fields["urn"], "Enter your school's URN")
        required(self.fields["email"], "Enter your email address")
        required(self.fields["support_wanted"], "Select the support you are looking for")
        required(self.fields["message"], "Enter your message")
        self.fields["urn"].widget.attrs["inputmode"] = "numeric"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")
        self.helper = gds_helper(
            text("name"),
            text("role"),
            Field.text("urn", field_width=Fixed.TEN, label_size=None),
            text("email"),
            text("phone", Fluid.ONE_HALF),
            Field.checkboxes("support_wanted", legend_size=Size.SMALL, small=True),
            textarea("message", rows=6),
            Div(Field.text("website"), css_class="app-honeypot"),
            submit="Send enquiry",
        )

    def clean_urn(self):
        urn = self.cleaned_data["urn"].strip()
        school = School.objects.open().filter(urn=urn).first() if urn.isascii() and urn.isdigit() else None
        if school is None:
            raise forms.ValidationError(URN_NOT_FOUND)
        self.school = school
        return urn

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website", "").strip())


class ReplyForm(GovukForm):
    body = forms.CharField(
        label="Your reply",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": "Enter your reply"},
        help_text="Sent by email from the service, signed with your name and role. Their answer comes to the offer's contact address.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(textarea("body", rows=8, label_size=Size.SMALL), submit="Send reply")


# --- Recommendations ------------------------------------------------------------------------------


class RecommendationForm(GovukForm):
    urn = forms.CharField(label="School URN", max_length=6, help_text="The school you supported, for example 107654.")
    interested = forms.TypedChoiceField(
        label="Is the school interested in a trust partnership?",
        choices=[("True", "Yes"), ("False", "No")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the school is interested in a trust partnership"},
    )
    support_wanted = forms.MultipleChoiceField(
        label="What support does the school want?",
        choices=SUPPORT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply. Suggested trusts are scored against it.",
    )
    context = forms.CharField(
        label="Context",
        max_length=3000,
        widget=forms.Textarea,
        help_text="What you found during the deployment and why a partnership could help.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required(self.fields["urn"], "Enter the school's URN")
        required(self.fields["context"], "Enter the context")
        self.fields["urn"].widget.attrs["inputmode"] = "numeric"
        self.helper = gds_helper(
            Field.text("urn", field_width=Fixed.TEN),
            Field.radios("interested", legend_size=Size.SMALL, inline=True),
            Field.checkboxes("support_wanted", legend_size=Size.SMALL, small=True),
            textarea("context", rows=6, label_size=Size.SMALL),
            submit="Save and see suggested trusts",
        )

    def clean_urn(self):
        urn = self.cleaned_data["urn"].strip()
        school = School.objects.open().filter(urn=urn).first() if urn.isascii() and urn.isdigit() else None
        if school is None:
            raise forms.ValidationError(URN_NOT_FOUND)
        self.school = school
        return urn


class SuggestTrustsForm(GovukForm):
    trusts = forms.MultipleChoiceField(
        label="Which trusts do you suggest?",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select the trusts to suggest to the school. Each keeps the score and reasons shown here.",
    )

    def __init__(self, *args, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = {str(s.trust.pk): s for s in suggestions}
        self.fields["trusts"].choices = [
            (key, f"{s.trust.name} ({s.score} points)") for key, s in self.suggestions.items()
        ]
        self.helper = gds_helper(
            Field.checkboxes("trusts", legend_size=Size.MEDIUM, small=True), submit="Save suggested trusts"
        )

    def chosen(self) -> list:
        return [self.suggestions[key] for key in self.cleaned_data["trusts"]]
