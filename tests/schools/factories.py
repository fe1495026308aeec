import datetime

import factory

from schools.models import School, Trust


class TrustFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trust
        django_get_or_create = ("group_uid",)

    name = factory.Sequence(lambda n: f"Oak Valley Learning Trust {n}")
    group_uid = factory.Sequence(lambda n: str(4000 + n))
    group_id = factory.Sequence(lambda n: f"TR{2000 + n:05d}")
    companies_house_number = factory.Sequence(lambda n: f"{7650000 + n:08d}")
    ukprn = factory.Sequence(lambda n: f"1{7000000 + n:07d}")
    trust_type = Trust.TrustType.MULTI_ACADEMY_TRUST
    status = Trust.Status.OPEN
    opened_on = datetime.date(2015, 9, 1)
    street = "1 Trust Way"
    town = "Leeds"
    postcode = "LS1 4AB"
    region = "Yorkshire and the Humber"
    contact_email = factory.Sequence(lambda n: f"partnerships{n}@trust.example")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ("urn",)

    urn = factory.Sequence(lambda n: f"{100000 + n:06d}")
    ukprn = factory.Sequence(lambda n: f"1{1000000 + n:07d}")
    laestab = factory.Sequence(lambda n: f"383{2000 + n % 8000:04d}")
    name = factory.Sequence(lambda n: f"Meadowbank Primary School {n}")
    la_code = "383"
    la_name = "Leeds"
    establishment_type = "Community school"
    establishment_type_group = "Local authority maintained schools"
    phase = "Primary"
    status = School.Status.OPEN
    opened_on = datetime.date(1974, 9, 1)
    pupils_on_roll = 212
    capacity = 240
    street = "School Lane"
    town = "Leeds"
    postcode = "LS6 2AA"
    region = "Yorkshire and the Humber"
    previous_ofsted_grade = School.OfstedGrade.REQUIRES_IMPROVEMENT
    previous_ofsted_grade_on = datetime.date(2024, 3, 12)
    ofsted_last_inspection = datetime.date(2024, 3, 12)
    trust = None


class AcademyFactory(SchoolFactory):
    establishment_type = "Academy converter"
    establishment_type_group = "Academies"
    trust = factory.SubFactory(TrustFactory)
