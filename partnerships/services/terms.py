"""Writes to a partnership's terms: clauses, the trust's clause library and the service charge."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet

from accounts.models import User
from partnerships.models import Clause, CostLine, LibraryClause, Partnership
from schools.models import Trust

from .common import apply_changes, delete_with_history, ensure_editable, ensure_room, save_with_history

LIBRARY_CLAUSE_OTHER_TRUST = "Choose a clause from your trust's library."
LIBRARY_CLAUSE_ARCHIVED = "That clause has been archived from the library."
LIBRARY_CLAUSES_NONE_CHOSEN = "Choose at least one clause from the library"
LIBRARY_CLAUSES_ALL_PRESENT = (
    "Every clause you chose is already in this partnership. Choose a clause it does not have yet."
)
CLAUSE_FIELDS = ("section", "heading", "body")
COST_FIELDS = ("description", "amount", "frequency", "vat_treatment")


def _next_position(queryset: QuerySet) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


@transaction.atomic
def clause_create(
    *, partnership: Partnership, created_by: User, section: int, heading: str, body: str, library_clause=None
) -> Clause:
    """Add a clause at the end of its section."""
    ensure_editable(partnership)
    ensure_room(partnership, "clauses")
    clause = Clause(
        partnership=partnership,
        section=section,
        heading=heading,
        body=body,
        library_clause=library_clause,
        position=_next_position(partnership.clauses.filter(section=section)),
    )
    return save_with_history(clause, by=created_by, reason="Clause added")


@transaction.atomic
def clause_add_from_library(*, partnership: Partnership, library_clause: LibraryClause, added_by: User) -> Clause:
    """Copy a clause from the trust's library; later edits to the copy leave the library alone."""
    if library_clause.trust_id != partnership.trust_id:
        raise ValidationError({"library_clause": LIBRARY_CLAUSE_OTHER_TRUST})
    if library_clause.is_archived:
        raise ValidationError({"library_clause": LIBRARY_CLAUSE_ARCHIVED})
    return clause_create(
        partnership=partnership,
        created_by=added_by,
        section=library_clause.section,
        heading=library_clause.heading,
        body=library_clause.body,
        library_clause=library_clause,
    )


def library_clauses_present(partnership: Partnership, library_clauses) -> set[int]:
    """Ids of the library clauses the partnership already has: copied from the library, or a
    clause of its own with the same section and heading (as the model clauses are matched)."""
    existing = list(partnership.clauses.values_list("library_clause_id", "section", "heading"))
    copied = {library_id for library_id, _, _ in existing if library_id}
    headings = {(section, heading.strip().casefold()) for _, section, heading in existing}
    return {
        chosen.pk
        for chosen in library_clauses
        if chosen.pk in copied or (chosen.section, chosen.heading.strip().casefold()) in headings
    }


@transaction.atomic
def clauses_add_from_library(
    *, partnership: Partnership, library_clauses: list[LibraryClause], added_by: User
) -> tuple[list[Clause], list[LibraryClause]]:
    """Copy several library clauses at once, in library order, all or none. A clause the
    partnership already has is skipped, never copied twice. Returns (added, skipped)."""
    if not library_clauses:
        raise ValidationError({"library_clause": LIBRARY_CLAUSES_NONE_CHOSEN})
    present = library_clauses_present(partnership, library_clauses)
    skipped = [chosen for chosen in library_clauses if chosen.pk in present]
    if len(skipped) == len(library_clauses):
        raise ValidationError({"library_clause": LIBRARY_CLAUSES_ALL_PRESENT})
    added = [
        clause_add_from_library(partnership=partnership, library_clause=chosen, added_by=added_by)
        for chosen in library_clauses
        if chosen.pk not in present
    ]
    return added, skipped


@transaction.atomic
def clause_update(*, clause: Clause, updated_by: User, expected_version: int | None = None, **values) -> Clause:
    ensure_editable(clause.partnership)
    old_section = clause.section
    apply_changes(clause, allowed=CLAUSE_FIELDS, values=values)
    if clause.section != old_section:
        clause.position = _next_position(clause.partnership.clauses.filter(section=clause.section))
    return save_with_history(clause, by=updated_by, reason="Clause changed", expected_version=expected_version)


@transaction.atomic
def clause_delete(*, clause: Clause, deleted_by: User) -> None:
    ensure_editable(clause.partnership)
    delete_with_history(clause, by=deleted_by, reason="Clause removed")


@transaction.atomic
def clause_move(*, clause: Clause, direction: str, moved_by: User) -> Clause:
    """Swap a clause with its neighbour above ("up") or below ("down") in the same section."""
    ensure_editable(clause.partnership)
    siblings = list(clause.partnership.clauses.filter(section=clause.section).order_by("position", "id"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == clause.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(siblings):
        return clause
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            save_with_history(sibling, by=moved_by, reason="Clauses reordered", validate=False)
    return next(sibling for sibling in siblings if sibling.pk == clause.pk)


@transaction.atomic
def library_clause_create(*, trust: Trust, created_by: User, section: int, heading: str, body: str) -> LibraryClause:
    clause = LibraryClause(trust=trust, section=section, heading=heading, body=body)
    return save_with_history(clause, by=created_by, reason="Library clause added")


@transaction.atomic
def library_add_model_clauses(*, trust, added_by) -> list[LibraryClause]:
    """Copy the model clause set into the trust's library, skipping any heading it already has in
    the same section. Returns the clauses added (none if the library has them all)."""
    from partnerships.model_clauses import MODEL_CLAUSES

    existing = set(LibraryClause.objects.filter(trust=trust).values_list("section", "heading"))
    added = []
    for section, heading, body in MODEL_CLAUSES:
        if (section, heading) in existing:
            continue
        clause = LibraryClause(trust=trust, section=section, heading=heading, body=body, from_model_set=True)
        added.append(save_with_history(clause, by=added_by, reason="Model clause added to the library"))
    return added


@transaction.atomic
def library_clause_update(
    *, library_clause: LibraryClause, updated_by: User, expected_version: int | None = None, **values
) -> LibraryClause:
    apply_changes(library_clause, allowed=(*CLAUSE_FIELDS, "is_archived"), values=values)
    return save_with_history(
        library_clause, by=updated_by, reason="Library clause changed", expected_version=expected_version
    )


@transaction.atomic
def cost_line_create(*, partnership: Partnership, created_by: User, **values) -> CostLine:
    ensure_editable(partnership)
    ensure_room(partnership, "cost_lines")
    line = CostLine(partnership=partnership, position=_next_position(partnership.cost_lines.all()))
    apply_changes(line, allowed=COST_FIELDS, values=values)
    return save_with_history(line, by=created_by, reason="Cost line added")


@transaction.atomic
def cost_line_update(
    *, cost_line: CostLine, updated_by: User, expected_version: int | None = None, **values
) -> CostLine:
    ensure_editable(cost_line.partnership)
    apply_changes(cost_line, allowed=COST_FIELDS, values=values)
    return save_with_history(cost_line, by=updated_by, reason="Cost line changed", expected_version=expected_version)


@transaction.atomic
def cost_line_delete(*, cost_line: CostLine, deleted_by: User) -> None:
    ensure_editable(cost_line.partnership)
    delete_with_history(cost_line, by=deleted_by, reason="Cost line removed")
