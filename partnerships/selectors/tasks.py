"""The partnership task list (GOV.UK task list pattern) and whether the agreement is issued."""

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Exists, OuterRef

from partnerships.models import Partnership

from .readiness import missing_for_review, missing_required_sections, plan_warnings


class TaskStatus(StrEnum):
    """A task's status, worded as the GOV.UK task list pattern words it."""

    NOT_STARTED = "Not started"
    IN_PROGRESS = "In progress"
    COMPLETED = "Completed"
    CANNOT_START = "Cannot start yet"

    @property
    def cannot_start(self) -> bool:
        """The task list greys a task that cannot start yet."""
        return self is TaskStatus.CANNOT_START

    @property
    def tag_class(self) -> str:
        """The GOV.UK tag modifier; "" for the statuses the pattern shows as plain text."""
        return {TaskStatus.NOT_STARTED: "govuk-tag--blue", TaskStatus.IN_PROGRESS: "govuk-tag--light-blue"}.get(
            self, ""
        )


TASK_NOT_STARTED = TaskStatus.NOT_STARTED
TASK_IN_PROGRESS = TaskStatus.IN_PROGRESS
TASK_COMPLETED = TaskStatus.COMPLETED
TASK_CANNOT_START = TaskStatus.CANNOT_START

# What to do about the agreement once the governors have approved it (task list and home page).
ISSUE_NOW = "Issue the agreement now the governors have approved it"
ISSUE_BEFORE_START = "Issue the agreement before the start date"
WAIT_FOR_START = "Nothing until it starts on {start}"


@dataclass(frozen=True)
class Task:
    """One row of the task list. `key` says which page it links to; views turn it into a URL."""

    key: str
    title: str
    status: TaskStatus
    hint: str = ""


def _agreement_versions(partnership: Partnership) -> list:
    # The agreements app owns the versions; a partnership without the relation has none.
    related = getattr(partnership, "agreement_versions", None)
    return list(related.all()) if related is not None else []


def issued_agreement_exists():
    """EXISTS subquery for with_progress(): the partnership has an issued agreement in force."""
    from agreements.models import AgreementVersion

    return Exists(AgreementVersion.objects.in_force().filter(partnership_id=OuterRef("pk")))


def agreement_issued(partnership: Partnership, versions: list | None = None) -> bool:
    """Whether an issued version of the agreement is in force (a later draft does not undo that).

    The task list and the home page's next step both ask this, so they cannot disagree. Reads
    with_progress()'s annotation, or the versions already loaded, before asking the database.
    """
    from agreements.models import AgreementVersion

    if hasattr(partnership, "has_issued_agreement"):
        return partnership.has_issued_agreement
    if versions is None:
        return partnership.agreement_versions.in_force().exists()
    return any(version.status == AgreementVersion.Status.ISSUED for version in versions)


def _activity_task(partnership: Partnership, activities: list) -> Task:
    title = "Activity plan"
    if not activities:
        return Task("activities", title, TASK_NOT_STARTED)
    if partnership.status in Partnership.Status.BINDING:
        finished = all(activity.status in ("done", "cancelled") for activity in activities)
        return Task(
            "activities",
            title,
            TASK_COMPLETED if finished else TASK_IN_PROGRESS,
            "" if finished else "Record progress and impact as the activities happen",
        )
    if plan_warnings(partnership, activities):
        return Task("activities", title, TASK_IN_PROGRESS, "Add a teaching or leadership activity")
    return Task("activities", title, TASK_COMPLETED)


def _agreement_task(partnership: Partnership) -> Task:
    versions = _agreement_versions(partnership)
    if agreement_issued(partnership, versions):
        return Task("agreement", "Agreement", TASK_COMPLETED)
    if partnership.status in Partnership.Status.BINDING:
        return Task("agreement", "Agreement", TASK_IN_PROGRESS if versions else TASK_NOT_STARTED, ISSUE_NOW)
    if versions:
        return Task("agreement", "Agreement", TASK_IN_PROGRESS, "Draft generated; issue it once the governors approve")
    return Task("agreement", "Agreement", TASK_NOT_STARTED)


def _review_task(partnership: Partnership, missing: list[str]) -> Task:
    Status = Partnership.Status
    status = partnership.status
    if status in (Status.AGREED, Status.ACTIVE, Status.CONCLUDED, Status.ENDED_EARLY):
        return Task("review", "Governor review", TASK_COMPLETED, "Approved by the governing body")
    if status == Status.IN_REVIEW:
        return Task("review", "Governor review", TASK_IN_PROGRESS, "Waiting for the governors")
    if status == Status.CHANGES_REQUESTED:
        return Task("review", "Governor review", TASK_IN_PROGRESS, "The governors asked for changes")
    if missing:
        return Task("review", "Governor review", TASK_CANNOT_START, "Complete the tasks above first")
    return Task("review", "Governor review", TASK_NOT_STARTED)


def _academisation_task(partnership: Partnership) -> Task:
    from partnerships.models import AcademisationConsideration

    title = "Academisation decision"
    if partnership.status not in (
        *Partnership.Status.BINDING,
        Partnership.Status.CONCLUDED,
        Partnership.Status.ENDED_EARLY,
    ):
        return Task(
            "academisation", title, TASK_CANNOT_START, "The governors record this once the partnership is agreed"
        )
    record = AcademisationConsideration.objects.filter(partnership=partnership).first()
    if record is None:
        return Task("academisation", title, TASK_NOT_STARTED, "Recorded by the governors")
    return Task(
        "academisation", title, TASK_COMPLETED if record.is_decided else TASK_IN_PROGRESS, record.get_outcome_display()
    )


def _terms_task(partnership: Partnership) -> Task:
    if not partnership.clauses.exists():
        return Task("terms", "Terms and conditions", TASK_NOT_STARTED)
    sections = missing_required_sections(partnership)
    if sections:
        return Task("terms", "Terms and conditions", TASK_IN_PROGRESS, f"Still needed: {', '.join(sections)}")
    return Task("terms", "Terms and conditions", TASK_COMPLETED)


def task_list(partnership: Partnership) -> list[Task]:
    """The partnership's tasks in the order the DfE-style task list shows them (a few queries, fixed)."""
    activities = list(partnership.activities.all())
    missing = missing_for_review(partnership)
    has_charge = partnership.no_charge or partnership.cost_lines.exists()
    return [
        Task("details", "Key details", TASK_COMPLETED),
        _terms_task(partnership),
        Task(
            "charge",
            "Service charge",
            TASK_COMPLETED if has_charge else TASK_NOT_STARTED,
            "No charge" if partnership.no_charge else "",
        ),
        Task("objectives", "Objectives", TASK_COMPLETED if partnership.objectives.exists() else TASK_NOT_STARTED),
        _activity_task(partnership, activities),
        _agreement_task(partnership),
        _review_task(partnership, missing),
        _academisation_task(partnership),
    ]
