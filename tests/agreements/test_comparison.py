"""Comparing two versions of an agreement: what governors and staff see as "what changed"."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from agreements.comparison import ADDED, CHANGED, MOVED, REMOVED, UNCHANGED, compare_snapshots, word_diff
from agreements.snapshot import build_terms
from partnerships.models import Clause, ClauseSection, CostLine
from tests.partnerships.factories import (
    ActivityFactory,
    ClauseFactory,
    CostLineFactory,
    ObjectiveFactory,
    PartnershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    partnership = PartnershipFactory()
    for position, (heading, body) in enumerate(
        [
            ("Services", "The Trust will provide the services described in Schedule 2."),
            ("Key contacts", "Each party names a key contact who is responsible for the partnership."),
            ("Review meetings", "The parties will meet at the end of each term to review progress."),
            ("Reports", "The Trust will report to the governing body before each review meeting."),
        ],
        1,
    ):
        ClauseFactory(
            partnership=partnership, section=ClauseSection.SCOPE, position=position, heading=heading, body=body
        )
    CostLineFactory(partnership=partnership, description="Headteacher mentoring", amount=Decimal("1500.00"))
    ObjectiveFactory(partnership=partnership)
    ActivityFactory(partnership=partnership, title="Fortnightly mentoring for the headteacher")
    return partnership


def clause(partnership, heading) -> Clause:
    return partnership.clauses.get(heading=heading)


def changed(comparison):
    return [(change.status, change.heading, change.moved) for change in comparison.changed_clauses]


def test_the_same_terms_compare_as_no_change(partnership):
    comparison = compare_snapshots(build_terms(partnership), build_terms(partnership))
    assert not comparison.has_changes
    assert comparison.summary() == []
    assert {change.status for change in comparison.clauses} == {UNCHANGED}


def test_a_moved_clause_is_moved_and_the_others_are_not(partnership):
    before = build_terms(partnership)
    Clause.objects.filter(pk=clause(partnership, "Reports").pk).update(position=0)
    comparison = compare_snapshots(before, build_terms(partnership))
    assert changed(comparison) == [(MOVED, "Reports", True)]
    (move,) = comparison.changed_clauses
    assert (move.before["number"], move.after["number"]) == ("1.4", "1.1")
    assert comparison.summary() == ["Terms and conditions: 1 clause moved"]


def test_a_clause_moved_to_another_section_says_both_sections(partnership):
    before = build_terms(partnership)
    Clause.objects.filter(pk=clause(partnership, "Reports").pk).update(section=ClauseSection.GOVERNANCE)
    comparison = compare_snapshots(before, build_terms(partnership))
    (move,) = comparison.changed_clauses
    assert move.status == MOVED and move.section_changed
    html = render_to_string("agreements/_comparison.html", {"comparison": comparison})
    assert "Moved from 1.4 in Scope and services to 2.1 in Governance and review meetings." in " ".join(html.split())


def test_a_deleted_clause_is_removed_and_renumbering_is_not_a_move(partnership):
    before = build_terms(partnership)
    clause(partnership, "Key contacts").delete()
    comparison = compare_snapshots(before, build_terms(partnership))
    assert changed(comparison) == [(REMOVED, "Key contacts", False)]
    # "Review meetings" was 1.3 and is now 1.2: renumbered, not moved.
    assert [change.status for change in comparison.clauses] == [UNCHANGED, REMOVED, UNCHANGED, UNCHANGED]
    html = render_to_string("agreements/_comparison.html", {"comparison": comparison})
    assert "<del" in html and "[deleted: </span>Each party names a key contact" in html


def test_a_changed_clause_marks_the_words_inserted_and_deleted(partnership):
    before = build_terms(partnership)
    Clause.objects.filter(pk=clause(partnership, "Review meetings").pk).update(
        body="The parties will meet at the end of each half term to review progress and agree actions."
    )
    comparison = compare_snapshots(before, build_terms(partnership))
    (change,) = comparison.changed_clauses
    assert (change.status, change.moved, change.body_changed, change.heading_changed) == (CHANGED, False, True, False)
    inserted = [segment.text for segment in change.body_segments if segment.is_insert]
    assert inserted == ["half ", " and agree actions"]
    assert not [segment for segment in change.body_segments if segment.is_delete]
    html = render_to_string("agreements/_comparison.html", {"comparison": comparison})
    assert '<ins class="app-diff__insert"><span class="govuk-visually-hidden">[inserted: </span>half ' in html


def test_an_edited_and_moved_clause_is_both(partnership):
    before = build_terms(partnership)
    Clause.objects.filter(pk=clause(partnership, "Services").pk).update(
        position=9, body="The Trust will provide the services described in Schedules 2 and 3."
    )
    comparison = compare_snapshots(before, build_terms(partnership))
    assert changed(comparison) == [(CHANGED, "Services", True)]


def test_a_new_clause_is_added(partnership):
    before = build_terms(partnership)
    ClauseFactory(partnership=partnership, section=ClauseSection.SCOPE, position=5, heading="Safeguarding")
    comparison = compare_snapshots(before, build_terms(partnership))
    assert changed(comparison) == [(ADDED, "Safeguarding", False)]


def test_a_changed_amount_shows_the_line_and_the_totals_before_and_after(partnership):
    before = build_terms(partnership)
    CostLine.objects.filter(partnership=partnership).update(amount=Decimal("1800.00"))
    comparison = compare_snapshots(before, build_terms(partnership))
    (line,) = comparison.money.lines
    assert (line.status, line.name) == (CHANGED, "Headteacher mentoring")
    fields = {change.label: (change.before, change.after) for change in line.fields}
    assert fields["Amount"] == ("£1,500.00", "£1,800.00")
    # Termly over a 12-month term is three charges.
    assert fields["Total over the term"] == ("£4,500.00", "£5,400.00")
    totals = {change.label: (change.before, change.after) for change in comparison.money.totals}
    assert totals == {"Net": ("£4,500.00", "£5,400.00"), "Total": ("£4,500.00", "£5,400.00")}
    assert comparison.summary() == [
        "Service charge: 1 cost line changed, net £4,500.00 → £5,400.00 and total £4,500.00 → £5,400.00"
    ]


def test_a_new_activity_is_added_with_its_details(partnership):
    before = build_terms(partnership)
    ActivityFactory(
        partnership=partnership,
        title="Deputy headteacher coaching",
        starts_on=datetime.date(2026, 10, 1),
        ends_on=datetime.date(2027, 3, 31),
    )
    comparison = compare_snapshots(before, build_terms(partnership))
    (activity,) = comparison.activities
    assert (activity.status, activity.name) == (ADDED, "Deputy headteacher coaching")
    assert ("Starts", "1 October 2026") in activity.lines
    assert comparison.summary() == ["Activity plan: 1 activity added"]
    assert not comparison.changed_clauses and not comparison.money and not comparison.objectives


def test_changed_dates_and_objective(partnership):
    before = build_terms(partnership)
    type(partnership).objects.filter(pk=partnership.pk).update(end_date=datetime.date(2027, 12, 31))
    partnership.objectives.update(target_date=datetime.date(2027, 9, 1))
    comparison = compare_snapshots(before, build_terms(partnership))
    dates = {change.label: (change.before, change.after) for change in comparison.dates}
    assert dates["End date"] == ("31 August 2027", "31 December 2027")
    (objective,) = comparison.objectives
    assert [(c.label, c.before, c.after) for c in objective.fields] == [
        ("Target date", "1 July 2027", "1 September 2027")
    ]


def test_whole_snapshots_carry_their_version_numbers(partnership):
    terms = build_terms(partnership)
    comparison = compare_snapshots(
        {"version": {"number": 2}, "terms": terms}, {"version": {"number": 3}, "terms": terms}
    )
    assert (comparison.before_number, comparison.after_number) == (2, 3)


def test_word_diff_keeps_every_word_of_both_texts():
    segments = word_diff("Pay within 30 days of the invoice.", "Pay within 14 days of each invoice.")
    before = "".join(s.text for s in segments if not s.is_insert)
    after = "".join(s.text for s in segments if not s.is_delete)
    assert (before, after) == ("Pay within 30 days of the invoice.", "Pay within 14 days of each invoice.")
    assert [(s.kind, s.text) for s in segments if s.kind != "equal"] == [
        ("delete", "30"),
        ("insert", "14"),
        ("delete", "the"),
        ("insert", "each"),
    ]


def test_comparison_html_escapes_clause_text(partnership):
    before = build_terms(partnership)
    Clause.objects.filter(pk=clause(partnership, "Reports").pk).update(body="<script>alert(1)</script> reports")
    html = render_to_string(
        "agreements/_comparison.html", {"comparison": compare_snapshots(before, build_terms(partnership))}
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
