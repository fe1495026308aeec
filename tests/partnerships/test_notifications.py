import datetime
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction

from accounts.models import Invitation
from agreements.services import agreement_issue
from partnerships import notifications, services
from partnerships.models import AcademisationConsideration, Partnership
from tests.accounts.factories import GovernorFactory, TrustStaffFactory
from tests.agreements.builders import CHAIR_MEETING, record_approval
from tests.partnerships.factories import PartnershipFactory, ready_for_review

S = Partnership.Status
pytestmark = pytest.mark.django_db

ENDS = datetime.date(2027, 8, 31)
SIXTY_DAYS_BEFORE = ENDS - datetime.timedelta(days=60)


@pytest.fixture
def draft(school, trust):
    return ready_for_review(school=school, trust=trust)


@pytest.fixture
def people(school, trust, governor, trust_staff):
    """Everyone who should hear about the partnership, and some who should not."""
    GovernorFactory(username="clerk", email="clerk@school.example", school=school)
    GovernorFactory(username="left", email="left@school.example", school=school, is_active=False)
    GovernorFactory(username="elsewhere", email="elsewhere@other-school.example")
    TrustStaffFactory(username="ceo", email="ceo@trust.example", trust=trust)
    TrustStaffFactory(username="rival", email="rival@other-trust.example")


def recipients(outbox) -> set[str]:
    return {address for message in outbox for address in message.to}


def test_sending_for_review_emails_the_schools_people_and_invites_a_chair_without_an_account(
    draft, people, trust_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.partnership_submit_for_review(partnership=draft, submitted_by=trust_staff)

    assert recipients(mail.outbox) == {"chair@school.example", "governor@example.org", "clerk@school.example"}
    assert all(len(message.to) == 1 for message in mail.outbox)  # nobody sees anyone else's address
    # The chair named on the partnership has no account: an invitation, not a link they cannot open.
    (to_chair,) = [message for message in mail.outbox if message.to == ["chair@school.example"]]
    assert to_chair.subject == "Priya Shah has invited you to Trust Partnerships"
    assert "as chair of governors at St Hilda's Church of England Primary School" in to_chair.body
    assert f"to review the trust partnership agreement {draft.reference}" in to_chair.body
    assert "http://127.0.0.1:8000/invitations/" in to_chair.body
    invitation = Invitation.objects.get(email="chair@school.example")
    assert (invitation.role, invitation.school, invitation.invited_by) == ("chair", draft.school, trust_staff)
    message = next(message for message in mail.outbox if message.to == ["governor@example.org"])
    assert message.subject == f"{draft.reference}: the trust partnership agreement is ready for the governors to review"
    assert "St Hilda's Church of England Primary School" in message.body  # plain text: no &#x27;
    assert "approve it or ask the trust for changes" in message.body
    assert f"http://127.0.0.1:8000/partnerships/{draft.pk}/governors/" in message.body


def test_requesting_changes_emails_the_trust_lead_and_staff_with_the_reason(
    draft, people, trust_staff, governor, django_capture_on_commit_callbacks
):
    services.partnership_submit_for_review(partnership=draft, submitted_by=trust_staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.partnership_request_changes(
            partnership=draft, requested_by=governor, reason="Add a termly report to governors."
        )

    assert recipients(mail.outbox) == {"priya.shah@trust.example", "staff@example.org", "ceo@trust.example"}
    message = mail.outbox[0]
    assert "have asked for changes" in message.subject
    assert "Add a termly report to governors." in message.body
    assert "Requested by: Daniel Okafor" in message.body
    assert f"http://127.0.0.1:8000/partnerships/{draft.pk}/" in message.body


def test_approval_emails_the_trust(draft, people, trust_staff, governor, django_capture_on_commit_callbacks):
    services.partnership_submit_for_review(partnership=draft, submitted_by=trust_staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.partnership_approve(partnership=draft, approved_by=governor, **CHAIR_MEETING)

    assert recipients(mail.outbox) == {"priya.shah@trust.example", "staff@example.org", "ceo@trust.example"}
    assert "have approved the agreement" in mail.outbox[0].subject
    assert "Approved by: Daniel Okafor" in mail.outbox[0].body


def test_issued_agreement_emails_both_parties(school, trust, people):
    partnership = PartnershipFactory(school=school, trust=trust, status=S.AGREED)

    sent = notifications.notify_agreement_issued(SimpleNamespace(partnership=partnership))

    assert sent == 6
    assert recipients(mail.outbox) == {
        "chair@school.example",
        "governor@example.org",
        "clerk@school.example",
        "priya.shah@trust.example",
        "staff@example.org",
        "ceo@trust.example",
    }
    assert mail.outbox[0].subject == f"{partnership.reference}: the trust partnership agreement has been issued"


def test_the_same_address_is_emailed_once(school, trust):
    partnership = PartnershipFactory(school=school, trust=trust, chair_of_governors_email="Chair@School.example")
    GovernorFactory(username="chair", email="chair@school.example", school=school)

    notifications.notify_review_requested(partnership)

    assert [message.to for message in mail.outbox] == [["Chair@School.example"]]


def test_a_transition_that_rolls_back_sends_nothing(draft, people, trust_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.partnership_submit_for_review(partnership=draft, submitted_by=trust_staff)
        raise RuntimeError("something later in the same request failed")

    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    assert mail.outbox == []


def test_a_refused_transition_sends_nothing(school, trust, people, trust_staff, django_capture_on_commit_callbacks):
    empty = PartnershipFactory(school=school, trust=trust)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception):
        services.partnership_submit_for_review(partnership=empty, submitted_by=trust_staff)

    assert mail.outbox == []


def test_a_failing_mail_server_does_not_undo_the_transition(
    draft, trust_staff, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(notifications, "_send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        services.partnership_submit_for_review(partnership=draft, submitted_by=trust_staff)

    draft.refresh_from_db()
    assert draft.status == S.IN_REVIEW


# The 60-day reminder -------------------------------------------------------------------------


@pytest.fixture
def active(school, trust, people):
    return PartnershipFactory(school=school, trust=trust, status=S.ACTIVE, end_date=ENDS)


def test_reminder_goes_to_both_parties_sixty_days_before_the_end(active):
    call_command("send_reminders", "--today", SIXTY_DAYS_BEFORE.isoformat(), stdout=open("/dev/null", "w"))

    active.refresh_from_db()
    assert active.reminder_sent_at is not None
    assert recipients(mail.outbox) == {
        "chair@school.example",
        "governor@example.org",
        "clerk@school.example",
        "priya.shah@trust.example",
        "staff@example.org",
        "ceo@trust.example",
    }
    message = mail.outbox[0]
    assert message.subject == f"{active.reference}: the trust partnership ends on 31 August 2027"
    assert "in 60 days" in message.body
    assert "has not yet recorded its decision on academisation" in message.body
    assert active.history.latest().history_change_reason == "Reminder sent: the partnership ends soon"


def test_reminder_goes_out_once_however_often_the_command_runs(active):
    for day in (SIXTY_DAYS_BEFORE, SIXTY_DAYS_BEFORE, SIXTY_DAYS_BEFORE + datetime.timedelta(days=1)):
        call_command("send_reminders", "--today", day.isoformat(), stdout=open("/dev/null", "w"))

    assert len(mail.outbox) == 6  # one message per person, once
    assert (
        Partnership.objects.get(pk=active.pk).history.filter(history_change_reason__startswith="Reminder").count() == 1
    )


def test_no_reminder_before_sixty_days_or_for_partnerships_not_running(school, trust, people, capsys):
    PartnershipFactory(status=S.ACTIVE, end_date=ENDS + datetime.timedelta(days=1))
    PartnershipFactory(status=S.IN_REVIEW, end_date=ENDS)
    PartnershipFactory(status=S.WITHDRAWN, end_date=ENDS)

    call_command("send_reminders", "--today", SIXTY_DAYS_BEFORE.isoformat())

    assert mail.outbox == []
    assert "0 ending-soon reminders sent" in capsys.readouterr().out


def test_reminder_mentions_a_recorded_academisation_decision(active, governor):
    AcademisationConsideration.objects.create(
        partnership=active,
        outcome=AcademisationConsideration.Outcome.STAY_AS_IS,
        decided_on=datetime.date(2027, 3, 1),
        recorded_by=governor,
    )
    call_command("send_reminders", "--today", SIXTY_DAYS_BEFORE.isoformat(), stdout=open("/dev/null", "w"))

    assert "The governing body has recorded its academisation decision." in mail.outbox[0].body


def test_reminders_run_after_partnerships_move_on_by_date(school, trust, governor, trust_staff, people, capsys):
    agreed = ready_for_review(school=school, trust=trust, status=S.AGREED, end_date=ENDS)
    record_approval(agreed, governor)
    agreement_issue(partnership=agreed, issued_by=trust_staff)

    call_command("send_reminders", "--today", SIXTY_DAYS_BEFORE.isoformat())

    agreed.refresh_from_db()
    assert agreed.status == S.ACTIVE
    assert agreed.reminder_sent_at is not None
    assert (
        "1 activated, 0 concluded, 1 ending-soon reminder sent, personal data removed from 0 closed enquiries."
        in capsys.readouterr().out
    )


def test_the_daily_job_flags_a_partnership_that_reached_its_start_without_an_issued_agreement(
    school, trust, people, capsys
):
    agreed = PartnershipFactory(school=school, trust=trust, status=S.AGREED, end_date=ENDS)

    call_command("send_reminders", "--today", SIXTY_DAYS_BEFORE.isoformat())

    agreed.refresh_from_db()
    assert agreed.status == S.AGREED
    assert "1 agreed partnership reached the start date without an issued agreement" in capsys.readouterr().out


def test_a_reminder_that_could_not_be_sent_is_tried_again_next_time(active, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(notifications, "notify_ending_soon", refuse)
    call_command("send_reminders", "--today", SIXTY_DAYS_BEFORE.isoformat(), stdout=open("/dev/null", "w"))
    active.refresh_from_db()
    assert active.reminder_sent_at is None

    monkeypatch.undo()
    call_command("send_reminders", "--today", SIXTY_DAYS_BEFORE.isoformat(), stdout=open("/dev/null", "w"))
    active.refresh_from_db()
    assert active.reminder_sent_at is not None
    assert len(mail.outbox) == 6


def test_extending_a_reminded_partnership_earns_a_new_reminder(active, trust_staff):
    call_command("send_reminders", "--today", SIXTY_DAYS_BEFORE.isoformat(), stdout=open("/dev/null", "w"))
    services.partnership_extend(
        partnership=active,
        new_end_date=datetime.date(2027, 12, 31),
        reason="More mentoring time",
        extended_by=trust_staff,
    )

    active.refresh_from_db()
    assert active.reminder_sent_at is None


def test_send_reminders_rejects_a_date_it_cannot_read():
    with pytest.raises(CommandError, match="--today must be a date like 2027-07-01, not '31/08/2027'."):
        call_command("send_reminders", "--today", "31/08/2027")


def test_a_chair_with_an_account_gets_the_review_email_and_no_invitation(
    draft, trust_staff, django_capture_on_commit_callbacks
):
    GovernorFactory(username="chair", email="Chair@School.example", school=draft.school, role="chair")
    with django_capture_on_commit_callbacks(execute=True):
        services.partnership_submit_for_review(partnership=draft, submitted_by=trust_staff)

    (message,) = [message for message in mail.outbox if message.to[0].lower() == "chair@school.example"]
    assert "ready for the governors to review" in message.subject
    assert not Invitation.objects.exists()
