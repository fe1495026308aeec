from .calendar import TermDates
from .partnership import Partnership, PartnershipQuerySet
from .plan import Activity, Objective
from .review import AcademisationConsideration, Comment, ReviewDecision
from .terms import Clause, ClauseSection, CostLine, LibraryClause

__all__ = [
    "AcademisationConsideration",
    "Activity",
    "Clause",
    "ClauseSection",
    "Comment",
    "CostLine",
    "LibraryClause",
    "Objective",
    "Partnership",
    "PartnershipQuerySet",
    "ReviewDecision",
    "TermDates",
]
