"""Delivery and impact: review meetings and objective ratings, activity evidence, the impact
report and the end-of-partnership review."""

from .end_review import EndReview, ObjectiveAchievement
from .evidence import ActivityEvidence
from .reminders import DeliveryReminder
from .reports import ImpactReport, ImpactReportQuerySet
from .reviews import ObjectiveRating, Rating, ReviewAction, ReviewComment, ReviewMeeting, ReviewMeetingQuerySet

__all__ = [
    "ActivityEvidence",
    "ImpactReport",
    "ImpactReportQuerySet",
    "DeliveryReminder",
    "EndReview",
    "ObjectiveAchievement",
    "ObjectiveRating",
    "Rating",
    "ReviewAction",
    "ReviewComment",
    "ReviewMeeting",
    "ReviewMeetingQuerySet",
]
