"""Forms for delivery and impact, laid out with crispy-forms-gds. They collect and tidy input;
the services in delivery.services validate and write."""

from crispy_forms_gds.layout import HTML, Field, Fieldset, Fluid, Size
from django import forms
from django.utils.html import format_html

from partnerships.forms import GovukDateField, GovukForm, gds_helper, text, textarea

from .models import EndReview, ObjectiveAchievement, Rating
from .services import AchievementInput, RatingInput


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


class EndReviewForm(GovukForm):
    """What was achieved against each objective, the outcome, lessons and whether to recommend it."""

    outcome = forms.ChoiceField(
        label="What is the outcome for the school?",
        choices=EndReview.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome for the school"},
    )
    lessons = forms.CharField(
        label="Lessons learned",
        max_length=5000,
        widget=forms.Textarea,
        help_text="What worked, what did not, and what you would do differently.",
        error_messages={"required": "Enter the lessons learned"},
    )
    would_recommend = forms.TypedChoiceField(
        label="Would you recommend a partnership like this to other schools and trusts?",
        choices=(("True", "Yes"), ("False", "No")),
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you would recommend the partnership"},
    )

    def __init__(self, *args, objectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.objectives = list(objectives)
        fieldsets = [self._objective_fields(number, objective) for number, objective in enumerate(self.objectives, 1)]
        self.helper = gds_helper(
            HTML('<h2 class="govuk-heading-m">What was achieved against each objective</h2>'),
            *fieldsets,
            Field.radios("outcome", legend_size=Size.MEDIUM),
            textarea("lessons", rows=5, label_size=Size.MEDIUM),
            Field.radios("would_recommend", legend_size=Size.MEDIUM, inline=True),
            submit="Save the end-of-partnership review",
        )

    def _objective_fields(self, number, objective) -> Fieldset:
        achievement, comment = f"achievement_{objective.pk}", f"comment_{objective.pk}"
        self.fields[achievement] = forms.ChoiceField(
            label="How far was it achieved?",
            choices=ObjectiveAchievement.Achievement.choices,
            widget=forms.RadioSelect,
            error_messages={"required": f"Select how far ‘{objective.description}’ was achieved"},
        )
        self.fields[comment] = forms.CharField(
            label="What was achieved", max_length=2000, required=False, widget=forms.Textarea
        )
        return Fieldset(
            Field.radios(achievement, legend_size=Size.SMALL, inline=True),
            textarea(comment, rows=3),
            legend=format_html("Objective {}: {}", number, objective.description),
            legend_size=Size.SMALL,
        )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "outcome": data["outcome"],
            "lessons": data["lessons"],
            "would_recommend": data["would_recommend"],
            "achievements": [
                AchievementInput(
                    objective=objective,
                    achievement=data.get(f"achievement_{objective.pk}", ""),
                    comment=data.get(f"comment_{objective.pk}", ""),
                )
                for objective in self.objectives
            ],
        }

    @classmethod
    def initial_for(cls, review) -> dict:
        if review is None:
            return {}
        initial = {"outcome": review.outcome, "lessons": review.lessons, "would_recommend": str(review.would_recommend)}
        for row in review.achievements.all():
            initial[f"achievement_{row.objective_id}"] = row.achievement
            initial[f"comment_{row.objective_id}"] = row.comment
        return initial


class ImpactReportForm(GovukForm):
    """The staff's short narrative for each part of the report (each optional)."""

    PARTS = (
        ("context_narrative", "Context", "For example, the school's recent history and why it sought a partner."),
        ("support_narrative", "Support provided to date", "What the support has involved, in the school's words too."),
        ("plan_narrative", "Plan for future support", "What comes next and why."),
        ("impact_narrative", "Early impact", "What has changed so far, and the school's position on joining a trust."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label, hint in self.PARTS:
            self.fields[name] = forms.CharField(
                label=f"{label} (optional)", max_length=2000, required=False, widget=forms.Textarea, help_text=hint
            )
        self.helper = gds_helper(
            *(textarea(name, rows=4, label_size=Size.SMALL) for name, _label, _hint in self.PARTS),
            submit="Generate the report",
        )


class EvidenceForm(GovukForm):
    title = forms.CharField(
        label="What does it show?",
        max_length=200,
        help_text="For example, the notes of the November lesson visits.",
        error_messages={"required": "Enter what the evidence shows"},
    )
    url = forms.CharField(
        label="Link (optional)",
        max_length=500,
        required=False,
        help_text="A link to a document the school and the trust can both open, starting with https://",
    )
    file = forms.FileField(
        label="Or upload a file (optional)",
        required=False,
        help_text="A PDF, JPG or PNG image, or a Word, Excel or PowerPoint document, smaller than 5 MB.",
        error_messages={"empty": "The selected file is empty", "invalid": "The selected file could not be read"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].widget.attrs.update(spellcheck="false", inputmode="url")
        self.helper = gds_helper(text("title"), text("url"), Field("file"), submit="Add evidence")
