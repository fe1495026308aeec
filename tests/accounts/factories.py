import factory

from accounts.models import User
from tests.schools.factories import SchoolFactory, TrustFactory

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Alex{n}")
    last_name = "Morgan"
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(PASSWORD)


class TrustStaffFactory(UserFactory):
    role = User.Role.TRUST_STAFF
    job_title = "Director of School Improvement"
    trust = factory.SubFactory(TrustFactory)


class GovernorFactory(UserFactory):
    role = User.Role.GOVERNOR
    job_title = "Chair of governors"
    school = factory.SubFactory(SchoolFactory)


class OversightFactory(UserFactory):
    role = User.Role.OVERSIGHT
    job_title = "Regional oversight lead"
    is_staff = True


class TrustAdminFactory(TrustStaffFactory):
    role = User.Role.TRUST_ADMIN
    job_title = "Chief executive officer"


class ChairFactory(GovernorFactory):
    role = User.Role.CHAIR
    job_title = "Chair of governors"


class ClerkFactory(GovernorFactory):
    role = User.Role.CLERK
    job_title = "Clerk to the governors"


class OversightLeadFactory(OversightFactory):
    role = User.Role.OVERSIGHT_LEAD
    job_title = "Oversight lead"
