"""Forms for delivery and impact, laid out with crispy-forms-gds. They collect and tidy input;
the services in delivery.services validate and write."""

from crispy_forms_gds.layout import HTML, Field, Fieldset, Fluid, Size
from django import forms
from django.utils.html import format_html

from partnerships.forms import GovukDateField, GovukForm, gds_helper, text, textarea

from .models import Rating
from .services import RatingInput


class ScheduleReviewForm(GovukForm):
    scheduled_for = GovukDateField(
        what="date of the review", label="Date of the review", help_text="For example, 9 12 2026"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field("scheduled_for"), submit="Schedule the review")


class ReviewRecordForm(GovukForm):
    """The meeting's date and attendees, then a rating with evidence and next steps for every
    objective of the partnership (one fieldset each), then notes."""

    held_on = GovukDateField(
        what="date of the meeting", label="Date of the meeting", help_text="For example, 9 12 2026"
    )
    trust_attendees = forms.CharField(
        label="Who attended for the trust",
        max_length=2000,
        widget=forms.Textarea,
        help_text="Names and roles, one on each line.",
        error_messages={"required": "Enter who attended for the trust"},
    )
    school_attendees = forms.CharField(
        label="Who attended for the school",
        max_length=2000,
        widget=forms.Textarea,
        help_text="Names and roles, one on each line.",
        error_messages={"required": "Enter who attended for the school"},
    )
    notes = forms.CharField(label="Notes (optional)", max_length=5000, required=False, widget=forms.Textarea)

    def __init__(self, *args, objectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.objectives = list(objectives)
        fieldsets = [self._objective_fields(number, objective) for number, objective in enumerate(self.objectives, 1)]
        self.helper = gds_helper(
            Field("held_on"),
            textarea("trust_attendees", rows=3),
            textarea("school_attendees", rows=3),
            HTML('<h2 class="govuk-heading-m">Progress against each objective</h2>'),
            *fieldsets,
            textarea("notes", rows=4, label_size=Size.MEDIUM),
            submit="Save the review",
        )

    def _objective_fields(self, number, objective) -> Fieldset:
        rating, evidence, next_steps = (f"{name}_{objective.pk}" for name in ("rating", "evidence", "next_steps"))
        self.fields[rating] = forms.ChoiceField(
            label="How is it going?",
            choices=Rating.choices,
            widget=forms.RadioSelect,
            error_messages={"required": f"Select how ‘{objective.description}’ is going"},
        )
        self.fields[evidence] = forms.CharField(
            label="Evidence",
            max_length=2000,
            required=False,
            widget=forms.Textarea,
            help_text="What the rating is based on: data, visits, work seen.",
        )
        self.fields[next_steps] = forms.CharField(
            label="Next steps", max_length=2000, required=False, widget=forms.Textarea
        )
        legend = format_html("Objective {}: {}", number, objective.description)
        return Fieldset(
            Field.radios(rating, legend_size=Size.SMALL, inline=True),
            textarea(evidence, rows=3),
            textarea(next_steps, rows=2),
            legend=legend,
            legend_size=Size.SMALL,
        )

    def ratings(self) -> list[RatingInput]:
        data = self.cleaned_data
        return [
            RatingInput(
                objective=objective,
                rating=data.get(f"rating_{objective.pk}", ""),
                evidence=data.get(f"evidence_{objective.pk}", ""),
                next_steps=data.get(f"next_steps_{objective.pk}", ""),
            )
            for objective in self.objectives
        ]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "trust_attendees": data["trust_attendees"],
            "school_attendees": data["school_attendees"],
            "notes": data["notes"],
            "ratings": self.ratings(),
        }


class ReviewActionForm(GovukForm):
    description = forms.CharField(
        label="What needs doing", max_length=500, error_messages={"required": "Enter what needs doing"}
    )
    owner = forms.CharField(
        label="Who will do it",
        max_length=150,
        error_messages={"required": "Enter who will do it"},
        help_text="A name and role, for example Jo Fletcher, English lead.",
    )
    due_on = GovukDateField(what="due date", label="Due date", help_text="For example, 31 1 2027")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            text("description"), text("owner", Fluid.ONE_HALF), Field("due_on"), submit="Add action"
        )


class ReviewCommentForm(GovukForm):
    body = forms.CharField(
        label="Your comment", max_length=5000, widget=forms.Textarea, error_messages={"required": "Enter your comment"}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(textarea("body", rows=5, label_size=Size.MEDIUM), submit="Add comment")
