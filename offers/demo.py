"""Demo offers for `seed_demo`: a trust administrator and a system leader to sign in as, and
published offers from the demo trust and two trusts of the shipped GIAS sample. Idempotent."""

from django.contrib.auth.hashers import make_password

from accounts.models import User
from schools.models import School, Trust

from . import matching, services
from .models import Offer, Recommendation

DEMO_SIGN_INS = [
    # username, first, last, role, job title, trust group UID (None: no trust)
    ("trust.admin", "Amara", "Okoye", User.Role.TRUST_ADMIN, "Chief executive", "16800"),
    ("system.leader", "Graham", "Lister", User.Role.SYSTEM_LEADER, "National leader of education", None),
]
# Made-up academies of the demo trust, at Leeds grid references, so its offer has GIAS facts
# and distances. urn, name, phase, pupils, easting, northing
DEMO_ACADEMIES = [
    ("147001", "Northern Lights Kirkstall Academy", "Primary", 420, 426_900, 435_600),
    ("147002", "Northern Lights Seacroft Academy", "Primary", 388, 435_900, 435_400),
    ("147003", "Northern Lights Rodillian Academy", "Secondary", 1_480, 432_300, 426_600),
]
# Grid references for the demo's maintained schools (around Leeds), so distances work from them.
DEMO_SCHOOL_POINTS = {
    "107654": (430_200, 433_800),
    "107655": (428_500, 436_900),
    "107656": (428_600, 431_900),
    "107657": (425_900, 435_800),
    "107658": (426_700, 433_700),
    "107659": (429_600, 431_300),
    "107660": (432_100, 435_200),
    "107661": (424_400, 435_100),
}
ENQUIRIES = [
    # urn, name, role, email, support wanted, message (made-up people at the demo's schools)
    (
        "107656",
        "Rachel Dunn",
        "Headteacher",
        "head@holbeck.example",
        ["headteacher_mentoring", "curriculum_development"],
        "I am in my first year as headteacher. Our governors would like to talk about a partnership.",
    ),
    (
        "107661",
        "Tom Hargreaves",
        "Chair of governors",
        "chair@bramley.example",
        ["senior_leadership", "operational_finance"],
        "We need help with leadership capacity and our budget, and would like to hear about your offer.",
    ),
]
OFFERS = {
    "16800": dict(
        summary=(
            "We are a family of Leeds primary and secondary academies. In a trust partnership our school "
            "improvement team works alongside your leaders for a year: we start by listening, agree three "
            "priorities with your governors, and review them with you each term.\n\n"
            "Partnership does not mean joining us: your governing body decides what comes next."
        ),
        support=["headteacher_mentoring", "trust_wide_training", "data_benchmarking", "curriculum_development"],
        phases=["primary", "secondary"],
        local_authorities=["Leeds", "Bradford", "Wakefield"],
        capacity=2,
        team="Priya Shah, Director of School Improvement\nJo Fletcher, Primary curriculum lead",
        charges="No charge for the first term. After that a termly service charge, agreed with your governors.",
        contact_name="Priya Shah",
        contact_role="Director of School Improvement",
        contact_email="partnerships@northernlights.example",
    ),
    "16001": dict(
        summary="Fierté's headteachers mentor new and acting headteachers, and our subject networks are open to partner schools.",
        support=["headteacher_mentoring", "subject_leadership", "middle_leadership"],
        phases=["primary", "no_phase"],
        local_authorities=["Leeds", "Bradford"],
        capacity=1,
        charges="Mentoring is free; network places are charged per term.",
        contact_name="Sam Ellis",
        contact_role="Chief executive",
        contact_email="partnerships@fierte.example",
    ),
    "16003": dict(
        summary="A small Bradford trust offering help with finance, estates and HR as well as teaching.",
        support=["operational_finance", "operational_estates", "operational_hr", "senior_leadership"],
        phases=["primary"],
        local_authorities=["Bradford"],
        capacity=0,
        charges="A fixed termly charge, set out before the partnership starts.",
        contact_name="Ruth Akhtar",
        contact_email="hello@brontemoor.example",
    ),
}


def _person(username, first, last, role, title, trust) -> tuple[User, bool]:
    return User.objects.get_or_create(
        username=username,
        defaults=dict(
            first_name=first, last_name=last, role=role, job_title=title, email=f"{username}@demo.example", trust=trust
        ),
    )


def seed_offers(*, password: str) -> list[str]:
    """Create what is missing; return the demo sign-ins added to the list seed_demo prints."""
    trusts = {trust.group_uid: trust for trust in Trust.objects.filter(group_uid__in=[*OFFERS, "16800"])}
    lines = []
    for username, first, last, role, title, group_uid in DEMO_SIGN_INS:
        user, created = _person(username, first, last, role, title, trusts.get(group_uid))
        if created:
            user.set_password(password)
            user.save()
        lines.append(f"  {username:<16} {first} {last}, {title} ({role.label})")
    _academies(trusts["16800"])
    for school in School.objects.filter(urn__in=DEMO_SCHOOL_POINTS, easting__isnull=True):
        school.easting, school.northing = DEMO_SCHOOL_POINTS[school.urn]
        school._change_reason = "Demo data: grid reference as in GIAS"
        school.save(update_fields=["easting", "northing"])  # with history: the directory sees the change
    for group_uid, details in OFFERS.items():
        trust = trusts.get(group_uid)
        if trust is None or Offer.objects.filter(trust=trust).exists():
            continue
        author = _author(trust)
        offer = services.offer_save(trust=trust, saved_by=author, **details)
        services.offer_publish(offer=offer, published_by=author)
    _enquiries(Offer.objects.get(trust=trusts["16800"]))
    _recommendation(User.objects.get(username="system.leader"))
    return lines


def _enquiries(offer) -> None:
    """Two enquiries to the demo trust: one new, one the trust has replied to."""
    if offer.enquiries.exists():
        return
    staff = User.objects.filter(role=User.Role.TRUST_STAFF, trust=offer.trust).first() or offer.created_by
    for urn, name, role, email, support, message in ENQUIRIES:
        enquiry = services.enquiry_create(
            offer=offer,
            school=School.objects.get(urn=urn),
            name=name,
            role=role,
            email=email,
            support_wanted=support,
            message=message,
            sender_key="",
        )
        if urn == "107661":
            services.enquiry_reply(
                enquiry=enquiry,
                body="Thank you for getting in touch. Could we visit the school in the next fortnight?",
                sent_by=staff,
            )


def _recommendation(leader) -> None:
    if Recommendation.objects.filter(recorded_by=leader).exists():
        return
    school = School.objects.get(urn="107655")
    recommendation = services.recommendation_create(
        school=school,
        recorded_by=leader,
        interested=True,
        support_wanted=["curriculum_development", "headteacher_mentoring"],
        context="A new headteacher with a strong team; the governors want curriculum support and are open to "
        "exploring a trust partnership.",
    )
    suggestions = matching.suggest_trusts(school, support_wanted=recommendation.support_list)[:2]
    services.recommendation_suggest_trusts(recommendation=recommendation, suggestions=suggestions, suggested_by=leader)


def _academies(trust) -> None:
    for urn, name, phase, pupils, easting, northing in DEMO_ACADEMIES:
        School.objects.get_or_create(
            urn=urn,
            defaults=dict(
                name=name,
                phase=phase,
                pupils_on_roll=pupils,
                easting=easting,
                northing=northing,
                trust=trust,
                la_code="383",
                la_name="Leeds",
                town="Leeds",
                region="Yorkshire and the Humber",
                establishment_type="Academy converter",
                establishment_type_group="Academies",
            ),
        )


def _author(trust) -> User:
    """The trust's demo administrator (the demo trust's is a sign-in; the others cannot sign in)."""
    admin = User.objects.filter(role=User.Role.TRUST_ADMIN, trust=trust).first()
    if admin:
        return admin
    slug = "".join(ch for ch in trust.name.lower() if ch.isalnum())[:20]
    admin, _ = _person(f"{slug}.admin", "Demo", "Administrator", User.Role.TRUST_ADMIN, "Trust administrator", trust)
    admin.password = make_password(None)
    admin.save()
    return admin
