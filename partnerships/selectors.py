"""Non-trivial reads about partnerships."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from partnerships.dates import format_date
from partnerships.models import ClauseSection, Comment, Partnership

MISSING_CLAUSE = "add at least one clause to the terms and conditions"
MISSING_SECTIONS = "add clauses to the sections a contract cannot do without: {sections}"
MISSING_COST = "add a cost line to the service charge, or record that there is no charge"
MISSING_OBJECTIVE = "add at least one objective"
MISSING_ACTIVITY = "add at least one activity to the activity plan"
NO_TEACHING_OR_LEADERSHIP = (
    "The activity plan has no teaching or leadership activity. The DfE expects a trust partnership "
    "to focus on teaching and leadership, such as headteacher mentoring or curriculum development."
)


def missing_for_review(partnership: Partnership) -> list[str]:
    """What must be added before the governors can review the partnership, in task-list order."""
    missing = []
    if not partnership.clauses.exists():
        missing.append(MISSING_CLAUSE)
    else:
        sections = missing_required_sections(partnership)
        if sections:
            missing.append(MISSING_SECTIONS.format(sections=", ".join(sections)))
    if not partnership.no_charge and not partnership.cost_lines.exists():
        missing.append(MISSING_COST)
    if not partnership.objectives.exists():
        missing.append(MISSING_OBJECTIVE)
    if not partnership.activities.exists():
        missing.append(MISSING_ACTIVITY)
    return missing


def required_sections(partnership: Partnership) -> list[ClauseSection]:
    """The sections settings.AGREEMENT_REQUIRED_SECTIONS lists (names of ClauseSection members);
    the charges section only where there is a charge."""
    sections = [ClauseSection[name] for name in settings.AGREEMENT_REQUIRED_SECTIONS]
    if partnership.no_charge:
        sections = [section for section in sections if section != ClauseSection.CHARGES]
    return sections


def missing_required_sections(partnership: Partnership) -> list[str]:
    """Labels of the required sections that have no clause yet, in print order."""
    required = required_sections(partnership)
    if not required:
        return []
    present = set(partnership.clauses.values_list("section", flat=True))
    return [section.label for section in required if section not in present]


def plan_warnings(partnership: Partnership, activities=None) -> list[str]:
    """Warnings (not errors) about the activity plan."""
    activities = list(partnership.activities.all() if activities is None else activities)
    if activities and not any(activity.is_teaching_or_leadership for activity in activities):
        return [NO_TEACHING_OR_LEADERSHIP]
    return []


def lacks_teaching_or_leadership(queryset=None):
    """Partnerships with activities, none of them in a teaching-or-leadership category."""
    from partnerships.models import Activity

    queryset = Partnership.objects.all() if queryset is None else queryset
    return (
        queryset.filter(activities__isnull=False)
        .exclude(activities__category__in=Activity.Category.TEACHING_AND_LEADERSHIP)
        .distinct()
    )


# --- The partnership task list ------------------------------------------------------------------


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


# --- What needs doing next (home page) -----------------------------------------------------------


def with_progress(queryset):
    """Annotate has_clauses/has_cost_lines/has_objectives/has_activities/has_issued_agreement with
    EXISTS subqueries.

    One query for the whole list, whatever its length, so the home page can say what to do next.
    """
    from partnerships.models import Activity, Clause, CostLine, Objective

    def exists(model):
        return Exists(model.objects.filter(partnership_id=OuterRef("pk")))

    return queryset.annotate(
        has_clauses=exists(Clause),
        has_cost_lines=exists(CostLine),
        has_objectives=exists(Objective),
        has_activities=exists(Activity),
        has_issued_agreement=issued_agreement_exists(),
    )


def next_step(partnership: Any) -> str:
    """What the trust needs to do next, from a partnership annotated by with_progress() (has_clauses...)."""
    Status = Partnership.Status
    if partnership.status in Status.EDITABLE:
        gaps = [
            (not partnership.has_clauses, "Add the terms and conditions"),
            (not (partnership.no_charge or partnership.has_cost_lines), "Set the service charge"),
            (not partnership.has_objectives, "Add objectives"),
            (not partnership.has_activities, "Plan the activities"),
        ]
        first_gap = next((text for missing, text in gaps if missing), None)
        if first_gap:
            return first_gap
        if partnership.status == Status.CHANGES_REQUESTED:
            return "Make the changes the governors asked for, then send it again"
        return "Send it to the governors for review"
    if partnership.status in Status.BINDING and not agreement_issued(partnership):
        return ISSUE_BEFORE_START if partnership.status == Status.AGREED else ISSUE_NOW
    if partnership.status == Status.AGREED:
        return WAIT_FOR_START.format(start=format_date(partnership.start_date))
    waiting: dict[str, str] = {
        Status.IN_REVIEW: "Wait for the governors to review it",
        Status.ACTIVE: "Record activity progress and impact",
    }
    return waiting.get(partnership.status, "Nothing to do")


# --- Change history ------------------------------------------------------------------------------


@dataclass
class HistoryChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    what: str
    reason: str
    changes: list[HistoryChange] = field(default_factory=list)
    order: tuple = ()


HISTORY_ACTIONS = {"+": "added", "~": "changed", "-": "removed"}
HISTORY_HIDDEN_FIELDS = ["version", "updated_at"]


def _display(model_field, value) -> str:
    if value in (None, ""):
        return "(blank)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return format_date(timezone.localtime(value).date()) if timezone.is_aware(value) else format_date(value.date())
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def _changes(row, previous) -> list[HistoryChange]:
    if previous is None or row.history_type != "~":
        return []
    model_meta = row.instance_type._meta
    # Bookkeeping fields (the edit counter, timestamps) are not changes a person made.
    delta = row.diff_against(previous, excluded_fields=HISTORY_HIDDEN_FIELDS)
    return [
        HistoryChange(
            field=str(model_meta.get_field(change.field).verbose_name).capitalize(),
            old=_display(model_meta.get_field(change.field), change.old),
            new=_display(model_meta.get_field(change.field), change.new),
        )
        for change in delta.changes
        if not model_meta.get_field(change.field).is_relation
    ]


def _who(row) -> str:
    return _person(row.history_user)


def _entries_for(history_queryset, label: str, name_of) -> list[HistoryEntry]:
    """History entries for one model's rows, each diffed against the same object's previous row."""
    rows = history_queryset.select_related("history_user").order_by("id", "history_date", "history_id")
    previous_by_object: dict = {}
    entries = []
    for row in rows:
        previous = previous_by_object.get(row.id)
        previous_by_object[row.id] = row
        name = name_of(row)
        action = f"{label} {HISTORY_ACTIONS.get(row.history_type, 'changed')}"
        reason = row.history_change_reason or ""
        entries.append(
            HistoryEntry(
                when=row.history_date,
                who=_who(row),
                what=action + (f": {name}" if name else ""),
                reason="" if reason.lower() == action.lower() else reason,
                changes=_changes(row, previous),
                order=(row.history_date, row.history_id),
            )
        )
    return entries


def _person(user) -> str:
    return "The service" if user is None else user.display_name


def _numbers(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"version {numbers[0]}"
    return f"versions {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"


def _agreement_entries(partnership: Partnership) -> list[HistoryEntry]:
    """Generating and issuing the agreement, from the versions themselves.

    A version is an append-only record of who generated or issued it and when (issued ones can
    never change or be deleted), so it is the history of the agreement: a second copy of every
    snapshot in a history table would add nothing. Superseding happens as the next version is
    made, so it is told on that version's entry.
    """
    versions = list(partnership.agreement_versions.select_related("generated_by", "issued_by").order_by("number"))
    entries = []
    for version in versions:
        replaced = [
            older.number for older in versions if older.superseded_at and older.superseded_at == version.generated_at
        ]
        if version.issued_at:
            what, who, when = (
                f"Agreement version {version.number} issued",
                _person(version.issued_by),
                version.issued_at,
            )
        else:
            what, who, when = (
                f"Agreement version {version.number} generated as a draft",
                _person(version.generated_by),
                version.generated_at,
            )
        entries.append(
            HistoryEntry(
                when=when,
                who=who,
                what=what,
                order=(when, 0),
                reason=f"Replaces {_numbers(replaced)}" if replaced else "",
            )
        )
    return entries


def partnership_history(partnership: Partnership) -> list[HistoryEntry]:
    """Everything that changed on the partnership and its terms, plan, review and agreement,
    newest first.

    A fixed number of queries (one per kind of record), whatever the length of the history.
    """
    from partnerships.models import (
        AcademisationConsideration,
        Activity,
        Clause,
        Comment,
        CostLine,
        Objective,
        ReviewDecision,
    )

    pk = partnership.pk
    sources = [
        (Partnership.history.filter(id=pk), "Partnership", lambda row: ""),
        (Clause.history.filter(partnership_id=pk), "Clause", lambda row: row.heading),
        (CostLine.history.filter(partnership_id=pk), "Cost line", lambda row: row.description),
        (Objective.history.filter(partnership_id=pk), "Objective", lambda row: row.description),
        (Activity.history.filter(partnership_id=pk), "Activity", lambda row: row.title),
        (Comment.history.filter(partnership_id=pk), "Comment", lambda row: row.author_name),
        (
            ReviewDecision.history.filter(partnership_id=pk),
            "Governors' decision",
            lambda row: row.get_decision_display(),
        ),
        (
            AcademisationConsideration.history.filter(partnership_id=pk),
            "Academisation decision",
            lambda row: row.get_outcome_display(),
        ),
    ]
    entries = [entry for queryset, label, name_of in sources for entry in _entries_for(queryset, label, name_of)]
    entries += _agreement_entries(partnership)
    return sorted(entries, key=lambda entry: entry.order, reverse=True)


def comment_threads(partnership: Partnership):
    """The first comment of each thread, with its clause, who resolved it, and its replies."""
    return (
        partnership.comments.filter(parent__isnull=True)
        .select_related("clause", "resolved_by")
        .prefetch_related(
            Prefetch("replies", queryset=Comment.objects.select_related("clause").order_by("created_at", "id"))
        )
    )
