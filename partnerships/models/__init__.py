from .calendar import TermDates
from .partnership import Partnership, PartnershipQuerySet
from .plan import Activity, Objective
from .review import AcademisationConsideration, Comment, ReviewDecision
from .signatories import GovernorAuthorisation
from .terms import Clause, ClauseSection, CostLine, LibraryClause
from .variation import Variation

__all__ = [
    "AcademisationConsideration",
    "Activity",
    "Clause",
    "ClauseSection",
    "Comment",
    "CostLine",
    "GovernorAuthorisation",
    "LibraryClause",
    "Objective",
    "Partnership",
    "PartnershipQuerySet",
    "ReviewDecision",
    "TermDates",
    "Variation",
]
