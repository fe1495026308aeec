"""Forms for the trust staff's pages, laid out with crispy-forms-gds (GOV.UK Design System).

Forms only collect and tidy input; every write happens in partnerships.services, whose
ValidationErrors the views add back onto these forms.
"""

import calendar
import datetime
import re
from decimal import Decimal

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Fixed, Fluid, Layout, Size, Submit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.http import QueryDict
from django.utils.functional import lazy
from django.utils.text import format_lazy

from partnerships import markup
from partnerships.dates import format_date
from partnerships.models import (
    AcademisationConsideration,
    Activity,
    Clause,
    ClauseSection,
    Comment,
    CostLine,
    LibraryClause,
    Objective,
    Partnership,
    ReviewDecision,
)
from partnerships.services import review as review_services
from partnerships.services.terms import library_clauses_present
from partnerships.validation import term_errors


def gds_helper(*fields, submit: str | None = "Save and continue", form_tag: bool = True) -> FormHelper:
    """A FormHelper with the given layout and one primary button (no button when submit is None)."""
    helper = FormHelper()
    helper.form_tag = form_tag
    helper.attrs = {"novalidate": ""}
    helper.layout = Layout(*fields)
    if submit:
        helper.layout.append(Submit("submit", submit))
    return helper


# --- Building blocks ------------------------------------------------------------------------------


# Invisible control characters: NUL (PostgreSQL cannot store it in text), escape, bell, DEL and the
# C1 block. Tabs and line breaks stay: text areas need them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_control_characters(value):
    return CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else value


def _dropping_control_characters(to_python):
    def to_python_without_control_characters(value):
        return to_python(without_control_characters(value))

    return to_python_without_control_characters


class GovukForm(forms.Form):
    """The base of every form here: each text field drops invisible control characters before it
    is validated, so none reaches the database, an email or the agreement PDF (a field left
    with nothing but them is empty, and says so)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            without_control_characters_in(field)


def without_control_characters_in(field: forms.Field) -> forms.Field:
    """The field, dropping invisible control characters from its text (GovukForm does this for
    every field it is built with; a field a form adds later needs it too)."""
    if isinstance(field, forms.CharField):
        field.to_python = _dropping_control_characters(field.to_python)  # type: ignore[method-assign]  # wraps its own conversion
    return field


# Month names and their usual abbreviations, as the GOV.UK date pattern accepts them ("jan", "Sept").
MONTHS = {
    **{name.casefold(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}


def parse_month(text: str) -> int | None:
    """A month typed as a number (9, 09) or a name ("September", "sep", "Sept."); None if neither."""
    text = text.strip().rstrip(".").casefold()
    if text.isdigit():
        return int(text) if len(text) <= 2 else None
    return MONTHS.get(text)


def _date_example(months_ahead: int, day: int | None) -> str:
    """A date a few months from today, as a hint shows it: always in the future."""
    today = datetime.date.today()
    month_index = today.month - 1 + months_ahead
    year, month = today.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return f"{min(day or last, last)} {month} {year}"


def example_date(hint: str = "", *, months_ahead: int = 3, day: int | None = 1):
    """A hint ending "For example, 1 3 2027" with a date that stays in the future (worked out
    each time the page is shown, not when the server started)."""
    return format_lazy("{}For example, {}", f"{hint} " if hint else "", lazy(_date_example, str)(months_ahead, day))


class GovukDateField(DateInputField):
    """The GOV.UK date input (day, month, year) with messages that name the date.

    Accepts what people type: spaces around the numbers and a month as a number or a name
    ("jan", "September"). Whatever is wrong, the field has one error message, not one per box.
    """

    def __init__(self, *, what: str, **kwargs):
        super().__init__(**kwargs)
        self.what = what
        self.error_messages["required"] = f"Enter the {what}"
        self.error_messages["incomplete"] = f"Enter the {what}, including a day, month and year"
        for subfield in self.fields:
            subfield.validators = []  # checked together in compress(), so there is one message
        for part in self.widget.widgets[::2]:
            part.attrs["inputmode"] = "numeric"  # a number keypad on phones, as the design system asks

    # Years a partnership's dates can plausibly fall in. Far-off years are typing mistakes, and
    # near year 9999 date arithmetic (a term's length, 18 months on) would overflow.
    MIN_YEAR, MAX_YEAR = 2000, 2099

    def compress(self, data_list):
        day, month, year = (str(part or "").strip() for part in data_list)
        if not (day or month or year):  # only spaces typed: as good as blank
            if self.required:
                raise ValidationError(self.error_messages["required"])
            return None
        if not (day and month and year):
            raise ValidationError(self.error_messages["incomplete"])
        if not (day.isdigit() and year.isdigit()) or parse_month(month) is None:
            raise ValidationError(f"The {self.what} must be a real date")
        if len(year) != 4:
            raise ValidationError(f"The year of the {self.what} must have 4 numbers")
        try:
            value = datetime.date(int(year), parse_month(month) or 0, int(day))
        except (ValueError, OverflowError) as error:  # OverflowError: a day or month of 20 digits
            raise ValidationError(f"The {self.what} must be a real date") from error
        if not self.MIN_YEAR <= value.year <= self.MAX_YEAR:
            raise ValidationError(f"The year of the {self.what} must be between {self.MIN_YEAR} and {self.MAX_YEAR}")
        return value


class MoneyField(forms.DecimalField):
    """An amount in pounds as people type it: "£1,500.00", "1 500", " 1500 " are all 1500.00."""

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f,£]", "", value).removeprefix("GBP")
        return super().to_python(value)


def date(name, legend_size=None):
    """A GOV.UK date input; `legend_size` ("s", "m"...) sizes its legend like a label."""
    return Field(name, context={"legend_size": Size.for_legend(legend_size)} if legend_size else {})


def text(name, width=Fluid.TWO_THIRDS, **kwargs):
    return Field.text(name, field_width=width, **kwargs)


def textarea(name, rows=5, **kwargs):
    return Field.textarea(name, rows=rows, **kwargs)


def limit(model: type[models.Model], name: str) -> int | None:
    """The model field's max_length, so a form never disagrees with the column it fills."""
    return getattr(model._meta.get_field(name), "max_length", None)


def required(field: forms.Field, message: str) -> forms.Field:
    field.error_messages["required"] = message
    return field


# --- Starting a partnership -----------------------------------------------------------------------


class SchoolSearchForm(GovukForm):
    q = forms.CharField(
        label="School name or URN",
        max_length=100,
        required=False,
        help_text="For example, St Hilda's or 107654. Only open schools are listed.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(text("q", Fluid.ONE_HALF, label_size=Size.MEDIUM), submit="Search")
        self.helper.form_method = "get"


class KeyDetailsForm(GovukForm):
    """Dates, purpose, contacts and payment terms: what partnership_create/_update_details take."""

    start_date = GovukDateField(what="start date", label="Start date", help_text=example_date(months_ahead=2))
    end_date = GovukDateField(
        what="end date",
        label="End date",
        help_text=example_date(
            f"A trust partnership lasts between {settings.PARTNERSHIP_MIN_MONTHS} and "
            f"{settings.PARTNERSHIP_MAX_MONTHS} months, including both days.",
            months_ahead=13,
            day=None,
        ),
    )
    purpose = forms.CharField(
        label="Purpose of the partnership",
        max_length=limit(Partnership, "purpose"),
        widget=forms.Textarea,
        help_text="What the school and the trust want to achieve together.",
    )
    trust_lead_name = forms.CharField(label="Full name", max_length=limit(Partnership, "trust_lead_name"))
    trust_lead_role = forms.CharField(label="Role", max_length=limit(Partnership, "trust_lead_role"), required=False)
    trust_lead_email = forms.EmailField(label="Email address", max_length=limit(Partnership, "trust_lead_email"))
    chair_of_governors_name = forms.CharField(
        label="Full name", max_length=limit(Partnership, "chair_of_governors_name")
    )
    chair_of_governors_email = forms.EmailField(
        label="Email address (optional)", max_length=limit(Partnership, "chair_of_governors_email"), required=False
    )
    headteacher_name = forms.CharField(label="Full name", max_length=limit(Partnership, "headteacher_name"))
    headteacher_email = forms.EmailField(
        label="Email address (optional)", max_length=limit(Partnership, "headteacher_email"), required=False
    )
    extendable_until = GovukDateField(
        what="latest end date if extended",
        label="Latest end date if the partnership is extended (optional)",
        required=False,
        help_text=example_date(
            "Leave blank if the partnership cannot be extended. "
            f"A trust partnership lasts at most {settings.PARTNERSHIP_MAX_MONTHS} months.",
            months_ahead=16,
            day=None,
        ),
    )
    payment_method = forms.ChoiceField(
        label="Payment method", choices=Partnership.PaymentMethod.choices, required=False
    )
    invoice_timing = forms.ChoiceField(
        label="When the trust invoices", choices=Partnership.InvoiceTiming.choices, required=False
    )
    payment_due_days = forms.IntegerField(
        label="Days the school has to pay an invoice", min_value=0, max_value=120, required=False
    )
    trust_vat_number = forms.CharField(
        label="Trust's VAT registration number (optional)",
        max_length=limit(Partnership, "trust_vat_number"),
        required=False,
        help_text="For example, GB 123 4567 89. Leave blank if the trust is not registered for VAT.",
    )
    purchase_order_reference = forms.CharField(
        label="Purchase order number (optional)",
        max_length=limit(Partnership, "purchase_order_reference"),
        required=False,
    )
    internal_reference = forms.CharField(
        label="School's internal reference (optional)",
        max_length=limit(Partnership, "internal_reference"),
        required=False,
    )
    payment_terms = forms.CharField(
        label="Other payment terms (optional)",
        max_length=limit(Partnership, "payment_terms"),
        required=False,
        widget=forms.Textarea,
    )
    # Left out of a form, these take the partnership's defaults (BACS, in arrears, 30 days).
    DEFAULTS = {"payment_method": "bacs", "invoice_timing": "arrears", "payment_due_days": 30}

    MESSAGES = {
        "purpose": "Enter the purpose of the partnership",
        "trust_lead_name": "Enter the full name of the trust's lead contact",
        "trust_lead_email": "Enter the trust lead's email address",
        "chair_of_governors_name": "Enter the full name of the chair of governors",
        "headteacher_name": "Enter the full name of the headteacher",
    }

    def __init__(self, *args, submit="Continue", **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.MESSAGES.items():
            required(self.fields[name], message)
        for name in ("trust_lead_email", "chair_of_governors_email", "headteacher_email"):
            self.fields[name].error_messages["invalid"] = (
                "Enter an email address in the correct format, like name@example.com"
            )
            self.fields[name].widget.attrs.update(spellcheck="false", autocomplete="email")
        self.helper = gds_helper(
            Fieldset(
                Field("start_date"),
                Field("end_date"),
                Field("extendable_until"),
                legend="Dates",
                legend_size=Size.MEDIUM,
            ),
            textarea("purpose", label_size=Size.MEDIUM),
            Fieldset(
                text("trust_lead_name"),
                text("trust_lead_role"),
                text("trust_lead_email"),
                legend="Trust lead contact",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                text("chair_of_governors_name"),
                text("chair_of_governors_email"),
                legend="Chair of governors",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                text("headteacher_name"), text("headteacher_email"), legend="Headteacher", legend_size=Size.MEDIUM
            ),
            Fieldset(
                Field.radios("payment_method", legend_size=Size.SMALL, small=True),
                Field.radios("invoice_timing", legend_size=Size.SMALL, small=True),
                Field.text("payment_due_days", field_width=Fixed.FIVE),
                text("trust_vat_number", Fluid.ONE_HALF),
                text("purchase_order_reference", Fluid.ONE_HALF),
                text("internal_reference", Fluid.ONE_HALF),
                textarea("payment_terms", rows=3),
                legend="Payment",
                legend_size=Size.MEDIUM,
            ),
            submit=submit,
        )

    def clean(self):
        # The term rule is checked again by the service; checking here too means a person sees it
        # alongside any other mistakes, not only after fixing those.
        data = super().clean()
        for name, default in self.DEFAULTS.items():
            if data.get(name) in (None, "") and name not in self.errors:
                data[name] = default
        if data.get("start_date") and data.get("end_date"):
            for field, message in term_errors(data["start_date"], data["end_date"]).items():
                self.add_error(field, message)
        return data

    @classmethod
    def initial_for(cls, partnership) -> dict:
        return {name: getattr(partnership, name) for name in cls.base_fields}


# --- Terms and conditions -------------------------------------------------------------------------


class ClauseForm(GovukForm):
    section = forms.TypedChoiceField(label="Section", choices=ClauseSection.choices, coerce=int)
    heading = forms.CharField(label="Heading", max_length=limit(Clause, "heading"))
    body = forms.CharField(label="Clause text", max_length=limit(Clause, "body"), widget=forms.Textarea)

    def __init__(self, *args, submit="Save clause", **kwargs):
        super().__init__(*args, **kwargs)
        required(self.fields["section"], "Choose the section this clause belongs in")
        required(self.fields["heading"], "Enter a heading for the clause")
        required(self.fields["body"], "Enter the text of the clause")
        self.helper = gds_helper(Field.select("section"), text("heading"), textarea("body", rows=8), submit=submit)


class AddFromLibraryForm(GovukForm):
    """Choose any number of the trust's own, non-archived library clauses, shown by section.
    Any other id is a form error. Clauses the partnership already has are marked (and the
    service skips them). The template writes the checkboxes, grouped under their sections."""

    library_clause = forms.TypedMultipleChoiceField(
        label="Which clauses do you want to add?",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one clause from the library",
            "invalid_choice": "Choose a clause from your trust's library",
        },
    )

    def __init__(self, *args, trust, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.library = {
            clause.pk: clause
            for clause in LibraryClause.objects.filter(trust=trust, is_archived=False).order_by(
                "section", "heading", "id"
            )
        }
        self.present = library_clauses_present(partnership, self.library.values())
        self.fields["library_clause"].choices = [(pk, clause.heading) for pk, clause in self.library.items()]
        self.helper = FormHelper()  # for the error summary; the template writes the form itself
        self.helper.form_tag = False

    def clean_library_clause(self) -> list[LibraryClause]:
        return [self.library[pk] for pk in self.library if pk in set(self.cleaned_data["library_clause"])]

    def sections(self) -> list[dict]:
        """The library by section, each clause with whether it was ticked and is already present."""
        posted = self.data.getlist("library_clause") if isinstance(self.data, QueryDict) else []
        ticked = {str(value) for value in posted}
        sections: dict[int, dict] = {}
        for pk, clause in self.library.items():
            section = sections.setdefault(clause.section, {"title": clause.get_section_display(), "clauses": []})
            section["clauses"].append(
                {
                    "clause": clause,
                    "summary": markup.summary(clause.body, 140),
                    "checked": str(pk) in ticked,
                    "present": pk in self.present,
                }
            )
        return list(sections.values())


class LibraryClauseForm(ClauseForm):
    pass


# --- School term dates ---------------------------------------------------------------------------


class TermDatesForm(GovukForm):
    """One academic year's term dates, for all the trust's partner schools or one local authority's."""

    academic_year = forms.IntegerField(
        label="Academic year starting in",
        min_value=2000,
        max_value=2098,
        help_text="The year the academic year starts: 2026 for 2026/27.",
        error_messages={"required": "Enter the year the academic year starts in"},
    )
    la_code = forms.CharField(
        label="Local authority code (optional)",
        max_length=3,
        required=False,
        validators=[RegexValidator(r"^[0-9]{3}$", "Enter a local authority code of 3 numbers, like 383")],
        help_text="Leave blank for the dates all your partner schools keep. For example, 383 for Leeds.",
    )
    autumn_starts_on = GovukDateField(what="start of the autumn term", label="Autumn term starts")
    autumn_ends_on = GovukDateField(what="end of the autumn term", label="Autumn term ends")
    spring_starts_on = GovukDateField(what="start of the spring term", label="Spring term starts")
    spring_ends_on = GovukDateField(what="end of the spring term", label="Spring term ends")
    summer_starts_on = GovukDateField(what="start of the summer term", label="Summer term starts")
    summer_ends_on = GovukDateField(what="end of the summer term", label="Summer term ends")

    def __init__(self, *args, submit="Save term dates", fixed_year=False, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_year:  # changing a year's dates: which year and where are not the question
            del self.fields["academic_year"], self.fields["la_code"]
        head = (
            []
            if fixed_year
            else [Field.text("academic_year", field_width=Fixed.FOUR), Field.text("la_code", field_width=Fixed.FOUR)]
        )
        self.helper = gds_helper(
            *head,
            *(Field(name) for name in self.fields if name.endswith("_on")),
            submit=submit,
        )
        self.helper.label_size = self.helper.legend_size = Size.SMALL


# --- Service charge -------------------------------------------------------------------------------


class CostLineForm(GovukForm):
    description = forms.CharField(
        label="Description",
        max_length=limit(CostLine, "description"),
        help_text="For example, Headteacher mentoring (half a day a fortnight)",
    )
    amount = MoneyField(
        label="Amount each time, in pounds",
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("9999999.99"),
        help_text="Before VAT. For example, £1,500.00",
    )
    frequency = forms.ChoiceField(
        label="How often is it charged?", choices=CostLine.Frequency.choices, widget=forms.RadioSelect
    )
    vat_treatment = forms.ChoiceField(
        label="VAT",
        choices=CostLine.VatTreatment.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, submit="Save cost", **kwargs):
        super().__init__(*args, **kwargs)
        required(self.fields["description"], "Enter a description of what is charged for")
        required(self.fields["amount"], "Enter the amount in pounds")
        self.fields["amount"].error_messages.update(
            invalid="Enter the amount as a number, like 1500, 1,500.50 or £1,500",
            min_value="The amount must be at least £0.01",
            max_value="The amount must be £9,999,999.99 or less",
            max_decimal_places="Enter the amount in pounds and pence, with no more than 2 numbers after the point",
            max_digits="The amount must be £9,999,999.99 or less",
            max_whole_digits="The amount must be £9,999,999.99 or less",
        )
        self.fields["amount"].widget = forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})
        required(self.fields["frequency"], "Choose how often it is charged")
        required(self.fields["vat_treatment"], "Choose the VAT treatment")
        self.helper = gds_helper(
            text("description"),
            Field.text("amount", field_width=Fixed.TEN),
            Field.radios("frequency", legend_size=Size.SMALL, small=True),
            Field.radios("vat_treatment", legend_size=Size.SMALL, small=True),
            submit=submit,
        )


class ChargingForm(GovukForm):
    """Whether there is a service charge at all (a partnership with no charge needs no cost lines)."""

    no_charge = forms.TypedChoiceField(
        label="Does the school pay a service charge?",
        choices=[("False", "Yes, the school pays for the support"), ("True", "No, the trust provides it at no cost")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the school pays a service charge"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.radios("no_charge", legend_size=Size.MEDIUM, small=True), submit="Save")


# --- Objectives and activities --------------------------------------------------------------------


class ObjectiveForm(GovukForm):
    description = forms.CharField(
        label="Objective",
        max_length=limit(Objective, "description"),
        widget=forms.Textarea,
        help_text="What the partnership aims to improve.",
    )
    measure_of_success = forms.CharField(
        label="How will you know it has been achieved?",
        max_length=limit(Objective, "measure_of_success"),
        widget=forms.Textarea,
    )
    target_date = GovukDateField(what="target date", label="Target date", help_text=example_date(months_ahead=9))

    def __init__(self, *args, submit="Save objective", **kwargs):
        super().__init__(*args, **kwargs)
        required(self.fields["description"], "Enter the objective")
        required(self.fields["measure_of_success"], "Enter how you will know the objective has been achieved")
        self.helper = gds_helper(
            textarea("description", rows=3), textarea("measure_of_success", rows=3), Field("target_date"), submit=submit
        )


class ActivityForm(GovukForm):
    category = forms.ChoiceField(
        label="Type of activity",
        choices=Activity.Category.choices,
        help_text="The DfE expects most activity to focus on teaching and leadership.",
    )
    title = forms.CharField(label="Title", max_length=limit(Activity, "title"))
    description = forms.CharField(
        label="Description (optional)", max_length=limit(Activity, "description"), widget=forms.Textarea, required=False
    )
    lead = forms.CharField(
        label="Who leads it?",
        max_length=limit(Activity, "lead"),
        help_text="Name and role, for example Jo Fletcher, CEO",
    )
    starts_on = GovukDateField(what="start date", label="Start date", help_text=example_date(months_ahead=2, day=15))
    ends_on = GovukDateField(what="end date", label="End date", help_text=example_date(months_ahead=8, day=16))

    def __init__(self, *args, submit="Save activity", **kwargs):
        super().__init__(*args, **kwargs)
        required(self.fields["category"], "Choose the type of activity")
        required(self.fields["title"], "Enter a title for the activity")
        required(self.fields["lead"], "Enter who leads the activity")
        self.helper = gds_helper(
            Field.select("category"),
            text("title"),
            textarea("description", rows=4),
            text("lead"),
            Field("starts_on"),
            Field("ends_on"),
            submit=submit,
        )


class ActivityProgressForm(GovukForm):
    status = forms.ChoiceField(
        label="How is this activity going?",
        choices=Activity.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the activity is going"},
    )
    impact_notes = forms.CharField(
        label="Impact so far",
        max_length=limit(Activity, "impact_notes"),
        widget=forms.Textarea,
        required=False,
        help_text="What has changed for pupils and staff because of this activity.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("status", legend_size=Size.MEDIUM, small=True),
            textarea("impact_notes"),
            submit="Save progress",
        )


# --- Comments and state changes -------------------------------------------------------------------


class CommentForm(GovukForm):
    body = forms.CharField(
        label="Comment",
        max_length=limit(Comment, "body"),
        widget=forms.Textarea,
        error_messages={"required": "Enter your comment"},
    )
    section = forms.TypedChoiceField(
        label="Which part is it about?",
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", "The agreement as a whole"), *ClauseSection.choices],
    )
    # Text, not a number: a tampered value is reported by the view at the top of the page, since
    # an error on a hidden field would not appear in the error summary.
    clause = forms.CharField(
        widget=forms.HiddenInput,
        required=False,
        max_length=20,
        error_messages={"max_length": "Choose a clause of this partnership."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            textarea("body", rows=4), Field.select("section"), Field("clause"), submit="Add comment"
        )


def reason_field(
    *, label: str = "Reason", hint: str = "", required: str = "Enter a reason", max_length: int | None = None
) -> forms.CharField:
    """A confirmation page's reason: a text area as long as the column it is kept in allows
    (a partnership's closure_reason unless `max_length` says otherwise)."""
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=limit(Partnership, "closure_reason") if max_length is None else max_length,
        widget=forms.Textarea,
        error_messages={"required": required},
    )


class ReasonForm(GovukForm):
    """The one reason a confirmation page asks for (withdraw, recall, decline an enquiry...). The
    view says what is asked (`reason_label`, `reason_hint`), the message when it is left empty
    (`reason_required`) and, when the reason is kept somewhere other than a partnership's
    closure_reason, the most it may hold (`max_length`, read from the model through limit())."""

    reason = reason_field()

    def __init__(
        self,
        *args,
        reason_label="Reason",
        reason_hint="",
        reason_required="Enter a reason",
        max_length: int | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        reason = reason_field(label=reason_label, hint=reason_hint, required=reason_required, max_length=max_length)
        self.fields["reason"] = without_control_characters_in(reason)
        self.helper = gds_helper(textarea("reason", rows=4, label_size=Size.SMALL), submit=None, form_tag=False)


class EndEarlyForm(ReasonForm):
    ended_on = GovukDateField(
        what="actual end date",
        label="Actual end date",
        help_text=example_date("The last day of the partnership.", months_ahead=4, day=None),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, reason_label="Why is the partnership ending early?", **kwargs)
        self.helper = gds_helper(
            date("ended_on", Size.SMALL), textarea("reason", rows=4, label_size=Size.SMALL), submit=None, form_tag=False
        )


class ExtendForm(ReasonForm):
    end_date = GovukDateField(what="new end date", label="New end date")

    def __init__(self, *args, latest_end: datetime.date, **kwargs):
        super().__init__(*args, reason_label="Why is the partnership being extended?", **kwargs)
        self.fields["end_date"].help_text = (
            f"The whole partnership must last no more than {settings.PARTNERSHIP_MAX_MONTHS} months: "
            f"the latest end date is {format_date(latest_end)}."
        )
        self.helper = gds_helper(
            date("end_date", Size.SMALL), textarea("reason", rows=4, label_size=Size.SMALL), submit=None, form_tag=False
        )


# --- The governors' pages -------------------------------------------------------------------------

Outcome = AcademisationConsideration.Outcome


class ApproveForm(GovukForm):
    # The version the person read: approving is refused if another is now in review.
    agreement_version = forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value"), "Reload the page and read the agreement again."
        ),
    )
    meeting_date = GovukDateField(
        what="date of the governing body meeting",
        label="When did the governing body resolve to enter the agreement?",
        help_text="The date of the meeting, for example 14 10 2026. The agreement’s execution page prints it.",
    )
    meeting_resolution = forms.CharField(
        label="Resolution or minute reference",
        max_length=limit(ReviewDecision, "meeting_resolution"),
        help_text="For example, Minute 7.2: the governing body resolved to enter the partnership agreement.",
        error_messages={"required": "Enter the resolution or minute reference"},
    )
    comment = forms.CharField(
        label="Anything to add? (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args, authorised_by: str = "", **kwargs):
        """`authorised_by` describes an authorised governor's authorisation: for them the meeting is
        optional (the agreement prints their authorisation's meeting if they leave it blank). The
        chair has none, so must name the meeting."""
        super().__init__(*args, **kwargs)
        if authorised_by:
            for name in ("meeting_date", "meeting_resolution"):
                self.fields[name].required = False
                self.fields[name].label = f"{self.fields[name].label} (optional)"
            self.fields[
                "meeting_date"
            ].help_text = (
                f"If you leave this blank, the agreement prints the meeting that authorised you: {authorised_by}."
            )
        self.helper = gds_helper(
            Field("agreement_version"),
            date("meeting_date", Size.SMALL),
            text("meeting_resolution", label_size=Size.SMALL),
            textarea("comment", rows=3, label_size=Size.SMALL),
            submit=None,
            form_tag=False,
        )


class RequestChangesForm(GovukForm):
    reason = forms.CharField(
        label="What does the trust need to change?",
        max_length=5000,
        widget=forms.Textarea,
        help_text="Say which sections or clauses, and what the governing body wants instead. The trust will see this.",
        error_messages={"required": "Enter what the trust needs to change"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(textarea("reason", rows=6, label_size=Size.MEDIUM), submit="Send to the trust")


def _step_date(what: str, label: str, hint: str = "") -> GovukDateField:
    return GovukDateField(what=what, label=f"{label} (optional)", required=False, help_text=hint)


class AcademisationForm(GovukForm):
    """The academisation record: the steps the governing body has taken so far, and its decision."""

    resolution_on = _step_date(
        "date of the governing body resolution",
        "Governing body resolution",
        "The meeting that resolved to apply for an academy order.",
    )
    consultation_started_on = GovukDateField(
        what="date the consultation started",
        label="When did the formal consultation start? (optional)",
        required=False,
        help_text=example_date("Leave blank if there has not been a formal consultation.", months_ahead=1, day=14),
    )
    consultation_ended_on = _step_date("date the consultation ended", "When did the consultation end?")
    consultees = forms.CharField(
        label="Who was consulted (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea,
        help_text="For example, parents and carers, staff, the local authority and the diocese.",
    )
    consultation_outcome = forms.CharField(
        label="Outcome of the consultation (optional)", max_length=2000, required=False, widget=forms.Textarea
    )
    academy_order_applied_on = _step_date("date the academy order was applied for", "Academy order applied for")
    academy_order_made_on = _step_date("date the academy order was made", "Academy order made")
    foundation_consent_on = _step_date(
        "date of the diocese or foundation consent",
        "Diocese or foundation consent",
        "Church and other foundation schools need it before they convert.",
    )
    regional_director_informed_on = _step_date("date the regional director was informed", "Regional director informed")
    local_authority_informed_on = _step_date("date the local authority was informed", "Local authority informed")
    intended_conversion_on = _step_date(
        "intended conversion date", "Intended conversion date", "The only date that may be in the future."
    )
    conversion_project_url = forms.URLField(
        label="Link to the DfE conversion project (optional)", max_length=500, required=False, assume_scheme="https"
    )
    outcome = forms.ChoiceField(
        label="What has the governing body decided?",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the governing body has decided"},
    )
    decided_on = GovukDateField(
        what="decision date",
        label="Date of the decision",
        required=False,
        help_text=example_date("Leave blank if the governing body has not decided yet.", months_ahead=3, day=20),
    )
    notes = forms.CharField(
        label="Notes (optional)",
        max_length=5000,
        required=False,
        widget=forms.Textarea,
        help_text="For example, the consultation's findings or the next steps.",
    )
    DATE_FIELDS = (
        "resolution_on",
        "consultation_started_on",
        "consultation_ended_on",
        "academy_order_applied_on",
        "academy_order_made_on",
        "foundation_consent_on",
        "regional_director_informed_on",
        "local_authority_informed_on",
        "intended_conversion_on",
        "decided_on",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field("resolution_on"),
            Field("consultation_started_on"),
            Field("consultation_ended_on"),
            textarea("consultees", rows=2),
            textarea("consultation_outcome", rows=3),
            Field("academy_order_applied_on"),
            Field("academy_order_made_on"),
            Field("foundation_consent_on"),
            Field("regional_director_informed_on"),
            Field("local_authority_informed_on"),
            Field("intended_conversion_on"),
            text("conversion_project_url"),
            Field.radios("outcome"),
            Field("decided_on"),
            textarea("notes", rows=4),
            submit="Save",
        )
        self.helper.label_size = self.helper.legend_size = Size.SMALL

    def clean(self):
        # The service has the last word; checking here too shows every problem at once.
        cleaned = super().clean()
        decided = cleaned.get("outcome") in Outcome.DECIDED
        if decided and cleaned.get("decided_on") is None and "decided_on" not in self.errors:
            self.add_error("decided_on", review_services.DECISION_DATE_REQUIRED)
        if cleaned.get("outcome") == Outcome.UNDECIDED and cleaned.get("decided_on") is not None:
            self.add_error("decided_on", review_services.DECISION_DATE_NOT_ALLOWED)
        return cleaned

    def _clean_fields(self):
        # A date with only some of day, month and year typed is an error, not a blank.
        super()._clean_fields()
        for name in self.DATE_FIELDS:
            if name in self.cleaned_data:
                try:
                    self.cleaned_data[name] = self._complete_date(name)
                except forms.ValidationError as error:
                    self.add_error(name, error)

    def _complete_date(self, name):
        # A date with only some of day, month and year typed is an error, not a blank.
        value = self.cleaned_data.get(name)
        typed = [self.data.get(f"{name}_{part}", "").strip() for part in range(3)]
        if value is None and any(typed):
            raise forms.ValidationError(f"Enter the {self.fields[name].what}, including a day, month and year")
        return value
