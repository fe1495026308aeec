"""The task list page, the history page, and the permission matrix for every trust staff route."""

import re
from html import unescape

import pytest
from django.urls import reverse

from partnerships.models import Partnership
from partnerships.services import clause_update, partnership_submit_for_review
from tests.accounts.factories import GovernorFactory, OversightFactory, TrustStaffFactory
from tests.agreements.builders import record_approval
from tests.partnerships.factories import (
    ActivityFactory,
    ClauseFactory,
    CostLineFactory,
    LibraryClauseFactory,
    ObjectiveFactory,
    PartnershipFactory,
    ready_for_review,
)


def page(client, name, *args):
    response = client.get(reverse(f"partnerships:{name}", args=args))
    return response, unescape(response.content.decode())


def task_status(html: str, title: str) -> str:
    """The status text shown in the task list row whose name is `title`."""
    start = html.index(f">{title}<")
    status_start = html.index("govuk-task-list__status", start)
    chunk = html[status_start : html.index("</li>", status_start)]
    for status in ("Not started", "In progress", "Completed", "Cannot start yet"):
        if status in chunk:
            return status
    raise AssertionError(f"no status for {title}")


def test_task_list_of_a_new_draft(client, trust_staff, trust):
    partnership = PartnershipFactory(trust=trust)
    client.force_login(trust_staff)
    response, html = page(client, "partnership-detail", partnership.pk)
    assert response.status_code == 200
    assert task_status(html, "Key details") == "Completed"
    assert task_status(html, "Terms and conditions") == "Not started"
    assert task_status(html, "Service charge") == "Not started"
    assert task_status(html, "Objectives") == "Not started"
    assert task_status(html, "Activity plan") == "Not started"
    assert task_status(html, "Governor review") == "Cannot start yet"
    assert task_status(html, "Academisation decision") == "Cannot start yet"
    assert "You have completed 1 of 8 tasks" in html
    assert partnership.school.urn in html and trust.group_id in html and "12 months" in html
    assert "1 September 2026 to 31 August 2027" in html


def test_task_list_when_ready_and_actions_offered(client, trust_staff, trust):
    partnership = ready_for_review(trust=trust)
    client.force_login(trust_staff)
    _, html = page(client, "partnership-detail", partnership.pk)
    for title in ("Terms and conditions", "Service charge", "Objectives", "Activity plan"):
        assert task_status(html, title) == "Completed"
    assert task_status(html, "Governor review") == "Not started"
    assert "Send to governors for review" in html and "Withdraw the partnership" in html
    assert "End the partnership early" not in html and "Extend the partnership" not in html


def test_no_charge_completes_the_service_charge_task(client, trust_staff, trust):
    partnership = PartnershipFactory(trust=trust, no_charge=True)
    client.force_login(trust_staff)
    _, html = page(client, "partnership-detail", partnership.pk)
    assert task_status(html, "Service charge") == "Completed"


def test_plan_without_teaching_or_leadership_shows_a_warning(client, trust_staff, trust):
    partnership = PartnershipFactory(trust=trust)
    ActivityFactory(partnership=partnership, category="other")
    client.force_login(trust_staff)
    _, html = page(client, "partnership-detail", partnership.pk)
    assert "govuk-warning-text" in html and "no teaching or leadership activity" in html
    assert task_status(html, "Activity plan") == "In progress"


def test_active_partnership_offers_end_early_and_extend(client, trust_staff, trust):
    partnership = ready_for_review(trust=trust, status=Partnership.Status.ACTIVE)
    client.force_login(trust_staff)
    _, html = page(client, "partnership-detail", partnership.pk)
    assert "End the partnership early" in html and "Extend the partnership" in html
    assert "Send to governors for review" not in html
    assert task_status(html, "Governor review") == "Completed"
    assert task_status(html, "Academisation decision") == "Not started"


def test_agreement_task_opens_the_versions_page_where_it_is_issued(client, trust_staff, trust):
    partnership = ready_for_review(trust=trust, status=Partnership.Status.AGREED)
    record_approval(partnership, GovernorFactory(school=partnership.school))
    client.force_login(trust_staff)
    _, html = page(client, "partnership-detail", partnership.pk)
    versions = reverse("agreements:version-list", args=[partnership.pk])
    assert f'href="{versions}"' in html.split(">Agreement</a>")[0].rsplit("<a", 1)[1]
    assert ">Issue the agreement</a>" in client.get(versions).content.decode()


def test_task_list_offers_issuing_until_the_agreement_is_issued(client, trust_staff, trust, quick_pdf):
    from agreements.services import agreement_issue

    partnership = ready_for_review(trust=trust, status=Partnership.Status.AGREED)
    record_approval(partnership, GovernorFactory(school=partnership.school))
    client.force_login(trust_staff)
    issue = reverse("agreements:agreement-issue", args=[partnership.pk])

    _, html = page(client, "partnership-detail", partnership.pk)
    assert f'<a href="{issue}" role="button" draggable="false" class="govuk-button "' in html
    assert task_status(html, "Agreement") == "Not started"

    agreement_issue(partnership=partnership, issued_by=trust_staff)
    _, html = page(client, "partnership-detail", partnership.pk)
    assert "Issue the agreement" not in html
    assert task_status(html, "Agreement") == "Completed"


def test_issuing_is_not_offered_before_the_governors_approve(client, trust_staff, trust):
    partnership = ready_for_review(trust=trust, status=Partnership.Status.IN_REVIEW)
    client.force_login(trust_staff)
    _, html = page(client, "partnership-detail", partnership.pk)
    assert "Issue the agreement" not in html


def test_governors_comments_show_on_the_task_list(client, trust_staff, trust, governor):
    partnership = PartnershipFactory(trust=trust, school=governor.school, status=Partnership.Status.IN_REVIEW)
    clause = ClauseFactory(partnership=partnership, heading="Review meetings")
    from partnerships.services import comment_create

    comment_create(partnership=partnership, author=governor, body="Can we meet monthly?", clause=clause)
    client.force_login(trust_staff)
    _, html = page(client, "partnership-detail", partnership.pk)
    assert "Can we meet monthly?" in html and "Daniel Okafor" in html and "Review meetings" in html


def test_other_trusts_partnership_is_not_found(client, trust_staff):
    other = PartnershipFactory()
    client.force_login(trust_staff)
    assert page(client, "partnership-detail", other.pk)[0].status_code == 404


def test_history_lists_changes_old_to_new_newest_first(client, trust_staff, trust):
    partnership = ready_for_review(trust=trust)
    clause = partnership.clauses.get()
    clause_update(clause=clause, updated_by=trust_staff, heading="Services to be provided")
    partnership_submit_for_review(partnership=partnership, submitted_by=trust_staff)
    client.force_login(trust_staff)
    response, html = page(client, "partnership-history", partnership.pk)
    assert response.status_code == 200
    assert "Sent to governors for review" in html
    assert "Status:" in html and "Draft" in html and "In review" in html
    assert "Heading:" in html and "Services to be provided" in html
    assert "Priya Shah, Director of School Improvement" in html
    assert html.index("Sent to governors for review") < html.index("Services to be provided")
    assert "Version:" not in html, "the edit counter is bookkeeping, not a change a person made"


def test_history_shows_drafts_and_the_issue_of_the_agreement_with_who_did_it(client, trust_staff, trust, quick_pdf):
    from agreements.services import agreement_generate_draft, agreement_issue

    partnership = ready_for_review(trust=trust)
    partnership_submit_for_review(partnership=partnership, submitted_by=trust_staff)  # attaches draft 1
    partnership.refresh_from_db()
    partnership.status = Partnership.Status.AGREED
    partnership.save()
    record_approval(partnership, GovernorFactory(school=partnership.school))
    colleague = TrustStaffFactory(
        username="colleague", first_name="Sam", last_name="Patel", trust=trust, job_title="CEO"
    )
    agreement_generate_draft(partnership=partnership, generated_by=trust_staff)
    agreement_issue(partnership=partnership, issued_by=colleague)
    client.force_login(trust_staff)

    _, html = page(client, "partnership-history", partnership.pk)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())

    assert "Sam Patel, CEO Agreement version 3 issued Replaces version 2" in text
    assert (
        "Priya Shah, Director of School Improvement Agreement version 2 generated as a draft Replaces version 1" in text
    )
    assert "Agreement version 1 generated as a draft" in text
    assert text.index("version 3 issued") < text.index("version 2 generated") < text.index("version 1 generated")


def test_history_runs_a_fixed_number_of_queries(client, trust_staff, trust, django_assert_max_num_queries):
    partnership = ready_for_review(trust=trust)
    for number in range(20):
        clause_update(clause=partnership.clauses.get(), updated_by=trust_staff, heading=f"Heading {number}")
    client.force_login(trust_staff)
    with django_assert_max_num_queries(15):
        assert page(client, "partnership-history", partnership.pk)[0].status_code == 200


# --- Permission matrix: every trust staff route × role -----------------------------------------


def _routes(partnership, clause, cost_line, objective, activity, library_clause):
    pk = partnership.pk
    return [
        ("partnership-detail", (pk,), True),
        ("partnership-update", (pk,), False),
        ("partnership-history", (pk,), True),
        ("partnership-submit", (pk,), False),
        ("partnership-withdraw", (pk,), False),
        ("clause-list", (pk,), True),
        ("clause-create", (pk,), False),
        ("clause-add-from-library", (pk,), False),
        ("clause-update", (pk, clause.pk), False),
        ("clause-delete", (pk, clause.pk), False),
        ("cost-line-list", (pk,), True),
        ("cost-line-create", (pk,), False),
        ("partnership-charging", (pk,), False),
        ("cost-line-update", (pk, cost_line.pk), False),
        ("cost-line-delete", (pk, cost_line.pk), False),
        ("objective-list", (pk,), True),
        ("objective-create", (pk,), False),
        ("objective-update", (pk, objective.pk), False),
        ("objective-delete", (pk, objective.pk), False),
        ("activity-list", (pk,), True),
        ("activity-create", (pk,), False),
        ("activity-update", (pk, activity.pk), False),
        ("activity-delete", (pk, activity.pk), False),
        ("library-clause-list", (), None),
        ("library-clause-create", (), None),
        ("library-clause-update", (library_clause.pk,), None),
        ("library-clause-archive", (library_clause.pk,), None),
    ]


@pytest.fixture
def matrix(trust, school):
    partnership = PartnershipFactory(trust=trust, school=school)
    objects = dict(
        clause=ClauseFactory(partnership=partnership),
        cost_line=CostLineFactory(partnership=partnership),
        objective=ObjectiveFactory(partnership=partnership),
        activity=ActivityFactory(partnership=partnership),
        library_clause=LibraryClauseFactory(trust=trust),
    )
    return partnership, _routes(partnership, **objects)


def _expected(role: str, name: str, args: tuple, readable: bool | None) -> int:
    """Staff of the trust: 200 everywhere. Staff of another trust: 404 for this trust's records,
    their own (empty) library works. Governors and oversight: 200 on the pages they may read,
    403 on edits and on the clause library, and the task list sends them to their own page.
    Governors do not get the staff history page."""
    if role == "staff":
        return 200
    if role == "other_staff":
        if name.startswith("library-clause"):
            return 404 if args else 200
        return 404
    if name.startswith("library-clause") or (role == "governor" and name == "partnership-history"):
        return 403
    if name == "partnership-detail":
        return 302  # to the governors' or the oversight page for the partnership
    return 200 if readable else 403


@pytest.mark.parametrize("role", ["staff", "other_staff", "governor", "oversight"])
def test_permission_matrix(client, matrix, trust, school, role):
    partnership, routes = matrix
    user = {
        "staff": lambda: TrustStaffFactory(trust=trust),
        "other_staff": lambda: TrustStaffFactory(),
        "governor": lambda: GovernorFactory(school=school),
        "oversight": lambda: OversightFactory(),
    }[role]()
    client.force_login(user)
    failures = []
    for name, args, readable in routes:
        expected = _expected(role, name, args, readable)
        status = client.get(reverse(f"partnerships:{name}", args=args)).status_code
        if status != expected:
            failures.append(f"{name}: {status} (expected {expected})")
    assert not failures, f"{role}: " + "; ".join(failures)


def test_every_staff_route_is_in_the_matrix(matrix):
    from partnerships.urls import (
        activity_patterns,
        charge_patterns,
        library_patterns,
        objective_patterns,
        partnership_patterns,
        terms_patterns,
    )

    _, routes = matrix
    covered = {name for name, _, _ in routes}
    # POST-only or state-dependent routes are covered by their own tests.
    elsewhere = {
        "clause-move",
        "activity-progress",
        "partnership-end-early",
        "partnership-extend",
        "comment-create",
        # tests/partnerships/test_comment_threads.py
        "comment-reply",
        "comment-update",
        "comment-delete",
        "comment-resolve",
        "comment-reopen",
        "library-clause-restore",
        "library-model-clauses",  # tests/partnerships/test_model_clauses.py
        "partnership-recall",
        "variation-propose",
        "variation-withdraw",
    }
    names = {
        p.name
        for group in (
            partnership_patterns,
            terms_patterns,
            charge_patterns,
            objective_patterns,
            activity_patterns,
            library_patterns,
        )
        for p in group
        if getattr(p, "name", None)
    }
    assert names - covered - elsewhere == set()


def test_anonymous_visitors_are_sent_to_sign_in(client, matrix):
    _, routes = matrix
    for name, args, _ in routes:
        response = client.get(reverse(f"partnerships:{name}", args=args))
        assert response.status_code == 302 and response.url.startswith(reverse("login")), name


def _details_post(partnership, **overrides):
    from tests.partnerships.test_views_staff_start import date_fields, key_details

    data = {**key_details(start=partnership.start_date, end=partnership.end_date), "version": partnership.version}
    for name, value in overrides.items():
        if name in ("start_date", "end_date"):
            data.update(date_fields(name, value))
        else:
            data[name] = value
    return data


def test_key_details_form_is_filled_in_and_saves(client, trust_staff, trust):
    import datetime

    partnership = PartnershipFactory(trust=trust)
    client.force_login(trust_staff)
    _, form = page(client, "partnership-update", partnership.pk)
    assert 'value="Priya Shah"' in form and "Strengthen leadership" in form
    response = client.post(
        reverse("partnerships:partnership-update", args=[partnership.pk]),
        _details_post(partnership, end_date=datetime.date(2027, 12, 31), purpose="New purpose"),
        follow=True,
    )
    partnership.refresh_from_db()
    assert (partnership.end_date, partnership.purpose) == (datetime.date(2027, 12, 31), "New purpose")
    assert "Key details saved" in unescape(response.content.decode())


def test_key_details_19_months_is_refused_with_the_rule(client, trust_staff, trust):
    import datetime

    partnership = PartnershipFactory(trust=trust)
    client.force_login(trust_staff)
    response = client.post(
        reverse("partnerships:partnership-update", args=[partnership.pk]),
        _details_post(partnership, end_date=datetime.date(2028, 3, 31)),
    )
    html = unescape(response.content.decode())
    assert response.status_code == 200 and "govuk-error-summary" in html
    assert "A trust partnership must last between 12 and 18 months; this one lasts 19 months." in html
    partnership.refresh_from_db()
    assert partnership.end_date == datetime.date(2027, 8, 31)


def test_governors_and_oversight_are_sent_to_their_own_partnership_page(client, governor, oversight, school):
    partnership = PartnershipFactory(school=school)
    client.force_login(governor)
    response = client.get(reverse("partnerships:partnership-detail", args=[partnership.pk]))
    assert response.url == reverse("partnerships:governor-partnership-detail", args=[partnership.pk])
    client.force_login(oversight)
    response = client.get(reverse("partnerships:partnership-detail", args=[partnership.pk]))
    assert response.url == reverse("oversight:partnership-detail", args=[partnership.pk])


def test_the_task_list_shows_the_governors_latest_request_for_changes_at_once(
    client, trust_staff, trust, school, governor
):
    """The latest decision is kept with the task list's other parts (per data version): each new
    request for changes shows on the next request."""
    from partnerships.services import partnership_request_changes

    partnership = ready_for_review(trust=trust, school=school)
    client.force_login(trust_staff)
    for reason in ("Add the reading objective the governors discussed.", "Name the school's lead for maths."):
        partnership_submit_for_review(partnership=partnership, submitted_by=trust_staff)
        assert "The governors asked for changes" not in page(client, "partnership-detail", partnership.pk)[1]
        partnership_request_changes(partnership=partnership, requested_by=governor, reason=reason)
        html = page(client, "partnership-detail", partnership.pk)[1]
        assert "The governors asked for changes" in html and reason in html
