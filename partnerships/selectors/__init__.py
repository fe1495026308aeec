"""Non-trivial reads about partnerships, one module a concern:

- `readiness`: what is missing before the governors can review, and warnings about the plan;
- `tasks`: the task list and whether the agreement is issued;
- `progress`: what needs doing next on each partnership (home page);
- `history`: the change history;
- `comments`: comment threads.

Callers import from `partnerships.selectors`; the names below are its public surface.
"""

from .comments import comment_threads
from .history import (
    HISTORY_ACTIONS,
    HISTORY_HIDDEN_FIELDS,
    HistoryChange,
    HistoryEntry,
    _entries_for,
    partnership_history,
)
from .progress import next_step, with_progress
from .readiness import (
    MISSING_ACTIVITY,
    MISSING_CLAUSE,
    MISSING_COST,
    MISSING_OBJECTIVE,
    MISSING_SECTIONS,
    NO_TEACHING_OR_LEADERSHIP,
    lacks_teaching_or_leadership,
    missing_for_review,
    missing_required_sections,
    plan_warnings,
    required_sections,
)
from .tasks import (
    ISSUE_BEFORE_START,
    ISSUE_NOW,
    TASK_CANNOT_START,
    TASK_COMPLETED,
    TASK_IN_PROGRESS,
    TASK_NOT_STARTED,
    WAIT_FOR_START,
    Task,
    TaskStatus,
    agreement_issued,
    issued_agreement_exists,
    task_list,
)

__all__ = [
    "HISTORY_ACTIONS",
    "HISTORY_HIDDEN_FIELDS",
    "ISSUE_BEFORE_START",
    "ISSUE_NOW",
    "MISSING_ACTIVITY",
    "MISSING_CLAUSE",
    "MISSING_COST",
    "MISSING_OBJECTIVE",
    "MISSING_SECTIONS",
    "NO_TEACHING_OR_LEADERSHIP",
    "TASK_CANNOT_START",
    "TASK_COMPLETED",
    "TASK_IN_PROGRESS",
    "TASK_NOT_STARTED",
    "WAIT_FOR_START",
    "HistoryChange",
    "HistoryEntry",
    "Task",
    "TaskStatus",
    "_entries_for",  # offers.selectors diffs an offer's history the same way
    "agreement_issued",
    "comment_threads",
    "issued_agreement_exists",
    "lacks_teaching_or_leadership",
    "missing_for_review",
    "missing_required_sections",
    "next_step",
    "partnership_history",
    "plan_warnings",
    "required_sections",
    "task_list",
    "with_progress",
]
