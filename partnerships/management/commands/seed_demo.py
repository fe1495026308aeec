"""Load realistic demo data: trusts, schools, one partnership in each lifecycle state, one user per role.

Idempotent: running it again changes nothing. Refuses to run with DEBUG off unless --force.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import User
from delivery import demo as delivery_demo
from offers.demo import seed_offers
from partnerships import demo_content as content
from partnerships import services
from partnerships.dates import add_months, last_day_for_term
from partnerships.models import LibraryClause, Partnership
from schools.gias import import_gias
from schools.models import School, Trust

# The sample GIAS downloads shipped with the importer: real formats, made-up schools and trusts.
GIAS_SAMPLES = Path(__file__).resolve().parents[3] / "schools" / "gias" / "samples"

DEMO_PASSWORD = "demo-pass-2026"
USERS = [
    # username, first, last, role, job title, scope key
    ("trust.staff", "Priya", "Shah", User.Role.TRUST_STAFF, "Director of School Improvement", "trust"),
    ("governor", "Daniel", "Okafor", User.Role.GOVERNOR, "Chair of governors", "review_school"),
    ("oversight", "Helen", "Wright", User.Role.OVERSIGHT, "Regional oversight lead", None),
]

TRUSTS = [
    dict(
        group_uid="16800",
        group_id="TR02343",
        name="Northern Lights Academy Trust",
        companies_house_number="07654321",
        ukprn="10058211",
        trust_type=Trust.TrustType.MULTI_ACADEMY_TRUST,
        street="Riverside House, 2 Wharf Street",
        town="Leeds",
        postcode="LS2 7EE",
        region="Yorkshire and the Humber",
        contact_email="partnerships@northernlights.example",
    ),
    dict(
        group_uid="17204",
        group_id="TR03911",
        name="Fierté Multi-Academy Trust",
        companies_house_number="09123456",
        ukprn="10064419",
        trust_type=Trust.TrustType.MULTI_ACADEMY_TRUST,
        street="1 Minster Yard",
        town="York",
        postcode="YO1 7HH",
        region="Yorkshire and the Humber",
        contact_email="hello@fierte.example",
    ),
]

SCHOOL_DEFAULTS = dict(
    la_code="383",
    la_name="Leeds",
    establishment_type="Community school",
    establishment_type_group="Local authority maintained schools",
    phase="Primary",
    region="Yorkshire and the Humber",
    town="Leeds",
    opened_on=datetime.date(1974, 9, 1),
)
# urn, name, previous Ofsted grade (before September 2024), pupils, the lifecycle state its demo partnership reaches
SCHOOLS = [
    (
        "107654",
        "St Hilda's Church of England Primary School",
        "Requires improvement",
        198,
        Partnership.Status.IN_REVIEW,
    ),
    ("107655", "Meadowbank Primary School", "Good", 412, Partnership.Status.DRAFT),
    ("107656", "Holbeck Community Primary School", "Requires improvement", 236, Partnership.Status.CHANGES_REQUESTED),
    ("107657", "Kirkstall Valley Primary School", "Good", 305, Partnership.Status.AGREED),
    ("107658", "Armley Park Nursery and Primary School", "", 177, Partnership.Status.ACTIVE),
    ("107659", "Beeston Hill Primary School", "Requires improvement", 260, Partnership.Status.CONCLUDED),
    ("107660", "Harehills Lane Primary School", "Good", 318, Partnership.Status.WITHDRAWN),
    ("107661", "Bramley St Peter's Primary School", "Inadequate", 142, Partnership.Status.ENDED_EARLY),
]


class Command(BaseCommand):
    help = "Load demo trusts, schools, partnerships in every state and one user per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off (never in production).")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo only runs with DEBUG on; it creates users with published passwords. Use --force to override."
            )
        # The demo walks partnerships through real transitions; their emails would bury the sign-ins.
        with (
            override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}),
            transaction.atomic(),
        ):
            # An extract, not the full download: schools it leaves out (the demo's own) stay open.
            import_gias(
                GIAS_SAMPLES / "edubasealldata20261101.csv",
                GIAS_SAMPLES / "allgroupsdata20261101.csv",
                close_missing=False,
            )
            trusts = [Trust.objects.update_or_create(group_uid=t["group_uid"], defaults=t)[0] for t in TRUSTS]
            schools = self.schools()
            users = self.users(trusts[0], schools[0][0])
            self.library(trusts[0], users["trust.staff"])
            created = sum(self.partnership(school, state, trusts[0], users) for school, state in schools)
            offer_sign_ins = seed_offers(password=DEMO_PASSWORD)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready ({created} partnership{'s' if created != 1 else ''} created).")
        )
        self.stdout.write(f"Sign in with any of these (password for all: {DEMO_PASSWORD}):")
        for username, first, last, role, title, _scope in USERS:
            self.stdout.write(f"  {username:<12} {first} {last}, {title} ({role.label})")
        for line in offer_sign_ins:
            self.stdout.write(line)
        self.stdout.write(f"  {'admin':<12} superuser for the Django admin at /admin/")

    def schools(self):
        result = []
        for urn, name, rating, pupils, state in SCHOOLS:
            defaults = dict(
                SCHOOL_DEFAULTS,
                name=name,
                previous_ofsted_grade=rating,
                previous_ofsted_grade_on=datetime.date(2024, 3, 12),
                pupils_on_roll=pupils,
                capacity=pupils + 40,
                laestab=f"383{urn[-4:]}",
                ukprn=f"1{urn}1",
                street="School Lane",
                postcode=f"LS{urn[-1]} 2AB",
                ofsted_last_inspection=datetime.date(2024, 3, 12),
            )
            school, _ = School.objects.update_or_create(urn=urn, defaults=defaults)
            result.append((school, state))
        return result

    def users(self, trust, review_school):
        users = {}
        for username, first, last, role, title, scope in USERS:
            scope_fields = {"trust": trust} if scope == "trust" else {"school": review_school} if scope else {}
            user, created = User.objects.get_or_create(
                username=username,
                defaults=dict(
                    first_name=first,
                    last_name=last,
                    role=role,
                    job_title=title,
                    email=f"{username}@demo.example",
                    is_staff=role == User.Role.OVERSIGHT,
                    **scope_fields,
                ),
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            users[username] = user
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@demo.example", DEMO_PASSWORD, role=User.Role.OVERSIGHT)
        return users

    def library(self, trust, staff):
        for section, heading, body in content.LIBRARY:
            if not LibraryClause.objects.filter(trust=trust, heading=heading).exists():
                services.library_clause_create(
                    trust=trust, created_by=staff, section=section, heading=heading, body=body
                )

    def partnership(self, school, state, trust, users) -> int:
        if Partnership.objects.filter(school=school, trust=trust).exists():
            return 0
        staff, governor = users["trust.staff"], users["governor"]
        start = self.start_for(state)
        partnership = services.partnership_create(
            backdated=True,  # demo partnerships that are already running
            school=school,
            trust=trust,
            created_by=staff,
            start_date=start,
            end_date=last_day_for_term(start, 18 if state == Partnership.Status.ACTIVE else 12),
            purpose=f"Support {school.name} to strengthen leadership and the teaching of early reading, while its governing "
            "body considers whether joining a trust is right for the school.",
            trust_lead_name="Priya Shah",
            trust_lead_role="Director of School Improvement",
            trust_lead_email="priya.shah@northernlights.example",
            chair_of_governors_name="Daniel Okafor",
            chair_of_governors_email="chair@school.example",
            headteacher_name="Margaret Ellis",
            headteacher_email="head@school.example",
            purchase_order_reference=f"PO-{school.urn}",
        )
        self.terms(partnership, staff)
        self.advance(partnership, state, staff, governor)
        return 1

    @staticmethod
    def start_for(state) -> datetime.date:
        today = timezone.localdate()
        first_of_next_month = add_months(today.replace(day=1), 1)
        return {
            Partnership.Status.ACTIVE: add_months(today.replace(day=1), -6),
            Partnership.Status.CONCLUDED: add_months(today.replace(day=1), -15),
            Partnership.Status.ENDED_EARLY: add_months(today.replace(day=1), -8),
        }.get(state, first_of_next_month)

    def terms(self, partnership, staff):
        for clause in LibraryClause.objects.filter(trust=partnership.trust):
            services.clause_add_from_library(partnership=partnership, library_clause=clause, added_by=staff)
        for description, amount, frequency, vat in content.COST_LINES:
            services.cost_line_create(
                partnership=partnership,
                created_by=staff,
                description=description,
                amount=amount,
                frequency=frequency,
                vat_treatment=vat,
            )
        for description, measure, month in content.OBJECTIVES:
            services.objective_create(
                partnership=partnership,
                created_by=staff,
                description=description,
                measure_of_success=measure,
                target_date=min(add_months(partnership.start_date, month), partnership.end_date),
            )
        for category, title, lead, first_month, last_month in content.ACTIVITIES:
            services.activity_create(
                partnership=partnership,
                created_by=staff,
                category=category,
                title=title,
                lead=lead,
                description=f"{title} for {partnership.school.name}.",
                starts_on=add_months(partnership.start_date, first_month),
                ends_on=min(add_months(partnership.start_date, last_month), partnership.end_date),
            )

    def advance(self, partnership, state, staff, governor):
        """Walk the partnership through the real transitions until it reaches `state`."""
        S = Partnership.Status
        if state == S.DRAFT:
            return
        if state == S.WITHDRAWN:
            services.partnership_withdraw(
                partnership=partnership,
                withdrawn_by=staff,
                reason="The governing body chose to work with the local authority's school improvement service.",
            )
            return
        services.partnership_submit_for_review(partnership=partnership, submitted_by=staff)
        if state == S.IN_REVIEW:
            return
        services.partnership_request_changes(
            partnership=partnership,
            requested_by=governor,
            reason="Please add a termly report to the full governing body to clause 3.",
        )
        if state == S.CHANGES_REQUESTED:
            return
        services.partnership_submit_for_review(partnership=partnership, submitted_by=staff)
        services.partnership_approve(partnership=partnership, approved_by=governor)
        if state == S.AGREED:
            return
        services.partnership_activate(partnership=partnership, activated_by=staff)
        if state == S.ACTIVE:
            delivery_demo.seed_active(partnership, staff=staff, governor=governor)
        if state == S.ENDED_EARLY:
            services.partnership_end_early(
                partnership=partnership,
                ended_by=staff,
                ended_on=add_months(partnership.start_date, 6),
                reason="The school joined another trust after its governing body's consultation.",
            )
        elif state == S.CONCLUDED:
            delivery_demo.seed_end_review(partnership, staff=staff)
            services.partnership_conclude(partnership=partnership, concluded_by=staff)
