"""Suggest trusts for a school: every published offer scored by a transparent rule, with its reasons.

No model and no hidden weights: five parts add up to at most 100 points, and each part says what
it found and what it scored. The same rule is written out on the page.

    distance  30  nearest open academy ≤ 5 miles 30, ≤ 10 miles 25, ≤ 20 miles 15, ≤ 40 miles 5
    phase     20  the offer serves the school's phase
    capacity  15  the trust can take on at least one new partnership now
    support   25  × the share of the support wanted that the offer includes (all 25 when none is named)
    size      10  3 or more open academies 10, 1 or 2 academies 5
"""

import math
from dataclasses import dataclass, field

from .choices import SUPPORT_LABELS, Phase
from .selectors import academies, directory, nearest_first, school_phase, with_facts

DISTANCE_BANDS = ((5, 30), (10, 25), (20, 15), (40, 5))
PHASE_POINTS, CAPACITY_POINTS, SUPPORT_POINTS = 20, 15, 25
SIZE_POINTS = ((3, 10), (1, 5))
SHOWN = 10
RULE = [
    "Distance (up to 30): 30 points if the trust's nearest open academy is within 5 miles, 25 within 10, "
    "15 within 20, 5 within 40.",
    "Phase (20): the offer serves the school's phase.",
    "Capacity (15): the trust can take on at least one new partnership now.",
    "Support (up to 25): the share of the support wanted that the offer includes.",
    "Size (up to 10): 10 points for 3 or more open academies, 5 for 1 or 2.",
]


@dataclass
class Suggestion:
    offer: object
    score: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def trust(self):
        return self.offer.trust

    def add(self, points: int, reason: str) -> None:
        self.score += points
        self.reasons.append(f"{reason}: {points} point{'s' if points != 1 else ''}")


def _distance(suggestion: Suggestion, miles: float | None) -> None:
    if miles is None:
        suggestion.add(0, "Distance unknown (no location in GIAS)")
        return
    points = next((points for limit, points in DISTANCE_BANDS if miles <= limit), 0)
    suggestion.add(points, f"{miles:.1f} miles to the trust's nearest open academy")


def _phase(suggestion: Suggestion, phase: str) -> None:
    label = dict(Phase.choices).get(phase, "")
    if not phase:
        suggestion.add(0, "The school's phase is not in GIAS")
    elif phase in suggestion.offer.phase_list:
        suggestion.add(PHASE_POINTS, f"Works with {label.lower()} schools")
    else:
        suggestion.add(0, f"Does not list {label.lower()} schools")


def _capacity(suggestion: Suggestion) -> None:
    capacity = suggestion.offer.capacity
    if capacity:
        suggestion.add(CAPACITY_POINTS, f"Can take on {capacity} new partnership{'s' if capacity != 1 else ''} now")
    else:
        suggestion.add(0, "No space for new partnerships now")


def _support(suggestion: Suggestion, wanted: list[str]) -> None:
    if not wanted:
        suggestion.add(SUPPORT_POINTS, "No particular support named")
        return
    offered = [value for value in wanted if value in suggestion.offer.support_list]
    points = math.floor(SUPPORT_POINTS * len(offered) / len(wanted) + 0.5)  # half up: 12.5 is 13
    names = ", ".join(SUPPORT_LABELS.get(value, value) for value in offered)
    if not offered:
        suggestion.add(points, "Offers none of the support wanted")
    elif len(offered) == len(wanted):
        suggestion.add(points, f"Offers all the support wanted ({names})")
    else:
        suggestion.add(points, f"Offers {len(offered)} of the {len(wanted)} kinds of support wanted ({names})")


def _size(suggestion: Suggestion) -> None:
    academies = suggestion.offer.academies
    points = next((points for minimum, points in SIZE_POINTS if academies >= minimum), 0)
    suggestion.add(points, f"{academies} open academ{'y' if academies == 1 else 'ies'}")


def suggest_trusts(school, *, support_wanted: list[str], limit: int = SHOWN) -> list[Suggestion]:
    """The best-scoring published offers for the school, highest first (ties: nearest, then name)."""
    data, offers = academies(), directory()
    squared = dict(nearest_first(offers, school, data))
    offers = with_facts(list(offers), data, squared)
    phase = school_phase(school)
    suggestions = []
    for offer in offers:
        if offer.trust_id == school.trust_id:
            continue  # the school's own trust: that would not be a trust partnership
        suggestion = Suggestion(offer)
        _distance(suggestion, offer.miles)
        _phase(suggestion, phase)
        _capacity(suggestion)
        _support(suggestion, support_wanted)
        _size(suggestion)
        suggestions.append(suggestion)
    far = float("inf")
    suggestions.sort(key=lambda s: (-s.score, s.offer.miles if s.offer.miles is not None else far, s.trust.name))
    return suggestions[:limit]
