"""Clause numbering, worked out in one place: sections in print order are 1, 2, 3 and their
clauses 1.1, 1.2, 2.1. The agreement PDF, its web view, the terms page and the read-only record
all number from here, so they always agree."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from partnerships.models import Clause, ClauseSection


@dataclass
class NumberedSection:
    number: int
    section: int  # the ClauseSection code
    title: str
    clauses: list[tuple[str, Clause]] = field(default_factory=list)  # ("1.2", clause) in print order

    @property
    def is_data_protection(self) -> bool:
        return self.section == ClauseSection.DATA_PROTECTION


def number_clauses(clauses: Iterable[Clause]) -> list[NumberedSection]:
    """The clauses grouped by section in print order (section, then position), numbered."""
    sections: list[NumberedSection] = []
    for clause in sorted(clauses, key=lambda clause: (clause.section, clause.position, clause.pk or 0)):
        if not sections or sections[-1].section != clause.section:
            sections.append(NumberedSection(len(sections) + 1, clause.section, ClauseSection(clause.section).label))
        group = sections[-1]
        group.clauses.append((f"{group.number}.{len(group.clauses) + 1}", clause))
    return sections
