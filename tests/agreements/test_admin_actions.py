"""The Partnership admin's actions "Generate draft agreement" and "Issue agreement"."""

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore

from agreements import services
from agreements.admin_actions import generate_draft_agreement, issue_agreement
from agreements.models import AgreementVersion
from partnerships.models import Partnership
from tests.accounts.factories import TrustStaffFactory, UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", first_name="Sam", last_name="Root", is_staff=True, is_superuser=True)


def run_action(action, rf, user, partnership) -> list[str]:
    request = rf.post("/admin/partnerships/partnership/", {"confirmed": "yes"})  # past the confirmation page
    request.user, request.session = user, SessionStore()
    request._messages = FallbackStorage(request)
    action(admin.ModelAdmin(Partnership, admin.site), request, Partnership.objects.filter(pk=partnership.pk))
    return [str(message) for message in get_messages(request)]


def test_superuser_generates_a_draft_but_cannot_issue_in_the_trusts_name(rf, superuser, agreed, quick_render):
    assert run_action(generate_draft_agreement, rf, superuser, agreed) == [
        f"Draft agreement generated: {agreed.reference} version 1."
    ]
    assert run_action(issue_agreement, rf, superuser, agreed) == [
        f"{agreed.reference}: {services.NOT_A_SIGNATORY.format(trust=agreed.trust.name)}"
    ]
    assert list(AgreementVersion.objects.values_list("status", flat=True)) == ["draft"]


def test_the_admin_action_follows_the_services_rules_for_a_signatory(rf, agreed, quick_render):
    signatory = TrustStaffFactory(trust=agreed.trust, can_sign_for_trust=True, is_staff=True, is_superuser=True)
    assert run_action(issue_agreement, rf, signatory, agreed) == [f"Agreement issued: {agreed.reference} version 1."]
    messages = run_action(issue_agreement, rf, signatory, agreed)
    assert len(messages) == 1 and messages[0].startswith(f"{agreed.reference}: Version 1 of this agreement was issued")
    assert AgreementVersion.objects.count() == 1


def test_oversight_admins_cannot_generate_or_issue(rf, oversight, agreed, quick_render):
    assert run_action(generate_draft_agreement, rf, oversight, agreed) == [
        f"{agreed.reference}: only a superuser or the partnership's trust staff can generate a draft agreement."
    ]
    assert run_action(issue_agreement, rf, oversight, agreed) == [
        f"{agreed.reference}: only a superuser or the partnership's trust staff can issue the agreement."
    ]
    assert not AgreementVersion.objects.exists()


def test_issue_before_approval_is_refused_in_the_admin(rf, draft, quick_render):
    signatory = TrustStaffFactory(trust=draft.trust, can_sign_for_trust=True, is_staff=True, is_superuser=True)
    messages = run_action(issue_agreement, rf, signatory, draft)
    assert messages == [
        f"{draft.reference}: You can issue the agreement once the governors have approved the partnership. "
        "This partnership is draft."
    ]
