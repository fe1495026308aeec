"""Following a school through GIAS's links: a maintained school that closes and reopens as an
academy gets a new URN, and GIAS links the two ("Successor" from the old URN, "Predecessor" from
the new). A partnership keeps its original school; these reads find what became of it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from schools.models import EstablishmentLink, School, Trust


@dataclass(frozen=True)
class Conversion:
    """The school's successor, an academy in the trust, and the day it joined."""

    school: School
    successor: School
    trust: Trust
    joined_on: datetime.date | None

    def __str__(self) -> str:
        when = f" on {self.joined_on.day} {self.joined_on:%B %Y}" if self.joined_on else ""
        return f"joined {self.trust.name}{when} as URN {self.successor.urn}"


def successor_urns(school: School) -> dict[str, datetime.date | None]:
    """URN -> link date of every school GIAS records as this school's successor (either direction)."""
    links = EstablishmentLink.objects.filter(
        Q(urn=school.urn, link_type__startswith="Successor")
        | Q(linked_urn=school.urn, link_type__startswith="Predecessor")
    )
    return {
        (link.linked_urn if link.urn == school.urn else link.urn): link.established_on
        for link in links.only("urn", "linked_urn", "established_on")
    }


def conversion_into(school: School, trust: Trust) -> Conversion | None:
    """The school's conversion into this trust, when a successor is an academy in it."""
    if school is None or trust is None:
        return None
    successors = successor_urns(school)
    if not successors:
        return None
    for successor in School.objects.filter(urn__in=list(successors), trust=trust).order_by("opened_on"):
        if successor.is_academy:
            joined = successor.joined_trust_on or successor.opened_on or successors[successor.urn]
            return Conversion(school=school, successor=successor, trust=trust, joined_on=joined)
    return None


def with_joined_trust(queryset):
    """Partnerships annotated so that JOINED_TRUST picks those whose school GIAS links to a successor
    in the partnership's trust (EXISTS over the links, either direction)."""
    in_trust = School.objects.filter(trust_id=OuterRef(OuterRef("trust_id")))
    successor = EstablishmentLink.objects.filter(urn=OuterRef("school__urn"), link_type__startswith="Successor").filter(
        Exists(in_trust.filter(urn=OuterRef("linked_urn")))
    )
    predecessor = EstablishmentLink.objects.filter(
        linked_urn=OuterRef("school__urn"), link_type__startswith="Predecessor"
    ).filter(Exists(in_trust.filter(urn=OuterRef("urn"))))
    return queryset.annotate(joined_as_successor=Exists(successor), joined_as_predecessor=Exists(predecessor))


JOINED_TRUST = Q(joined_as_successor=True) | Q(joined_as_predecessor=True)  # after with_joined_trust()
