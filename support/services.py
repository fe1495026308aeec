"""Writes for the service pages: storing feedback."""

from django.db import transaction

from accounts.system_users import system_actor
from partnerships.services.common import save_with_history

from .models import Feedback

ANONYMOUS_FEEDBACK = "anonymous-feedback"


def safe_page(path: str) -> str:
    """Keep only a path on this site ("/partnerships/3/"): anything else is dropped, not stored."""
    path = (path or "").strip()
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return ""
    return path[:500]


@transaction.atomic
def feedback_create(*, satisfaction: str, message: str = "", page: str = "", submitted_by=None) -> Feedback:
    """Store one piece of feedback; `submitted_by` is None for someone who is not signed in."""
    feedback = Feedback(
        satisfaction=satisfaction,
        message=(message or "").strip(),
        page=safe_page(page),
        submitted_by=submitted_by if submitted_by is not None and submitted_by.is_authenticated else None,
    )
    # History names an actor: the person, or the system account for someone not signed in.
    actor = feedback.submitted_by or system_actor(ANONYMOUS_FEEDBACK, first_name="Someone", last_name="not signed in")
    return save_with_history(feedback, by=actor, reason="Feedback sent")
