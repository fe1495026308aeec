"""The demo's people: a realistic team for each organisation (seed_demo; README "Demo sign-ins").

Everyone signs in with the demo password, by username or email address. Created once: running
seed_demo again changes nothing.
"""

from django.db import transaction

from accounts.models import Invitation, User
from accounts.services import invitation_create, user_deactivate

Role = User.Role

# key, username, first, last, role, job title, organisation key, email, can sign for the trust
TEAM = [
    (
        "trust",
        "trust.admin",
        "Amara",
        "Okoye",
        Role.TRUST_ADMIN,
        "Chief executive",
        "trust",
        "amara.okoye@northernlights.example",
        True,
    ),
    (
        "trust",
        "trust.staff",
        "Priya",
        "Shah",
        Role.TRUST_STAFF,
        "Director of School Improvement",
        "trust",
        "priya.shah@northernlights.example",
        True,
    ),
    (
        "trust",
        "trust.partner",
        "Tom",
        "Whitaker",
        Role.TRUST_STAFF,
        "School Improvement Partner",
        "trust",
        "tom.whitaker@northernlights.example",
        False,
    ),
    (
        "second_trust",
        "fierte.admin",
        "Claire",
        "Dubois",
        Role.TRUST_ADMIN,
        "Chief Executive",
        "second_trust",
        "claire.dubois@fierte.example",
        True,
    ),
    (
        "school",
        "governor",
        "Daniel",
        "Okafor",
        Role.CHAIR,
        "Chair of governors",
        "school",
        "daniel.okafor@sthildas.example",
        False,
    ),
    (
        "school",
        "vice.chair",
        "Ruth",
        "Adeyemi",
        Role.VICE_CHAIR,
        "Vice-chair of governors",
        "school",
        "ruth.adeyemi@sthildas.example",
        False,
    ),
    (
        "school",
        "parent.governor",
        "Mark",
        "Ellison",
        Role.GOVERNOR,
        "Parent governor",
        "school",
        "mark.ellison@sthildas.example",
        False,
    ),
    (
        "school",
        "clerk",
        "Janet",
        "Hughes",
        Role.CLERK,
        "Clerk to the governors",
        "school",
        "janet.hughes@sthildas.example",
        False,
    ),
    (
        "school",
        "head",
        "Margaret",
        "Ellis",
        Role.HEADTEACHER,
        "Headteacher",
        "school",
        "margaret.ellis@sthildas.example",
        False,
    ),
    (
        "oversight",
        "oversight.lead",
        "Grace",
        "Mensah",
        Role.OVERSIGHT_LEAD,
        "Regional oversight lead",
        None,
        "grace.mensah@oversight.example",
        False,
    ),
    (
        "oversight",
        "oversight",
        "Helen",
        "Wright",
        Role.OVERSIGHT,
        "Oversight user",
        None,
        "helen.wright@oversight.example",
        False,
    ),
]
# A governor who stepped down: deactivated, never deleted (their name stays in the history).
FORMER = (
    "former.governor",
    "Peter",
    "Lowe",
    Role.GOVERNOR,
    "Foundation governor (stepped down)",
    "peter.lowe@sthildas.example",
)
# A colleague the trust administrator has invited who has not accepted yet.
PENDING = ("sam.okoro@northernlights.example", "Sam", "Okoro", Role.TRUST_STAFF, "Finance Business Partner")


def chair_email(school, review_school) -> str:
    """The chair of governors' address named on a demo partnership: the demo chair's for the
    school with a team, a per-school address (an invitation waiting) for the others."""
    if school.pk == review_school.pk:
        return next(member[7] for member in TEAM if member[1] == "governor")
    return f"chair@{school.urn}.school.example"


@transaction.atomic
def seed_team(*, trust, second_trust, school, password: str) -> dict:
    """Create each demo person once; returns {username: user}."""
    organisations = {"trust": trust, "second_trust": second_trust, "school": school, None: None}
    people = {}
    for _key, username, first, last, role, title, organisation, email, signs in TEAM:
        scope = organisations[organisation]
        people[username] = _person(
            username,
            first,
            last,
            role,
            title,
            email,
            password,
            trust=scope if role in User.TRUST_ROLES else None,
            school=scope if role in User.SCHOOL_ROLES else None,
            can_sign_for_trust=signs,
        )
    username, first, last, role, title, email = FORMER
    former = _person(username, first, last, role, title, email, password, school=school)
    if former.is_active:
        user_deactivate(person=former, deactivated_by=people["governor"])
    email, first, last, role, title = PENDING
    if not Invitation.objects.filter(email=email).exists():
        invitation_create(
            invited_by=people["trust.admin"],
            email=email,
            role=role,
            trust=trust,
            first_name=first,
            last_name=last,
            job_title=title,
            send=False,
        )
    return people


def _person(username, first, last, role, title, email, password, **scope) -> User:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    user = User(
        username=username,
        first_name=first,
        last_name=last,
        role=role,
        job_title=title,
        email=email,
        is_staff=role in User.OVERSIGHT_ROLES,
        **scope,
    )
    user.set_password(password)
    user._change_reason = "Demo data"
    user.save()
    return user


def sign_in_lines() -> list[str]:
    """What `make run` prints: each organisation's people with their role."""
    lines, heading = [], None
    labels = {
        "trust": "Northern Lights Academy Trust",
        "second_trust": "Fierté Multi-Academy Trust",
        "school": "St Hilda's Church of England Primary School",
        "oversight": "Oversight",
    }
    for key, username, first, last, role, _title, _organisation, email, signs in TEAM:
        if key != heading:
            heading = key
            lines.append(f"  {labels[key]}:")
        extra = ", can sign for the trust" if signs else ""
        lines.append(f"    {username:<16} {first} {last}, {role.label}{extra} ({email})")
    return lines


def usernames() -> set[str]:
    return {member[1] for member in TEAM}
