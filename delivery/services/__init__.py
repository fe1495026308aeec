"""Every write to delivery records goes through these services."""

from .reviews import (
    RatingInput,
    review_action_create,
    review_comment_create,
    review_meeting_record,
    review_meeting_schedule,
)

__all__ = [
    "RatingInput",
    "review_action_create",
    "review_comment_create",
    "review_meeting_record",
    "review_meeting_schedule",
]
