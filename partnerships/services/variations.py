"""Putting a partnership's terms back as they were when a variation was proposed (it was withdrawn).

The terms are read from the history (django-simple-history) as of the moment the variation was
proposed; rows added since are removed, rows changed are changed back, rows removed come back.
Activity progress and impact notes are not terms and are left as they are.
"""

from partnerships.models import Activity, Clause, CostLine, Objective, Partnership

from .common import delete_with_history, save_with_history
from .partnerships import KEY_DETAIL_FIELDS

RESTORED = "Variation withdrawn: terms restored"
TERM_ROWS = (
    (Clause, ("section", "position", "heading", "body", "library_clause_id")),
    (CostLine, ("description", "amount", "frequency", "vat_treatment", "position")),
    (Objective, ("description", "measure_of_success", "target_date", "position")),
    (Activity, ("category", "title", "description", "lead", "starts_on", "ends_on")),
)


def restore_terms(partnership: Partnership, *, as_of, by) -> None:
    """Make the partnership's terms what they were at `as_of` (inside the caller's transaction)."""
    then = partnership.history.as_of(as_of)
    changed = [name for name in (*KEY_DETAIL_FIELDS, "end_date") if getattr(partnership, name) != getattr(then, name)]
    for name in changed:
        setattr(partnership, name, getattr(then, name))
    if changed:
        save_with_history(partnership, by=by, reason=RESTORED, validate=False)
    for model, fields in TERM_ROWS:
        _restore_rows(model, fields, partnership, as_of=as_of, by=by)


def _restore_rows(model, fields: tuple, partnership: Partnership, *, as_of, by) -> None:
    before = {row.id: row for row in model.history.as_of(as_of).filter(partnership_id=partnership.pk)}
    now = {row.pk: row for row in model.objects.filter(partnership_id=partnership.pk)}
    for pk, row in now.items():
        if pk not in before:
            delete_with_history(row, by=by, reason=RESTORED)
    for pk, old in before.items():
        row = now.get(pk) or model(partnership_id=partnership.pk)
        values = {name: getattr(old, name) for name in fields}
        if row.pk and all(getattr(row, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(row, name, value)
        save_with_history(row, by=by, reason=RESTORED, validate=False)
