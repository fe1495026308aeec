"""Forms for offers and the directory. They collect and tidy input; offers.services writes."""

from crispy_forms_gds.layout import Field, Fieldset, Fixed, Fluid, Size
from django import forms

from partnerships.forms import GovukForm, gds_helper, required, text, textarea

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


class WithdrawOfferForm(GovukForm):
    reason = forms.CharField(
        label="Why are you withdrawing the offer?",
        max_length=500,
        widget=forms.Textarea,
        error_messages={"required": "Enter why you are withdrawing the offer"},
        help_text="Kept in the offer's history. Schools will no longer find the offer.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(textarea("reason", rows=3, label_size=Size.SMALL), submit=None, form_tag=False)


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
    phase = forms.ChoiceField(label="Phase", choices=[("", "Any phase"), *Phase.choices], required=False)
    region = forms.ChoiceField(
        label="Region", choices=[("", "Any region"), *((name, name) for name in REGIONS)], required=False
    )
    local_authority = forms.ChoiceField(label="Local authority served", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].choices = [("", "Any local authority")] + [
            (name, name) for name in local_authority_names()
        ]
        self.helper = gds_helper(
            text("school", Fluid.FULL, label_size=Size.SMALL),
            Field.checkboxes("support", legend_size=Size.SMALL, small=True),
            Field.select("phase", legend_size=Size.SMALL),
            Field.select("region", legend_size=Size.SMALL),
            Field.select("local_authority", legend_size=Size.SMALL),
            submit="Apply filters",
        )
        self.helper.form_method = "get"
        self.helper.form_action = "?"
