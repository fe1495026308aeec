"""Delivery and impact: review meetings and objective ratings, activity evidence, the impact
report and the end-of-partnership review."""

from .end_review import EndReview, ObjectiveAchievement
from .reminders import DeliveryReminder
from .reviews import ObjectiveRating, Rating, ReviewAction, ReviewComment, ReviewMeeting, ReviewMeetingQuerySet

__all__ = [
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
