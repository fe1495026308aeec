import datetime

import pytest
from django.test import RequestFactory
from simple_history.middleware import HistoryRequestMiddleware

from partnerships import services
from partnerships.models import AcademisationConsideration, Partnership
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def test_every_service_write_leaves_history_with_the_acting_user(school, trust, trust_staff):
    partnership = services.partnership_create(
        school=school,
        trust=trust,
        created_by=trust_staff,
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2027, 8, 31),
        purpose="Leadership",
        trust_lead_name="Priya Shah",
        trust_lead_email="p@trust.example",
        chair_of_governors_name="Daniel",
        headteacher_name="Margaret",
    )
    services.partnership_update_details(
        partnership=partnership, updated_by=trust_staff, purpose="Leadership and reading"
    )
    record = partnership.history.latest()
    assert (record.history_user, record.history_change_reason, record.purpose) == (
        trust_staff,
        "Key details changed",
        "Leadership and reading",
    )
    assert record.diff_against(record.prev_record).changed_fields == ["purpose"]


def test_middleware_attributes_admin_edits_to_the_signed_in_user(school, trust, trust_staff):
    partnership = PartnershipFactory(school=school, trust=trust)
    request = RequestFactory().get("/")
    request.user = trust_staff

    def edit(_request):
        partnership.purpose = "Changed in a request"
        partnership.save()

    HistoryRequestMiddleware(edit)(request)
    assert partnership.history.latest().history_user == trust_staff


def test_governors_record_academisation_with_history(school, trust, governor):
    partnership = PartnershipFactory(school=school, trust=trust, status=Partnership.Status.ACTIVE)
    services.academisation_record(
        partnership=partnership,
        recorded_by=governor,
        consultation_started_on=datetime.date(2026, 10, 10),
        outcome=AcademisationConsideration.Outcome.JOIN_THIS_TRUST,
        decided_on=datetime.date(2026, 11, 20),
    )
    record = AcademisationConsideration.objects.get()
    assert record.is_decided and record.history.latest().history_user == governor


def test_decided_outcome_needs_a_decision_date(school, trust, governor):
    from django.core.exceptions import ValidationError

    partnership = PartnershipFactory(school=school, trust=trust, status=Partnership.Status.ACTIVE)
    with pytest.raises(ValidationError) as error:
        services.academisation_record(partnership=partnership, recorded_by=governor, outcome="stay_as_is")
    assert error.value.message_dict == {"decided_on": ["Enter the date the governing body made its decision."]}
    assert not AcademisationConsideration.objects.exists()
