"""Generating drafts, issuing, downloading and verifying, through the services every caller uses."""

import datetime
import logging

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from agreements import services
from agreements.models import AgreementVersion
from partnerships import services as partnership_services
from partnerships.dates import format_date
from partnerships.models import Partnership
from tests.agreements.builders import approve_variation
from tests.partnerships.factories import ClauseFactory, ready_for_review
from tests.stand_in_pdf import tiny_pdf

Status = AgreementVersion.Status
S = Partnership.Status


def test_drafts_are_numbered_and_a_new_draft_supersedes_the_previous_one(draft, trust_staff, quick_render):
    first = services.agreement_generate_draft(partnership=draft, generated_by=trust_staff)
    second = services.agreement_generate_draft(partnership=draft, generated_by=trust_staff)
    first.refresh_from_db()
    assert (first.number, first.status) == (1, Status.SUPERSEDED)
    assert (second.number, second.status) == (2, Status.DRAFT)
    assert second.generated_by == trust_staff
    assert second.is_rendered and second.page_count == 1
    assert second.snapshot["version"] == {
        "number": 2,
        "status": "draft",
        "generated_at": second.generated_at.isoformat(),
        "generated_by": {"name": "Priya Shah", "role": trust_staff.job_title},
    }


@pytest.mark.parametrize("status", [S.WITHDRAWN, S.CONCLUDED, S.ENDED_EARLY])
def test_no_draft_for_a_partnership_that_has_finished(draft, trust_staff, quick_render, status):
    Partnership.objects.filter(pk=draft.pk).update(status=status)
    with pytest.raises(ValidationError) as error:
        services.agreement_generate_draft(partnership=draft, generated_by=trust_staff)
    label = Partnership.Status(status).label.lower()
    assert error.value.messages == [services.CANNOT_GENERATE.format(status=label)]
    assert not AgreementVersion.objects.exists()


@pytest.mark.parametrize("status", [S.DRAFT, S.IN_REVIEW, S.CHANGES_REQUESTED, S.WITHDRAWN])
def test_issue_is_refused_until_the_governors_have_approved(draft, trust_staff, quick_render, status):
    Partnership.objects.filter(pk=draft.pk).update(status=status)
    with pytest.raises(ValidationError) as error:
        services.agreement_issue(partnership=draft, issued_by=trust_staff)
    label = Partnership.Status(status).label.lower()
    assert error.value.messages == [services.CANNOT_ISSUE.format(status=label)]
    assert not AgreementVersion.objects.exists()


def test_issue_supersedes_earlier_versions_and_records_the_issuer(agreed, trust_staff, quick_render):
    draft = services.agreement_generate_draft(partnership=agreed, generated_by=trust_staff)
    issued = services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    draft.refresh_from_db()
    assert draft.status == Status.SUPERSEDED and draft.superseded_at == issued.issued_at
    assert (issued.number, issued.status, issued.issued_by) == (2, Status.ISSUED, trust_staff)
    assert issued.snapshot["issue"]["name"] == "Priya Shah"
    assert issued.snapshot["terms"]["approvals"][0]["decided_by_name"] == "Daniel Okafor"
    assert issued.sha256 == services.sha256_of(issued.pdf.read())


def test_issuing_twice_is_refused_with_a_clear_message(agreed, trust_staff, quick_render):
    first = services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    with pytest.raises(ValidationError) as error:
        services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    issued_on = format_date(timezone.localdate(first.issued_at))
    assert error.value.messages == [services.ALREADY_ISSUED.format(number=1, issued_on=issued_on)]
    assert list(AgreementVersion.objects.values_list("number", "status")) == [(1, Status.ISSUED)]


def test_changing_agreed_terms_means_a_new_issued_version(agreed, trust_staff, governor, quick_render):
    first = services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    partnership_services.partnership_extend(
        partnership=agreed,
        new_end_date=datetime.date(2027, 12, 31),
        reason="More time for the curriculum work.",
        extended_by=trust_staff,
    )
    approve_variation(agreed, trust_staff=trust_staff, governor=governor)
    second = services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    first.refresh_from_db()
    assert first.status == Status.SUPERSEDED
    assert first.snapshot["terms"]["dates"]["end_date"] == "2027-08-31"
    assert second.snapshot["terms"]["dates"]["end_date"] == "2027-12-31"
    assert second.status == Status.ISSUED


def test_an_active_partnership_can_be_issued(agreed, trust_staff, quick_render):
    Partnership.objects.filter(pk=agreed.pk).update(status=S.ACTIVE)
    assert services.agreement_issue(partnership=agreed, issued_by=trust_staff).status == Status.ISSUED


def test_issued_snapshot_is_frozen_when_the_stored_terms_change(agreed, trust_staff, quick_render):
    issued = services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    before = issued.snapshot
    ClauseFactory(partnership=agreed, heading="Later clause", body="Added after issue.")
    issued.refresh_from_db()
    assert issued.snapshot == before
    assert "Later clause" not in str(issued.snapshot)


def test_a_failed_render_rolls_the_issue_back(agreed, trust_staff, monkeypatch):
    def broken(snapshot):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(services, "render_pdf", broken)
    with pytest.raises(ValidationError) as error:
        services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    assert error.value.messages == [services.RENDER_FAILED]
    assert not AgreementVersion.objects.exists()


def test_a_failed_draft_render_keeps_the_draft_with_the_error(draft, trust_staff, monkeypatch):
    monkeypatch.setattr(services, "render_pdf", lambda snapshot: (_ for _ in ()).throw(RuntimeError("no fonts")))
    version = services.agreement_generate_draft(partnership=draft, generated_by=trust_staff)
    assert not version.is_rendered
    assert version.render_error == "RuntimeError: no fonts"
    with pytest.raises(services.AgreementPdfUnavailable) as error:
        services.agreement_pdf_for_download(version)
    assert error.value.messages == [services.RENDER_ERROR.format(number=1)]


def test_issuing_emails_both_parties(agreed, trust_staff, governor, quick_render, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    recipients = {address for message in mail.outbox for address in message.to}
    assert governor.email in recipients and trust_staff.email in recipients


def test_sending_for_review_attaches_a_draft_attributed_to_the_submitter(trust, school, trust_staff, quick_render):
    partnership = ready_for_review(trust=trust, school=school)
    partnership_services.partnership_submit_for_review(partnership=partnership, submitted_by=trust_staff)
    version = AgreementVersion.objects.get(partnership=partnership)
    assert (version.number, version.status, version.generated_by) == (1, Status.DRAFT, trust_staff)
    assert version.is_rendered


def test_download_returns_the_stored_bytes_when_they_match(agreed, trust_staff, quick_render):
    version = services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    content = services.agreement_pdf_for_download(version)
    assert content.startswith(b"%PDF-") and services.sha256_of(content) == version.sha256


def test_download_refuses_and_logs_a_tampered_file(agreed, trust_staff, quick_render, caplog):
    version = services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    storage, name = version.pdf.storage, version.pdf.name
    storage.delete(name)
    storage.save(name, ContentFile(tiny_pdf("Forged agreement")))
    with (
        caplog.at_level(logging.ERROR, logger="agreements.services"),
        pytest.raises(services.AgreementPdfTampered) as error,
    ):
        services.agreement_pdf_for_download(version)
    assert error.value.messages == [services.TAMPERED.format(number=1, reference=agreed.reference)]
    assert f"integrity check: {agreed.reference} version 1" in caplog.text
    assert version.sha256 in caplog.text


def test_download_refuses_a_missing_file(agreed, trust_staff, quick_render, caplog):
    version = services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    version.pdf.storage.delete(version.pdf.name)
    with pytest.raises(services.AgreementPdfTampered):
        services.agreement_pdf_for_download(version)
    assert "missing file" in caplog.text


def test_verify_recognises_issued_versions_only(agreed, trust_staff, quick_render):
    draft = services.agreement_generate_draft(partnership=agreed, generated_by=trust_staff)
    issued = services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    assert services.agreement_verify(issued.pdf.read()) == issued
    draft.refresh_from_db()
    assert services.agreement_verify(draft.pdf.read()) is None
    assert services.agreement_verify(issued.pdf.read() + b"\n% appended") is None


def test_verify_still_recognises_a_superseded_issued_version(agreed, trust_staff, governor, quick_render):
    first = services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    partnership_services.partnership_extend(
        partnership=agreed,
        new_end_date=datetime.date(2027, 10, 31),
        reason="Extra term.",
        extended_by=trust_staff,
    )
    approve_variation(agreed, trust_staff=trust_staff, governor=governor)
    services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    found = services.agreement_verify(first.pdf.read())
    assert found == first and found.status == Status.SUPERSEDED
