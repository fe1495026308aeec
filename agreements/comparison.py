"""What changed between two versions of an agreement.

`compare_snapshots(before, after)` takes two snapshots as `agreements.snapshot` builds them (or
just their "terms") and says, in words a reader can act on, what is different: clause by clause
(added, removed, moved, changed with word-level insertions and deletions), money (each cost line
and the totals, before → after), dates, objectives, activities and the other key details.

Snapshots carry no row ids, so clauses, cost lines, objectives and activities are paired by
content: identical text first, then the same heading (or description, or title), then the most
similar text. The word-level differences and the "moved" test both come from difflib's
SequenceMatcher; nothing here is a diff algorithm of its own.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher

# Text this similar (difflib's ratio, 0 to 1) is taken as the same item, edited.
SIMILAR_ENOUGH = 0.6

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
ADDED, REMOVED, CHANGED, MOVED, UNCHANGED = "added", "removed", "changed", "moved", "unchanged"

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


# --- Word-level differences -------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A run of text that is the same in both versions, inserted, or deleted."""

    kind: str  # EQUAL, INSERT or DELETE
    text: str

    @property
    def is_insert(self) -> bool:
        return self.kind == INSERT

    @property
    def is_delete(self) -> bool:
        return self.kind == DELETE


def word_diff(before: str, after: str) -> list[Segment]:
    """The words of `after` against `before`: a replaced run is its deletion then its insertion."""
    old, new = _TOKENS.findall(before or ""), _TOKENS.findall(after or "")
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            _append(segments, EQUAL, "".join(old[i1:i2]))
            continue
        if tag in ("delete", "replace"):
            _append(segments, DELETE, "".join(old[i1:i2]))
        if tag in ("insert", "replace"):
            _append(segments, INSERT, "".join(new[j1:j2]))
    return segments


def _append(segments: list[Segment], kind: str, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].kind == kind:
        segments[-1] = Segment(kind, segments[-1].text + text)
    else:
        segments.append(Segment(kind, text))


def similarity(before: str, after: str) -> float:
    """How alike two texts are word by word, from 0 (nothing shared) to 1 (identical)."""
    return SequenceMatcher(None, _TOKENS.findall(before or ""), _TOKENS.findall(after or ""), autojunk=False).ratio()


# --- What the comparison holds ------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One value before → after, both as a reader sees them ("£1,500.00", "1 September 2026")."""

    label: str
    before: str
    after: str
    segments: tuple[Segment, ...] = ()  # word-level, for longer text

    @property
    def is_text(self) -> bool:
        return bool(self.segments)


@dataclass(frozen=True)
class ItemChange:
    """A cost line, objective or activity: added, removed, or changed field by field."""

    status: str  # ADDED, REMOVED or CHANGED
    name: str  # its description or title, as it reads now (or last read)
    before: dict | None
    after: dict | None
    fields: tuple[FieldChange, ...] = ()
    lines: tuple[tuple[str, str], ...] = ()  # (label, value) of an added or removed item


@dataclass(frozen=True)
class ClauseChange:
    """One clause: added, removed, changed (wording), moved (place), or both changed and moved."""

    status: str  # ADDED, REMOVED, CHANGED, MOVED or UNCHANGED
    before: dict | None  # the clause as it was: number, heading, body, section
    after: dict | None
    moved: bool = False
    heading_segments: tuple[Segment, ...] = ()
    body_segments: tuple[Segment, ...] = ()

    @property
    def heading(self) -> str:
        return (self.after or self.before or {})["heading"]

    @property
    def wording_changed(self) -> bool:
        return self.before is not None and self.after is not None and self.before["text"] != self.after["text"]

    @property
    def heading_changed(self) -> bool:
        return self.wording_changed and self._differs("heading")

    @property
    def body_changed(self) -> bool:
        return self.wording_changed and self._differs("body")

    @property
    def section_changed(self) -> bool:
        return self.moved and self._differs("section")

    def _differs(self, key: str) -> bool:
        return self.before is not None and self.after is not None and self.before[key] != self.after[key]


@dataclass(frozen=True)
class MoneyComparison:
    lines: tuple[ItemChange, ...]
    totals: tuple[FieldChange, ...]  # net, VAT and total, only those that changed
    no_charge: FieldChange | None = None

    def __bool__(self) -> bool:
        return bool(self.lines or self.totals or self.no_charge)


@dataclass(frozen=True)
class Comparison:
    """Everything that differs between two versions. Empty parts mean "no change there"."""

    before_number: int | None
    after_number: int | None
    clauses: tuple[ClauseChange, ...]
    money: MoneyComparison
    dates: tuple[FieldChange, ...]
    objectives: tuple[ItemChange, ...]
    activities: tuple[ItemChange, ...]
    details: tuple[FieldChange, ...] = field(default=())

    @property
    def changed_clauses(self) -> tuple[ClauseChange, ...]:
        return tuple(change for change in self.clauses if change.status != UNCHANGED)

    @property
    def has_changes(self) -> bool:
        return bool(
            self.changed_clauses or self.money or self.dates or self.objectives or self.activities or self.details
        )

    def __bool__(self) -> bool:
        return self.has_changes

    def summary(self) -> list[str]:
        """One line per part that changed, for the top of a page or an email."""
        lines = []
        counts = _count(change.status for change in self.changed_clauses)
        counts[MOVED] = sum(1 for change in self.clauses if change.moved)
        clause_words = [
            _plural(counts.get(status, 0), "clause", status)
            for status in (CHANGED, ADDED, REMOVED, MOVED)
            if counts.get(status)
        ]
        if clause_words:
            lines.append("Terms and conditions: " + _join(clause_words))
        if self.money:
            parts = _item_counts(self.money.lines, "cost line")
            parts += [f"{change.label.lower()} {change.before} → {change.after}" for change in self.money.totals]
            if self.money.no_charge:
                parts.insert(0, f"no charge: {self.money.no_charge.before} → {self.money.no_charge.after}")
            lines.append("Service charge: " + _join(parts))
        if self.dates:
            lines.append("Dates: " + _join(f"{c.label.lower()} {c.before} → {c.after}" for c in self.dates))
        if self.objectives:
            lines.append("Objectives: " + _join(_item_counts(self.objectives, "objective")))
        if self.activities:
            lines.append("Activity plan: " + _join(_item_counts(self.activities, "activity", "activities")))
        if self.details:
            lines.append("Key details: " + _join(change.label.lower() for change in self.details) + " changed")
        return lines


# --- Comparing ----------------------------------------------------------------------------------------


def compare_snapshots(before: dict, after: dict) -> Comparison:
    """What changed from `before` to `after` (whole snapshots, or just their terms)."""
    old, new = _terms(before), _terms(after)
    return Comparison(
        before_number=_number(before),
        after_number=_number(after),
        clauses=tuple(compare_clauses(old.get("sections", []), new.get("sections", []))),
        money=compare_money(old.get("costs", {}), new.get("costs", {}), old.get("payment"), new.get("payment")),
        dates=tuple(compare_dates(old.get("dates", {}), new.get("dates", {}))),
        objectives=tuple(
            _compare_items(old.get("objectives", []), new.get("objectives", []), OBJECTIVE_FIELDS, "description")
        ),
        activities=tuple(
            _compare_items(old.get("activities", []), new.get("activities", []), ACTIVITY_FIELDS, "title")
        ),
        details=tuple(_compare_details(old, new)),
    )


def compare_versions(before, after) -> Comparison:
    """What changed between two `AgreementVersion`s of one partnership."""
    return compare_snapshots(before.snapshot, after.snapshot)


def _terms(snapshot: dict) -> dict:
    return snapshot.get("terms", snapshot) if isinstance(snapshot, dict) else {}


def _number(snapshot: dict) -> int | None:
    version = snapshot.get("version") if isinstance(snapshot, dict) else None
    return version.get("number") if isinstance(version, dict) else None


# Clauses


def compare_clauses(before_sections: list[dict], after_sections: list[dict]) -> list[ClauseChange]:
    """Every clause of either version, in the order of `after` with removed ones where they were."""
    old, new = _flatten(before_sections), _flatten(after_sections)
    pairs = _pair(old, new, keys=(lambda c: c["text"], lambda c: c["heading"].strip().casefold()), text=_clause_text)
    moved = _moved(old, new, pairs)
    ordered: list[tuple[tuple[int, int, int], ClauseChange]] = []
    for new_index, clause in enumerate(new):
        old_index = pairs.get(new_index)
        change = (
            ClauseChange(ADDED, None, clause)
            if old_index is None
            else _clause_change(old[old_index], clause, moved=new_index in moved)
        )
        ordered.append(((new_index, 0, 0), change))
    # A removed clause goes after the clause that came before it in the old version.
    new_index_of = {old_index: new_index for new_index, old_index in pairs.items()}
    for old_index, clause in enumerate(old):
        if old_index not in new_index_of:
            before = next((new_index_of[i] for i in reversed(range(old_index)) if i in new_index_of), -1)
            ordered.append(((before, 1, old_index), ClauseChange(REMOVED, clause, None)))
    return [change for _, change in sorted(ordered, key=lambda entry: entry[0])]


def _flatten(sections: list[dict]) -> list[dict]:
    clauses = []
    for section in sections:
        for clause in section.get("clauses", []):
            heading, body = clause.get("heading", ""), clause.get("body", "")
            clauses.append(
                {
                    **clause,
                    "heading": heading,
                    "body": body,
                    "text": f"{heading}\n{body}",
                    "section": section.get("title", ""),
                    "section_code": section.get("code"),
                }
            )
    return clauses


def _clause_text(clause: dict) -> str:
    return clause["text"]


def _clause_change(before: dict, after: dict, *, moved: bool) -> ClauseChange:
    if before["text"] == after["text"]:
        return ClauseChange(MOVED if moved else UNCHANGED, before, after, moved=moved)
    return ClauseChange(
        CHANGED,
        before,
        after,
        moved=moved,
        heading_segments=tuple(word_diff(before["heading"], after["heading"])),
        body_segments=tuple(word_diff(before["body"], after["body"])),
    )


def _moved(old: list[dict], new: list[dict], pairs: dict[int, int]) -> set[int]:
    """New indexes of paired clauses that moved: to another section, or out of the longest run of
    clauses that kept their order (so a removal or an insertion does not make the rest "moved")."""
    kept = [(new_index, pairs[new_index]) for new_index in range(len(new)) if new_index in pairs]
    old_order = sorted(old_index for _, old_index in kept)
    new_order = [old_index for _, old_index in kept]
    in_order: set[int] = set()
    for block in SequenceMatcher(None, old_order, new_order, autojunk=False).get_matching_blocks():
        in_order.update(old_order[block.a : block.a + block.size])
    return {
        new_index
        for new_index, old_index in kept
        if old_index not in in_order or old[old_index]["section_code"] != new[new_index]["section_code"]
    }


# Pairing items by content


def _pair(
    old: list[dict], new: list[dict], *, keys: Iterable[Callable[[dict], str]], text: Callable[[dict], str]
) -> dict[int, int]:
    """new index → old index: identical keys first (in order), then the most similar remaining text."""
    pairs: dict[int, int] = {}
    for key in keys:
        unpaired_old: dict[str, list[int]] = {}
        for index, item in enumerate(old):
            if index not in pairs.values():
                unpaired_old.setdefault(key(item), []).append(index)
        for index, item in enumerate(new):
            if index not in pairs and unpaired_old.get(key(item)):
                pairs[index] = unpaired_old[key(item)].pop(0)
    candidates = sorted(
        (
            (similarity(text(old[o]), text(new[n])), n, o)
            for n in range(len(new))
            if n not in pairs
            for o in range(len(old))
            if o not in pairs.values()
        ),
        key=lambda candidate: (-candidate[0], candidate[1], candidate[2]),
    )
    for ratio, new_index, old_index in candidates:
        if ratio >= SIMILAR_ENOUGH and new_index not in pairs and old_index not in pairs.values():
            pairs[new_index] = old_index
    return pairs


# Money, dates, objectives, activities, details

COST_FIELDS = (
    ("description", "Description", "text"),
    ("amount", "Amount", "money"),
    ("frequency", "How often", "plain"),
    ("occurrences", "Times charged", "plain"),
    ("vat_treatment", "VAT", "plain"),
    ("net", "Net over the term", "money"),
    ("vat", "VAT over the term", "money"),
    ("gross", "Total over the term", "money"),
)
TOTAL_FIELDS = (("net", "Net", "money"), ("vat", "VAT", "money"), ("gross", "Total", "money"))
DATE_FIELDS = (("start_date", "Start date", "date"), ("end_date", "End date", "date"), ("term", "Term", "plain"))
OBJECTIVE_FIELDS = (
    ("description", "Objective", "text"),
    ("measure_of_success", "Measure of success", "text"),
    ("target_date", "Target date", "date"),
)
ACTIVITY_FIELDS = (
    ("title", "Title", "text"),
    ("category", "Category", "plain"),
    ("description", "Description", "text"),
    ("lead", "Lead", "plain"),
    ("starts_on", "Starts", "date"),
    ("ends_on", "Ends", "date"),
)
PAYMENT_FIELDS = (
    ("payment_terms", "Payment terms", "text"),
    ("purchase_order_reference", "Purchase order reference", "plain"),
)


def compare_money(before: dict, after: dict, before_payment=None, after_payment=None) -> MoneyComparison:
    """Each cost line (paired by description) and the totals over the term, before → after."""
    lines = _compare_items(before.get("lines", []), after.get("lines", []), COST_FIELDS, "description")
    totals = _field_changes(before.get("totals", {}), after.get("totals", {}), TOTAL_FIELDS)
    no_charge = None
    was, now = (before_payment or {}).get("no_charge"), (after_payment or {}).get("no_charge")
    if before_payment is not None and after_payment is not None and bool(was) != bool(now):
        no_charge = FieldChange("No charge", _yes_no(was), _yes_no(now))
    return MoneyComparison(tuple(lines), tuple(totals), no_charge)


def compare_dates(before: dict, after: dict) -> list[FieldChange]:
    return _field_changes(before, after, DATE_FIELDS)


def _compare_details(old: dict, new: dict) -> list[FieldChange]:
    details = _field_changes(
        {"purpose": old.get("purpose", "")}, {"purpose": new.get("purpose", "")}, (("purpose", "Purpose", "text"),)
    )
    details += _field_changes(old.get("payment") or {}, new.get("payment") or {}, PAYMENT_FIELDS)
    old_contacts = {contact.get("title"): contact for contact in old.get("contacts", [])}
    for contact in new.get("contacts", []):
        was = old_contacts.get(contact.get("title"), {})
        for key in ("name", "role", "email"):
            if key in contact and was.get(key, "") != contact.get(key, ""):
                label = f"{contact.get('title', 'Contact')} ({key})" if key != "name" else contact.get("title", "")
                details.append(FieldChange(label, was.get(key, "") or "(none)", contact.get(key, "") or "(none)"))
    return details


def _compare_items(old: list[dict], new: list[dict], fields, name_key: str) -> list[ItemChange]:
    pairs = _pair(
        old,
        new,
        keys=(
            lambda item: repr(sorted(_comparable(item, fields))),
            lambda item: str(item.get(name_key, "")).casefold(),
        ),
        text=lambda item: " ".join(str(item.get(key, "")) for key, _, kind in fields if kind == "text"),
    )
    changes = []
    for new_index, item in enumerate(new):
        old_index = pairs.get(new_index)
        if old_index is None:
            changes.append(ItemChange(ADDED, str(item.get(name_key, "")), None, item, lines=_lines(item, fields)))
            continue
        field_changes = _field_changes(old[old_index], item, fields)
        if field_changes:
            changes.append(ItemChange(CHANGED, str(item.get(name_key, "")), old[old_index], item, tuple(field_changes)))
    paired = set(pairs.values())
    changes += [
        ItemChange(REMOVED, str(item.get(name_key, "")), item, None, lines=_lines(item, fields))
        for index, item in enumerate(old)
        if index not in paired
    ]
    return changes


def _comparable(item: dict, fields) -> list[tuple[str, str]]:
    return [(key, str(item.get(key, ""))) for key, _, _ in fields]


def _field_changes(before: dict, after: dict, fields) -> list[FieldChange]:
    changes = []
    for key, label, kind in fields:
        was, now = before.get(key), after.get(key)
        if was is None and now is None or _same(was, now, kind):
            continue
        segments = tuple(word_diff(str(was or ""), str(now or ""))) if kind == "text" else ()
        changes.append(FieldChange(label, _display(was, kind), _display(now, kind), segments))
    return changes


def _lines(item: dict, fields) -> tuple[tuple[str, str], ...]:
    return tuple(
        (label, _display(item.get(key), kind)) for key, label, kind in fields if item.get(key) not in (None, "")
    )


def _same(was, now, kind: str) -> bool:
    if kind == "money":
        return _decimal(was) == _decimal(now)
    return str(was if was is not None else "") == str(now if now is not None else "")


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _display(value, kind: str) -> str:
    if value in (None, ""):
        return "(none)"
    if kind == "money":
        amount = _decimal(value)
        if amount is None:
            return str(value)
        amount = amount.quantize(Decimal("0.01"))
        return f"{'-' if amount < 0 else ''}£{abs(amount):,.2f}"
    if kind == "date":
        try:
            day = datetime.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return f"{day.day} {day:%B %Y}"
    return str(value)


def _yes_no(value) -> str:
    return "Yes" if value else "No"


# Words for the summary


def _count(statuses: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return counts


def _plural(count: int, noun: str, status: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'} {status}"


def _item_counts(items: Iterable[ItemChange], noun: str, plural: str | None = None) -> list[str]:
    counts = _count(item.status for item in items)
    return [_plural(counts[status], noun, status, plural) for status in (CHANGED, ADDED, REMOVED) if counts.get(status)]


def _join(parts: Iterable[str]) -> str:
    parts = list(parts)
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


# --- As plain text, for emails ------------------------------------------------------------------------


def marked_text(segments: Iterable[Segment]) -> str:
    """Word-level differences in plain text: [+inserted+] and [-deleted-]."""
    marks = {INSERT: "[+{}+]", DELETE: "[-{}-]", EQUAL: "{}"}
    return "".join(marks[segment.kind].format(segment.text) for segment in segments)


def comparison_text(comparison: Comparison) -> str:
    """The comparison for a plain-text email: the summary, then each clause and item that changed."""
    lines = [f"- {line}" for line in comparison.summary()]
    for change in comparison.changed_clauses:
        clause = change.after or change.before or {}
        also_moved = ", moved" if change.moved and change.status == CHANGED else ""
        lines += ["", f"{clause.get('number', '')} {change.heading} ({change.status}{also_moved})"]
        if change.moved and change.before is not None and change.after is not None:
            lines.append(f"Moved from {change.before['number']} to {change.after['number']}.")
        if change.heading_changed:
            lines.append(f"Heading: {marked_text(change.heading_segments)}")
        if change.body_changed:
            lines.append(marked_text(change.body_segments))
    for title, items in (
        ("Service charge", comparison.money.lines),
        ("Objectives", comparison.objectives),
        ("Activity plan", comparison.activities),
    ):
        for item in items:
            lines += ["", f"{title}: {item.name} ({item.status})"]
            lines += [f"{field.label}: {field.before} -> {field.after}" for field in item.fields]
    for total in (*comparison.money.totals, *comparison.dates):
        lines.append(f"{total.label}: {total.before} -> {total.after}")
    return "\n".join(lines)
