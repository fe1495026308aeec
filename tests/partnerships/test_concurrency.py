import pytest
from django.core.exceptions import ValidationError

from partnerships import services
from partnerships.models import Clause, Partnership
from partnerships.services.common import StaleEdit
from tests.accounts.factories import TrustStaffFactory
from tests.partnerships.factories import ClauseFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(trust):
    return TrustStaffFactory(username="colleague", first_name="Sam", last_name="Patel", trust=trust)


def test_a_save_over_someone_elses_change_is_refused_with_what_changed(school, trust, trust_staff, colleague):
    clause = ClauseFactory(
        partnership=PartnershipFactory(school=school, trust=trust), heading="Review meetings", body="Termly."
    )
    read_by_both = clause.version

    services.clause_update(
        clause=Clause.objects.get(), updated_by=colleague, body="Half-termly.", expected_version=read_by_both
    )
    with pytest.raises(StaleEdit) as error:
        services.clause_update(
            clause=Clause.objects.get(), updated_by=trust_staff, body="Monthly.", expected_version=read_by_both
        )

    message = error.value.messages[0]
    assert message.startswith("Sam Patel changed this clause at ")
    assert "so your changes have not been saved" in message
    assert "body from \u201cTermly.\u201d to \u201cHalf-termly.\u201d" in message
    stored = Clause.objects.get()
    assert (stored.body, stored.version) == ("Half-termly.", read_by_both + 1)


def test_a_save_from_the_current_version_goes_through_and_bumps_it(school, trust, trust_staff):
    partnership = PartnershipFactory(school=school, trust=trust)
    services.partnership_update_details(
        partnership=partnership, updated_by=trust_staff, purpose="New", expected_version=1
    )
    services.partnership_update_details(
        partnership=Partnership.objects.get(), updated_by=trust_staff, purpose="Newer", expected_version=2
    )
    assert (Partnership.objects.get().purpose, Partnership.objects.get().version) == ("Newer", 3)


def test_a_transition_in_between_makes_an_edit_stale(school, trust, trust_staff):
    partnership = PartnershipFactory(school=school, trust=trust, status=Partnership.Status.CHANGES_REQUESTED)
    read = partnership.version
    services.partnership_withdraw(partnership=partnership, withdrawn_by=trust_staff, reason="Stopped")
    with pytest.raises(ValidationError):
        services.partnership_update_details(
            partnership=partnership, updated_by=trust_staff, purpose="Late edit", expected_version=read
        )
    assert Partnership.objects.get().purpose != "Late edit"


def test_editing_something_deleted_meanwhile_is_refused(school, trust, trust_staff):
    clause = ClauseFactory(partnership=PartnershipFactory(school=school, trust=trust))
    Clause.objects.filter(pk=clause.pk).delete()
    with pytest.raises(StaleEdit, match="Someone else deleted this clause"):
        services.clause_update(clause=clause, updated_by=trust_staff, body="x", expected_version=clause.version)
