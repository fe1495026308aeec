"""Every write to partnerships goes through these services."""

from .lifecycle import (
    TransitionNotAllowed,
    partnership_activate,
    partnership_approve,
    partnership_conclude,
    partnership_end_early,
    partnership_request_changes,
    partnership_submit_for_review,
    partnership_withdraw,
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
from .review import academisation_record, comment_create
from .terms import (
    clause_add_from_library,
    clause_create,
    clause_delete,
    clause_move,
    clause_update,
    cost_line_create,
    cost_line_delete,
    cost_line_update,
    library_clause_create,
    library_clause_update,
)

__all__ = [name for name in dir() if not name.startswith("_")]
