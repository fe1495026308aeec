"""Every write to partnerships goes through these services; `__all__` is the public list.

The building blocks they share (history with an actor and a reason, stale-edit checks, the
reason rule) are in `common.py`; `variations.restore_terms` is used by the lifecycle only.
"""

from .calendar import term_dates_delete, term_dates_save
from .lifecycle import (
    TransitionNotAllowed,
    partnership_activate,
    partnership_approve,
    partnership_conclude,
    partnership_end_early,
    partnership_propose_variation,
    partnership_recall,
    partnership_request_changes,
    partnership_submit_for_review,
    partnership_withdraw,
    partnership_withdraw_variation,
    partnerships_advance_by_date,
)
from .partnerships import (
    partnership_create,
    partnership_extend,
    partnership_record_reminder_sent,
    partnership_update_details,
)
from .plan import (
    activity_create,
    activity_delete,
    activity_record_progress,
    activity_update,
    objective_create,
    objective_delete,
    objective_update,
)
from .review import (
    academisation_record,
    comment_create,
    comment_delete,
    comment_reopen,
    comment_resolve,
    comment_update,
)
from .signatories import governor_authorisation_record, governor_authorisation_revoke
from .terms import (
    clause_add_from_library,
    clause_create,
    clause_delete,
    clause_move,
    clause_update,
    clauses_add_from_library,
    cost_line_create,
    cost_line_delete,
    cost_line_update,
    library_add_model_clauses,
    library_clause_create,
    library_clause_update,
)

__all__ = [
    "TransitionNotAllowed",
    "academisation_record",
    "activity_create",
    "activity_delete",
    "activity_record_progress",
    "activity_update",
    "clause_add_from_library",
    "clauses_add_from_library",
    "clause_create",
    "clause_delete",
    "clause_move",
    "clause_update",
    "comment_create",
    "comment_delete",
    "comment_reopen",
    "comment_resolve",
    "comment_update",
    "cost_line_create",
    "cost_line_delete",
    "cost_line_update",
    "governor_authorisation_record",
    "governor_authorisation_revoke",
    "library_add_model_clauses",
    "library_clause_create",
    "library_clause_update",
    "objective_create",
    "objective_delete",
    "objective_update",
    "partnership_activate",
    "partnership_approve",
    "partnership_conclude",
    "partnership_create",
    "partnership_end_early",
    "partnership_extend",
    "partnership_propose_variation",
    "partnership_recall",
    "partnership_record_reminder_sent",
    "partnership_request_changes",
    "partnership_submit_for_review",
    "partnership_update_details",
    "partnership_withdraw",
    "partnership_withdraw_variation",
    "partnerships_advance_by_date",
    "term_dates_delete",
    "term_dates_save",
]
