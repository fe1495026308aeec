"""Delivery and impact: review meetings and objective ratings, activity evidence, the impact
report and the end-of-partnership review."""

from .reviews import ObjectiveRating, Rating, ReviewAction, ReviewComment, ReviewMeeting, ReviewMeetingQuerySet

__all__ = [
    "ObjectiveRating",
    "Rating",
    "ReviewAction",
    "ReviewComment",
    "ReviewMeeting",
    "ReviewMeetingQuerySet",
]
