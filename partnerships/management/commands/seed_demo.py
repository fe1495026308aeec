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

from accounts import demo_team
from accounts.models import User
from accounts.system_users import scheduler
from agreements.services import agreement_issue
from delivery import demo as delivery_demo
from offers.demo import seed_offers
from partnerships import demo_content as content
from partnerships import services
from partnerships.dates import add_months, last_day_for_term
from partnerships.models import GovernorAuthorisation, LibraryClause, Partnership
from schools.gias import import_gias
from schools.gias.permissions import data_managers_group
from schools.models import EstablishmentLink, School, Trust
from support.models import Feedback
from support.services import feedback_create

# The sample GIAS downloads shipped with the importer: real formats, made-up schools and trusts.
GIAS_SAMPLES = Path(__file__).resolve().parents[3] / "schools" / "gias" / "samples"

DEMO_PASSWORD = "demo-pass-2026"
# Each school's own chair of governors approves its partnership (first name, last name).
CHAIRS = {
    "107655": ("Grace", "Adeyemi"),
    "107656": ("Tom", "Whitaker"),
    "107657": ("Ruth", "Kowalski"),
    "107658": ("Imran", "Qureshi"),
    "107659": ("Susan", "Blake"),
    "107660": ("Owen", "Price"),
    "107661": ("Lena", "Marsh"),
    "107662": ("Patrick", "Doyle"),
    "107663": ("Nadia", "Rahman"),
}

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
    ("107662", "Wortley Moor Primary School", "Requires improvement", 221, Partnership.Status.VARIATION_PROPOSED),
    ("107663", "Farnley Park Primary School", "Good", 289, Partnership.Status.VARIATION_IN_REVIEW),
]

# The concluded partnership's school, and the academy GIAS links it to: (old URN, new URN, new name).
CONVERTED = ("107659", "150123", "Beeston Hill Primary Academy")
DATA_MANAGER = ("data.manager", "Sam", "Patel", "Schools data manager")
# urn, name, TypeOfEstablishment, EstablishmentTypeGroup: what the school search explains.
ELIGIBILITY_EXAMPLES = [
    ("107670", "Beeston Grange Independent School", "Other independent school", "Independent schools"),
    (
        "107671",
        "Beeston Little Acorns Nursery School",
        "Local authority nursery school",
        "Local authority maintained schools",
    ),
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
                force=True,  # the sample is dated November 2026: never refused for a newer real file
            )
            trusts = [Trust.objects.update_or_create(group_uid=t["group_uid"], defaults=t)[0] for t in TRUSTS]
            schools = self.schools()
            users = self.users(trusts, schools[0][0])
            self.review_school = schools[0][0]
            self.chairs(schools, users)
            self.authorisations(users)
            self.library(trusts[0], users["trust.staff"])
            created = sum(self.partnership(school, state, trusts[0], users) for school, state in schools)
            self.conversion(trusts[0])
            self.eligibility_examples()
            self.data_manager()
            offer_sign_ins = seed_offers(password=DEMO_PASSWORD)
            self.feedback(users)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready ({created} partnership{'s' if created != 1 else ''} created).")
        )
        self.stdout.write(
            f"Sign in with any of these, by username or email address (password for all: {DEMO_PASSWORD}):"
        )
        for line in demo_team.sign_in_lines():
            self.stdout.write(line)
        self.stdout.write(f"  {'chair.<URN>':<16} each other demo school's chair of governors, e.g. chair.107657")
        team = demo_team.usernames()
        for line in offer_sign_ins:  # the offers' sign-ins that are not already in a team above
            if line.split()[0] not in team:
                self.stdout.write(line)
        self.stdout.write(f"  {'admin':<16} superuser for the Django admin at /admin/")
        self.stdout.write(
            f"  {DATA_MANAGER[0]:<16} {DATA_MANAGER[1]} {DATA_MANAGER[2]}, may upload GIAS files in the admin"
        )

    def feedback(self, users):
        """One piece of feedback from the phase banner, for oversight's feedback page."""
        if not Feedback.objects.filter(message=content.FEEDBACK_MESSAGE).exists():
            feedback_create(
                satisfaction=Feedback.Satisfaction.SATISFIED,
                message=content.FEEDBACK_MESSAGE,
                page="/",
                submitted_by=users[f"chair.{self.review_school.urn}"],
            )

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

    def users(self, trusts, review_school):
        users = demo_team.seed_team(
            trust=trusts[0], second_trust=trusts[1], school=review_school, password=DEMO_PASSWORD
        )
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@demo.example", DEMO_PASSWORD, role=User.Role.OVERSIGHT)
        return users

    def conversion(self, trust):
        """The concluded partnership's school has since closed and reopened as an academy in the
        trust, as GIAS's links file records it: the partnership shows the outcome."""
        school = School.objects.get(urn=CONVERTED[0])
        opened = add_months(timezone.localdate().replace(day=1), -1)
        if school.status != School.Status.CLOSED:
            school.status, school.closed_on = School.Status.CLOSED, opened - datetime.timedelta(days=1)
            school._change_reason = "Demo: closed to reopen as an academy"
            school.save()
        academy, _ = School.objects.get_or_create(
            urn=CONVERTED[1],
            defaults=dict(
                SCHOOL_DEFAULTS,
                name=CONVERTED[2],
                establishment_type="Academy converter",
                establishment_type_group="Academies",
                opened_on=opened,
                trust=trust,
                joined_trust_on=opened,
                pupils_on_roll=school.pupils_on_roll,
                laestab=f"383{CONVERTED[1][-4:]}",
            ),
        )
        for urn, linked, link_type in (
            (school.urn, academy.urn, "Successor"),
            (academy.urn, school.urn, "Predecessor"),
        ):
            EstablishmentLink.objects.get_or_create(
                key=EstablishmentLink.make_key(urn, linked, link_type),
                defaults=dict(urn=urn, linked_urn=linked, link_type=link_type, established_on=opened),
            )

    def eligibility_examples(self):
        """Schools the search lists but a partnership refuses (or warns about), so the rules show."""
        for urn, name, establishment_type, group in ELIGIBILITY_EXAMPLES:
            School.objects.get_or_create(
                urn=urn,
                defaults=dict(
                    SCHOOL_DEFAULTS,
                    name=name,
                    establishment_type=establishment_type,
                    establishment_type_group=group,
                    laestab=f"383{urn[-4:]}",
                ),
            )

    def data_manager(self):
        """An oversight admin who may also import GIAS files (the data managers' group)."""
        user = User.objects.filter(username=DATA_MANAGER[0]).first()
        if user is None:
            user = User.objects.create_user(
                DATA_MANAGER[0],
                f"{DATA_MANAGER[0]}@demo.example",
                DEMO_PASSWORD,
                first_name=DATA_MANAGER[1],
                last_name=DATA_MANAGER[2],
                role=User.Role.OVERSIGHT,
                job_title=DATA_MANAGER[3],
                is_staff=True,
            )
        user.groups.add(data_managers_group())

    def chairs(self, schools, users):
        """The chair of governors of each school other than St Hilda's (whose chair is `governor`)."""
        for school, _state in schools:
            if school.urn not in CHAIRS:
                users[f"chair.{school.urn}"] = users["governor"]
                continue
            first, last = CHAIRS[school.urn]
            user, created = User.objects.get_or_create(
                username=f"chair.{school.urn}",
                defaults=dict(
                    first_name=first,
                    last_name=last,
                    role=User.Role.CHAIR,
                    job_title="Chair of governors",
                    email=f"chair.{school.urn}@demo.example",
                    school=school,
                ),
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            users[f"chair.{school.urn}"] = user

    def authorisations(self, users):
        """St Hilda's governing body authorised its vice-chair to approve and sign as well."""
        vice, chair = users["vice.chair"], users["governor"]
        if not GovernorAuthorisation.objects.filter(governor=vice).exists():
            services.governor_authorisation_record(
                school=chair.school,
                governor=vice,
                meeting_date=add_months(timezone.localdate(), -2).replace(day=14),
                resolution="Minute 6.2: the vice-chair may approve and sign trust partnership agreements",
                recorded_by=chair,
            )

    def library(self, trust, staff):
        # The trust starts from the model clause set, as a new trust does (skips what it has).
        services.library_add_model_clauses(trust=trust, added_by=staff)

    def partnership(self, school, state, trust, users) -> int:
        if Partnership.objects.filter(school=school, trust=trust).exists():
            return 0
        staff, governor = users["trust.staff"], users[f"chair.{school.urn}"]
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
            chair_of_governors_email=demo_team.chair_email(school, self.review_school),
            headteacher_name="Margaret Ellis",
            headteacher_email=f"head@{school.urn}.school.example",
            extendable_until=last_day_for_term(start, 18) if state != Partnership.Status.ACTIVE else None,
            trust_vat_number="GB 123 4567 89",
            purchase_order_reference=f"PO-{school.urn}",
            internal_reference=f"SIP-{start.year}-{school.urn[-3:]}",
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
            Partnership.Status.VARIATION_IN_REVIEW: add_months(today.replace(day=1), 2),
            Partnership.Status.VARIATION_PROPOSED: add_months(today.replace(day=1), 3),
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

    @staticmethod
    def academisation(partnership, governor):
        """The governing body's first steps, dated during the partnership and not in the future."""
        services.academisation_record(
            partnership=partnership,
            recorded_by=governor,
            resolution_on=add_months(partnership.start_date, 2),
            consultation_started_on=add_months(partnership.start_date, 3),
            consultees="Parents and carers, staff, the local authority and the Diocese of Leeds",
            regional_director_informed_on=add_months(partnership.start_date, 3),
            intended_conversion_on=partnership.end_date + datetime.timedelta(days=1),
            notes="The governing body will decide after the consultation closes.",
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
        services.partnership_request_changes(
            partnership=partnership, requested_by=governor, reason=content.CHANGES_REQUESTED_REASON
        )
        if state == S.CHANGES_REQUESTED:
            return
        # The trust makes the change the governors asked for, then sends it again: the in-review
        # partnership shows the governors "Changes since version 1, the one you reviewed".
        self.make_requested_change(partnership, staff)
        services.partnership_submit_for_review(partnership=partnership, submitted_by=staff)
        if state == S.IN_REVIEW:
            return
        services.partnership_approve(
            partnership=partnership,
            approved_by=governor,
            # The chair names the meeting that resolved to enter the agreement, a week or so ago.
            meeting_date=timezone.localdate() - datetime.timedelta(days=9),
            meeting_resolution=f"Minute 6.1: resolved to enter the trust partnership agreement with {partnership.trust.name}",
        )
        agreement_issue(partnership=partnership, issued_by=staff)  # Priya Shah signs for the trust
        if state == S.AGREED:
            return
        if state in S.VARYING:
            self.vary(partnership, state, staff)
            return
        services.partnership_activate(partnership=partnership, activated_by=scheduler())
        if state == S.ACTIVE:
            delivery_demo.seed_active(partnership, staff=staff, governor=governor)
            self.academisation(Partnership.objects.get(pk=partnership.pk), governor)
        if state == S.ENDED_EARLY:
            services.partnership_end_early(
                partnership=partnership,
                ended_by=staff,
                ended_on=add_months(partnership.start_date, 6),
                reason="The school joined another trust after its governing body's consultation.",
            )
        elif state == S.CONCLUDED:
            delivery_demo.seed_end_review(partnership, staff=staff)
            services.partnership_conclude(partnership=partnership, concluded_by=scheduler())

    @staticmethod
    def make_requested_change(partnership, staff):
        clause = partnership.clauses.get(heading=content.CHANGED_CLAUSE_HEADING)
        services.clause_update(
            clause=clause,
            updated_by=staff,
            body=clause.body.replace(content.CHANGED_CLAUSE_BEFORE, content.CHANGED_CLAUSE_AFTER),
        )

    @staticmethod
    def vary(partnership, state, staff):
        """A pending variation: a longer term and one more cost line, proposed and (maybe) sent."""
        services.partnership_extend(
            partnership=partnership,
            new_end_date=partnership.latest_allowed_end_date,
            reason="The governors asked for the reading programme to run to the end of the spring term.",
            extended_by=staff,
        )
        services.cost_line_create(
            partnership=partnership,
            created_by=staff,
            description="Spring term phonics training for two teaching assistants",
            amount=content.VARIATION_COST,
            frequency="one_off",
            vat_treatment="standard",
        )
        if state == Partnership.Status.VARIATION_IN_REVIEW:
            services.partnership_submit_for_review(partnership=partnership, submitted_by=staff)
