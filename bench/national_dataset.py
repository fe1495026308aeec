"""Build a national-scale dataset: England's schools and trusts, partnerships in every state.

    .venv/bin/python bench/national_dataset.py [--schools 50000 --trusts 2500 --partnerships 3000]

Defaults are England's size: 50,000 schools (half closed), 2,500 trusts, 3,000 partnerships
spread over every status, each with 12 clauses, 4 cost lines, 3 objectives and 8 activities,
all with history rows. Rows go in through simple-history's bulk helpers in batches.
Uses DATABASE_URL, or a throwaway SQLite file when none is set.
"""

import argparse
import datetime
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

from simple_history.utils import bulk_create_with_history

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

REGIONS = [
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
]
LAS = [(f"{300 + n}", f"Local Authority {n}") for n in range(150)]
RATINGS = ["Outstanding", "Good", "Requires improvement", "Inadequate", ""]
BATCH = 2000


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{Path('/tmp') / f'tp-bench-{os.getpid()}.sqlite3'}"
    import django

    django.setup()


def build(*, schools: int = 50_000, trusts: int = 2_500, partnerships: int = 3_000, seed: int = 1) -> dict:
    """Create the dataset in the current database and return the row counts it added."""
    from accounts.models import User
    from partnerships.models import Activity, Clause, ClauseSection, CostLine, Objective, Partnership
    from schools.models import School, Trust

    rng = random.Random(seed)
    system, _ = User.objects.get_or_create(username="bench-system", defaults={"first_name": "Benchmark"})
    kw = dict(batch_size=BATCH, default_user=system, default_change_reason="Benchmark data")

    trust_rows = bulk_create_with_history(
        [
            Trust(
                name=f"Bench Learning Trust {n}",
                group_uid=str(900000 + n),
                group_id=f"TR{n:05d}",
                companies_house_number=f"{10000000 + n:08d}"[-8:],
                ukprn=f"1{n:07d}",
                trust_type=Trust.TrustType.MULTI_ACADEMY_TRUST if n % 5 else Trust.TrustType.SINGLE_ACADEMY_TRUST,
                region=REGIONS[n % len(REGIONS)],
                town="Town",
                postcode="AB1 2CD",
            )
            for n in range(trusts)
        ],
        Trust,
        **kw,
    )

    school_rows = []
    for n in range(schools):
        la_code, la_name = LAS[n % len(LAS)]
        closed = n % 2 == 1
        academy = n % 3 == 0
        school_rows.append(
            School(
                urn=f"{500000 + n}",
                name=f"{rng.choice(['St Mary', 'Oakfield', 'Hillside', 'Riverside', 'Park'])} School {n}",
                ukprn=f"1{n + 2000000:07d}",
                laestab=f"{la_code}{n % 10000:04d}",
                la_code=la_code,
                la_name=la_name,
                establishment_type="Academy converter" if academy else "Community school",
                establishment_type_group="Academies" if academy else "Local authority maintained schools",
                phase=rng.choice(["Primary", "Secondary"]),
                region=REGIONS[n % len(REGIONS)],
                status=School.Status.CLOSED if closed else School.Status.OPEN,
                opened_on=datetime.date(1990, 9, 1),
                closed_on=datetime.date(2015, 8, 31) if closed else None,
                pupils_on_roll=rng.randint(40, 1600),
                capacity=rng.randint(60, 1800),
                postcode="AB1 2CD",
                previous_ofsted_grade=rng.choice(RATINGS),
                ofsted_last_inspection=datetime.date(2023, 5, 1),
                # British National Grid metres, anywhere in a box around England.
                easting=rng.randint(150_000, 650_000),
                northing=rng.randint(50_000, 650_000),
                trust=trust_rows[n % trusts] if academy else None,
            )
        )
    school_rows = bulk_create_with_history(school_rows, School, **kw)
    maintained_open = [s for s in school_rows if s.status == School.Status.OPEN and s.trust_id is None]

    statuses = list(Partnership.Status)
    today = datetime.date.today()
    partnership_rows = []
    for n in range(partnerships):
        status = statuses[n % len(statuses)]
        start = today + datetime.timedelta(days=rng.randint(-500, 120))
        partnership_rows.append(
            Partnership(
                reference=f"TPB-{n + 1:06d}",
                school=maintained_open[n % len(maintained_open)],
                trust=trust_rows[n % trusts],
                start_date=start,
                end_date=start + datetime.timedelta(days=rng.choice([364, 455, 546])),
                status=status,
                purpose="Leadership and curriculum support while the governors consider joining a trust.",
                trust_lead_name="Lead",
                trust_lead_email="lead@trust.example",
                chair_of_governors_name="Chair",
                headteacher_name="Head",
                created_by=system,
            )
        )
    partnership_rows = bulk_create_with_history(partnership_rows, Partnership, **kw)

    children = {Clause: [], CostLine: [], Objective: [], Activity: []}
    sections = list(ClauseSection)
    categories = list(Activity.Category)
    for p in partnership_rows:
        children[Clause] += [
            Clause(
                partnership=p,
                section=sections[i % len(sections)],
                position=i,
                heading=f"Clause {i}",
                body="The parties agree to work together in good faith. " * 4,
            )
            for i in range(12)
        ]
        children[CostLine] += [
            CostLine(
                partnership=p,
                description=f"Service {i}",
                amount=Decimal("1250.00"),
                frequency=list(CostLine.Frequency)[i],
                position=i,
            )
            for i in range(4)
        ]
        children[Objective] += [
            Objective(
                partnership=p,
                description=f"Objective {i}",
                measure_of_success="Measured",
                target_date=p.end_date,
                position=i,
            )
            for i in range(3)
        ]
        children[Activity] += [
            Activity(
                partnership=p,
                category=categories[(p.pk + i) % len(categories)],
                title=f"Activity {i}",
                lead="Trust",
                starts_on=p.start_date,
                ends_on=p.end_date,
            )
            for i in range(8)
        ]
    for model, rows in children.items():
        children[model] = bulk_create_with_history(rows, model, **kw)
    offers = build_offers(trust_rows, rng=rng, created_by=system, kw=kw)
    delivery = build_delivery(partnership_rows, children[Objective], rng=rng, recorded_by=system, kw=kw)
    return {
        **delivery,
        "offers": offers,
        "trusts": trusts,
        "schools": schools,
        "partnerships": partnerships,
        **{str(model._meta.verbose_name_plural): len(rows) for model, rows in children.items()},
    }


def build_delivery(partnership_rows, objective_rows, *, rng, recorded_by, kw) -> dict:
    """Two held reviews rating every objective for each partnership that has started, a review
    overdue for every fifth active one, and an end-of-partnership review for each concluded one."""
    from delivery.models import EndReview, ObjectiveRating, Rating, ReviewMeeting
    from partnerships.models import Partnership

    started = (Partnership.Status.ACTIVE, Partnership.Status.CONCLUDED, Partnership.Status.ENDED_EARLY)
    today = datetime.date.today()
    objectives = {}
    for objective in objective_rows:
        objectives.setdefault(objective.partnership_id, []).append(objective)
    meetings = []
    for n, p in enumerate(row for row in partnership_rows if row.status in started):
        for days in (90, 180):
            held_on = min(p.start_date + datetime.timedelta(days=days), today)
            meetings.append(
                ReviewMeeting(
                    partnership=p,
                    status="held",
                    held_on=held_on,
                    trust_attendees="Lead",
                    school_attendees="Head",
                    recorded_by=recorded_by,
                )
            )
        if p.status == Partnership.Status.ACTIVE and n % 5 == 0:
            meetings.append(
                ReviewMeeting(partnership=p, status="scheduled", scheduled_for=today - datetime.timedelta(days=30))
            )
    meetings = bulk_create_with_history(meetings, ReviewMeeting, **kw)
    ratings = [
        ObjectiveRating(meeting=meeting, objective=objective, rating=rng.choice(Rating.values), evidence="Visits")
        for meeting in meetings
        if meeting.status == "held"
        for objective in objectives.get(meeting.partnership_id, [])
    ]
    bulk_create_with_history(ratings, ObjectiveRating, **kw)
    end_reviews = [
        EndReview(
            partnership=p,
            outcome=rng.choice(EndReview.Outcome.values),
            lessons="Start earlier.",
            would_recommend=rng.random() < 0.8,
            recorded_by=recorded_by,
            recorded_by_name="Bench",
        )
        for p in partnership_rows
        if p.status == Partnership.Status.CONCLUDED
    ]
    bulk_create_with_history(end_reviews, EndReview, **kw)
    return {"review meetings": len(meetings), "objective ratings": len(ratings), "end reviews": len(end_reviews)}


def build_offers(trust_rows, *, rng, created_by, kw) -> int:
    """A published Trust Partnership Offer for every trust (the directory's worst case)."""
    from django.utils import timezone

    from offers.choices import SUPPORT_CHOICES, Phase, pack
    from offers.models import Offer

    support = [value for value, _ in SUPPORT_CHOICES]
    rows = [
        Offer(
            trust=trust,
            status=Offer.Status.PUBLISHED,
            published_at=timezone.now(),
            summary="We work alongside your leaders for a year, at your pace. " * 3,
            support=pack(rng.sample(support, rng.randint(1, 5))),
            phases=pack(rng.sample([Phase.PRIMARY, Phase.SECONDARY, Phase.ALL_THROUGH], rng.randint(1, 2))),
            local_authorities=pack(name for _, name in rng.sample(LAS, rng.randint(1, 6))),
            capacity=rng.randint(0, 4),
            charges="A termly service charge agreed with the school.",
            contact_name="Partnerships lead",
            contact_email="partnerships@trust.example",
            created_by=created_by,
        )
        for trust in trust_rows
    ]
    return len(bulk_create_with_history(rows, Offer, **kw))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=50_000)
    parser.add_argument("--trusts", type=int, default=2_500)
    parser.add_argument("--partnerships", type=int, default=3_000)
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    counts = build(schools=args.schools, trusts=args.trusts, partnerships=args.partnerships)
    print(f"Built on {connection.vendor} in {time.perf_counter() - started:.1f} s: {counts}")


if __name__ == "__main__":
    main()
