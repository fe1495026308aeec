import factory
from django.utils import timezone

from accounts.models import User
from offers.models import Offer
from tests.accounts.factories import UserFactory
from tests.schools.factories import TrustFactory


class TrustAdminFactory(UserFactory):
    role = User.Role.TRUST_ADMIN
    job_title = "Chief executive"
    trust = factory.SubFactory(TrustFactory)


class SystemLeaderFactory(UserFactory):
    role = User.Role.SYSTEM_LEADER
    job_title = "National leader of education"


class OfferFactory(factory.django.DjangoModelFactory):
    """A published offer (factories skip the services: for tests about reading and access)."""

    class Meta:
        model = Offer

    trust = factory.SubFactory(TrustFactory)
    status = Offer.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    summary = "Our school improvement team works alongside your leaders for a year, at your pace."
    support = "|headteacher_mentoring|curriculum_development|"
    phases = "|primary|"
    local_authorities = "|Leeds|"
    capacity = 2
    team = "Jo Fletcher, Director of Education\nSam Patel, Primary lead"
    charges = "No charge for the first term; then a termly service charge agreed with the school."
    contact_name = "Jo Fletcher"
    contact_role = "Director of Education"
    contact_email = "partnerships@trust.example"
    created_by = factory.SubFactory(TrustAdminFactory, trust=factory.SelfAttribute("..trust"))
