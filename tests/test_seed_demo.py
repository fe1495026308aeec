import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts.models import User
from agreements.models import AgreementVersion
from partnerships import permissions
from partnerships.models import Clause, GovernorAuthorisation, Partnership, ReviewDecision, Variation
from schools.models import School, Trust
from tests.access_world import module_transaction
from tests.stand_in_pdf import use_stand_ins

pytestmark = [pytest.mark.django_db, pytest.mark.long]


def counts():
    return [model.objects.count() for model in (Trust, School, User, Partnership, Clause)] + [
        Partnership.history.count()
    ]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo seeded twice, once for the module (a run takes seconds): the row counts after the
    first and the second run. Each test's own transaction nests inside, so none sees another's
    changes; the module's transaction is rolled back at the end."""
    with (
        module_transaction(django_db_blocker),
        pytest.MonkeyPatch.context() as patch,
        override_settings(DEBUG=True),
    ):
        use_stand_ins(patch)
        call_command("seed_demo")
        first = counts()
        call_command("seed_demo")
        yield first, counts()


def test_seed_demo_creates_every_state_once_and_is_idempotent(seeded):
    first, second = seeded
    assert second == first
    assert set(Partnership.objects.values_list("status", flat=True)) == set(Partnership.Status.values)
    assert {user.role for user in User.objects.exclude(username="admin")} >= {
        "trust_staff",
        "chair",
        "vice_chair",
        "oversight",
    }


def test_seed_demo_records_are_truthful(seeded):
    """Approvals by the right school's chair (or authorised governor), issued by the trust's
    authorised signatory, a pending variation, and nothing active without an issued agreement."""

    approvals = ReviewDecision.objects.filter(decision="approved").select_related("decided_by", "partnership")
    assert approvals.exists()
    for approval in approvals:
        assert approval.decided_by.school_id == approval.partnership.school_id, approval.partnership.reference
        assert permissions.is_approver_of(approval.decided_by, approval.partnership)
        assert approval.agreement_version is not None and len(approval.terms_sha256) == 64
    for version in AgreementVersion.objects.issued_ever().select_related("issued_by", "partnership"):
        assert version.issued_by.can_sign_for_trust and version.issued_by.trust_id == version.partnership.trust_id
        assert version.signatures.get(party="trust").signed_by == version.issued_by
    assert not Partnership.objects.filter(status="active").exclude(agreement_versions__status="issued").exists()
    pending = Variation.objects.get(partnership__status="variation_in_review")
    assert pending.is_open and pending.before_terms["dates"]["end_date"] < pending.partnership.end_date.isoformat()
    assert GovernorAuthorisation.objects.current().get().governor.username == "vice.chair"


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    before = counts()
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("seed_demo")
    assert counts() == before


def test_seed_demo_gives_the_active_partnership_reviews_and_a_shared_impact_report(seeded):
    from delivery.models import EndReview, ImpactReport, ReviewMeeting

    active = Partnership.objects.get(status=Partnership.Status.ACTIVE)
    held = ReviewMeeting.objects.held().filter(partnership=active)
    assert held.count() == 2 and all(meeting.ratings.count() == active.objectives.count() for meeting in held)
    assert held.last().actions.exists() and held.last().comments.exists()
    report = ImpactReport.objects.get(partnership=active)
    assert report.is_shared and report.is_rendered and report.snapshot["support"]
    assert EndReview.objects.filter(partnership__status=Partnership.Status.CONCLUDED).count() == 1


def test_seed_demo_has_a_resent_partnership_with_changes_and_feedback(seeded):
    """The in-review partnership was sent back with the change the governors asked for, so its
    governors' page compares it with the version they reviewed; oversight has feedback to read."""
    from agreements import selectors as agreement_selectors
    from partnerships import demo_content as content
    from support.models import Feedback

    resent = Partnership.objects.get(status="in_review")
    asked = resent.review_decisions.get(decision="changes_requested")
    assert asked.reason == content.CHANGES_REQUESTED_REASON
    assert content.CHANGED_CLAUSE_AFTER in resent.clauses.get(heading=content.CHANGED_CLAUSE_HEADING).body
    changes = agreement_selectors.changes_since_review(resent)
    assert changes is not None
    assert [change.after["heading"] for change in changes.changed_clauses] == [content.CHANGED_CLAUSE_HEADING]
    feedback = Feedback.objects.get()
    assert feedback.message == content.FEEDBACK_MESSAGE and feedback.submitted_by.school_id == resent.school_id
