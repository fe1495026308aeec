"""An issued version can never be edited or deleted: not on the model, not in bulk, not in the admin."""

import datetime
import json

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.db_guard import FINAL_MESSAGE
from agreements.models import (
    BULK_CHANGE_REFUSED,
    BULK_FROZEN_FIELDS,
    ISSUED_IS_FINAL,
    SNAPSHOT_IS_FINAL,
    AgreementVersion,
    AgreementVersionLocked,
)
from partnerships.dates import format_date
from partnerships.models import Partnership
from partnerships.services import partnership_extend
from tests.accounts.factories import UserFactory
from tests.agreements.builders import approve_variation

Status = AgreementVersion.Status


@pytest.fixture
def issued(agreed, trust_staff, quick_render):
    return services.agreement_issue(partnership=agreed, issued_by=trust_staff)


def final_message(version, action: str) -> str:
    issued_on = format_date(timezone.localdate(version.issued_at))
    return ISSUED_IS_FINAL.format(
        number=version.number, reference=version.reference, issued_on=issued_on, action=action
    )


def unchanged(version) -> bool:
    stored = AgreementVersion.objects.get(pk=version.pk)
    return (stored.snapshot, stored.status, stored.sha256, stored.pdf.name) == (
        version.snapshot,
        Status.ISSUED,
        version.sha256,
        version.pdf.name,
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("snapshot", {"reference": "TP26-99999"}),
        ("status", Status.DRAFT),
        ("sha256", "0" * 64),
        ("page_count", 99),
        ("issued_at", None),
        ("number", 7),
    ],
)
def test_saving_a_changed_issued_version_is_refused(issued, field, value):
    original = AgreementVersion.objects.get(pk=issued.pk)
    setattr(issued, field, value)
    with pytest.raises(AgreementVersionLocked) as error:
        issued.save()
    assert error.value.messages == [final_message(original, "changed")]
    assert unchanged(original)


def test_replacing_the_pdf_of_an_issued_version_is_refused(issued):
    original = AgreementVersion.objects.get(pk=issued.pk)
    issued.pdf.save("forged.pdf", ContentFile(b"%PDF-1.7 forged"), save=False)
    with pytest.raises(AgreementVersionLocked):
        issued.save()
    assert unchanged(original)


def test_deleting_an_issued_version_is_refused(issued):
    with pytest.raises(AgreementVersionLocked) as error:
        issued.delete()
    assert error.value.messages == [final_message(issued, "deleted")]
    assert AgreementVersion.objects.filter(pk=issued.pk).exists()


def test_a_superseded_issued_version_stays_final(issued, agreed, trust_staff):
    issued.status, issued.superseded_at = Status.SUPERSEDED, issued.issued_at
    issued.save()  # the one change an issued version accepts
    issued.status = Status.ISSUED
    with pytest.raises(AgreementVersionLocked):
        issued.save()
    with pytest.raises(AgreementVersionLocked):
        AgreementVersion.objects.get(pk=issued.pk).delete()


def test_bulk_update_and_delete_of_issued_versions_are_refused(issued, agreed):
    with pytest.raises(AgreementVersionLocked) as error:
        AgreementVersion.objects.filter(partnership=agreed).update(status=Status.DRAFT)
    assert error.value.messages == [BULK_CHANGE_REFUSED.format(action="changed")]
    with pytest.raises(AgreementVersionLocked) as error:
        agreed.agreement_versions.all().delete()
    assert error.value.messages == [BULK_CHANGE_REFUSED.format(action="deleted")]
    with pytest.raises(AgreementVersionLocked) as error:
        AgreementVersion.objects.all().update(snapshot={})
    assert error.value.messages == [BULK_FROZEN_FIELDS.format(fields="snapshot")]
    assert unchanged(issued)


def test_a_partnership_with_agreement_versions_cannot_be_deleted(issued, agreed):
    with pytest.raises(ProtectedError):
        Partnership.objects.filter(pk=agreed.pk).delete()
    assert AgreementVersion.objects.filter(pk=issued.pk).exists()


def test_a_draft_snapshot_never_changes_but_an_unissued_draft_may_be_deleted(draft, trust_staff, quick_render):
    version = services.agreement_generate_draft(partnership=draft, generated_by=trust_staff)
    version.snapshot = {**version.snapshot, "reference": "TP26-99999"}
    with pytest.raises(AgreementVersionLocked) as error:
        version.save()
    assert error.value.messages == [SNAPSHOT_IS_FINAL.format(number=1, reference=draft.reference)]
    AgreementVersion.objects.get(pk=version.pk).delete()
    assert not AgreementVersion.objects.exists()


def test_issuing_a_new_version_leaves_the_earlier_issued_record_intact(issued, agreed, trust_staff, governor):
    partnership_extend(
        partnership=agreed, new_end_date=datetime.date(2027, 12, 31), reason="More time", extended_by=trust_staff
    )
    approve_variation(agreed, trust_staff=trust_staff, governor=governor)
    services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    earlier = AgreementVersion.objects.get(pk=issued.pk)
    assert earlier.status == Status.SUPERSEDED
    assert (earlier.snapshot, earlier.sha256, earlier.pdf.name) == (issued.snapshot, issued.sha256, issued.pdf.name)


# --- The admin ----------------------------------------------------------------------------------


@pytest.fixture
def superuser_client(client, db):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_admin_shows_an_issued_version_read_only(issued, superuser_client):
    response = superuser_client.get(reverse("admin:agreements_agreementversion_change", args=[issued.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert issued.sha256 in page
    assert 'name="_save"' not in page and "deletelink" not in page
    posted = superuser_client.post(
        reverse("admin:agreements_agreementversion_change", args=[issued.pk]), {"status": "draft"}
    )
    assert posted.status_code == 403
    assert unchanged(issued)


def test_admin_cannot_delete_an_issued_version(issued, superuser_client):
    url = reverse("admin:agreements_agreementversion_delete", args=[issued.pk])
    assert superuser_client.get(url).status_code == 403
    assert superuser_client.post(url, {"post": "yes"}).status_code == 403
    assert AgreementVersion.objects.filter(pk=issued.pk).exists()


def test_admin_has_no_bulk_delete_and_no_add(issued, superuser_client):
    changelist = superuser_client.get(reverse("admin:agreements_agreementversion_changelist"))
    assert changelist.status_code == 200
    assert "delete_selected" not in changelist.content.decode()
    assert superuser_client.get(reverse("admin:agreements_agreementversion_add")).status_code == 403
    posted = superuser_client.post(
        reverse("admin:agreements_agreementversion_changelist"),
        {"action": "delete_selected", "_selected_action": [issued.pk], "post": "yes"},
    )
    assert AgreementVersion.objects.filter(pk=issued.pk).exists()
    assert posted.status_code in (200, 302)


# --- The database's own wall (agreements.db_guard): raw SQL cannot change an issued version ------


def _raw(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("terms_sha256", "0" * 64),
        ("sha256", "f" * 64),
        ("number", 99),
        ("status", "draft"),
        ("issued_at", None),
    ],
)
def test_raw_sql_cannot_update_an_issued_version(issued, column, value):
    with pytest.raises(IntegrityError, match=FINAL_MESSAGE):
        _raw(f"UPDATE agreements_agreementversion SET {column} = %s WHERE id = %s", [value, issued.pk])
    stored = AgreementVersion.objects.get(pk=issued.pk)
    assert (stored.terms_sha256, stored.sha256, stored.number, stored.status) == (
        issued.terms_sha256,
        issued.sha256,
        issued.number,
        Status.ISSUED,
    )


def test_raw_sql_cannot_change_an_issued_versions_snapshot(issued):
    tampered = json.dumps({**issued.snapshot, "reference": "TP99-99999"})
    with pytest.raises(IntegrityError, match=FINAL_MESSAGE):
        _raw("UPDATE agreements_agreementversion SET snapshot = %s WHERE id = %s", [tampered, issued.pk])
    assert AgreementVersion.objects.get(pk=issued.pk).snapshot == issued.snapshot


def test_raw_sql_cannot_delete_an_issued_version(issued):
    with pytest.raises(IntegrityError, match=FINAL_MESSAGE):
        _raw("DELETE FROM agreements_agreementversion WHERE id = %s", [issued.pk])
    assert AgreementVersion.objects.filter(pk=issued.pk).exists()


def test_the_database_still_lets_a_version_be_superseded_and_a_draft_be_deleted(issued, agreed, trust_staff):
    _raw(
        "UPDATE agreements_agreementversion SET status = 'superseded', superseded_at = %s WHERE id = %s",
        [timezone.now(), issued.pk],
    )
    draft = services.agreement_generate_draft(partnership=agreed, generated_by=trust_staff)
    _raw("DELETE FROM agreements_agreementversion WHERE id = %s", [draft.pk])
    assert list(AgreementVersion.objects.values_list("status", flat=True)) == [Status.SUPERSEDED]
