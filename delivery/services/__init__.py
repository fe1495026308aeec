"""Every write to delivery records goes through these services."""

from .end_review import AchievementInput, end_review_missing, end_review_record
from .evidence import evidence_add, evidence_delete
from .reports import impact_report_generate, impact_report_pdf, impact_report_render, impact_report_share
from .reviews import (
    RatingInput,
    review_action_create,
    review_comment_create,
    review_meeting_record,
    review_meeting_schedule,
)

__all__ = [
    "evidence_add",
    "evidence_delete",
    "impact_report_generate",
    "impact_report_pdf",
    "impact_report_render",
    "impact_report_share",
    "AchievementInput",
    "end_review_missing",
    "end_review_record",
    "RatingInput",
    "review_action_create",
    "review_comment_create",
    "review_meeting_record",
    "review_meeting_schedule",
]
