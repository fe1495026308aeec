"""The impact report: built from what is stored, in the DfE case study's four parts, kept as versions,
shared with the governors and oversight, and rendered safely whatever the stored text says."""

import datetime

import pytest
from django.urls import reverse

from delivery import services
from delivery.models import ImpactReport, Rating
from delivery.rendering import fetcher
from partnerships.models import AcademisationConsideration, Activity
from tests.agreements.conftest import pdf_text, squashed
from tests.agreements.test_security import Listener, attacks, embedded_files
from tests.delivery.factories import ObjectiveRatingFactory, ReviewMeetingFactory
from tests.partnerships.factories import ActivityFactory

pytestmark = pytest.mark.django_db

SECTIONS = ("1. Context", "2. Support provided to date", "3. Plan for future support", "4. Early impact")


@pytest.fixture
def delivered(running, governor):
    """The running partnership with an activity done, one planned, two reviews and a decision pending."""
    running.activities.update(status=Activity.Status.DONE, impact_notes="Reading leader appointed.")
    ActivityFactory(
        partnership=running,
        title="Subject leadership programme",
        category=Activity.Category.SUBJECT_LEADERSHIP,
        status=Activity.Status.PLANNED,
        starts_on=datetime.date(2027, 4, 1),
        ends_on=datetime.date(2027, 7, 1),
    )
    phonics, leadership = running.objectives.all()
    for held_on, ratings in (
        (datetime.date(2026, 11, 20), (Rating.OFF_TRACK, Rating.SOME_CONCERNS)),
        (datetime.date(2027, 3, 20), (Rating.ON_TRACK, Rating.SOME_CONCERNS)),
    ):
        meeting = ReviewMeetingFactory(partnership=running, held_on=held_on)
        ObjectiveRatingFactory(meeting=meeting, objective=phonics, rating=ratings[0])
        ObjectiveRatingFactory(meeting=meeting, objective=leadership, rating=ratings[1])
    AcademisationConsideration.objects.create(
        partnership=running,
        outcome="undecided",
        consultation_started_on=datetime.date(2027, 2, 1),
        recorded_by=governor,
    )
    return running


def test_staff_generate_a_report_from_the_stored_facts(client, delivered, trust_staff):
    client.force_login(trust_staff)

    response = client.post(
        reverse("delivery:impact-report-generate", args=[delivered.pk]),
        {"context_narrative": "Two inspections judged the school to require improvement."},
        follow=True,
    )

    report = ImpactReport.objects.get()
    snapshot = report.snapshot
    assert [group["category"] for group in snapshot["support"]] == ["Headteacher mentoring and support"]
    assert snapshot["plan"][0]["activities"][0]["title"] == "Subject leadership programme"
    assert [o["ratings"] for o in snapshot["objectives"]] == [
        ["off_track", "on_track"],
        ["some_concerns", "some_concerns"],
    ]
    page = response.content.decode()
    for section in SECTIONS:
        assert section in page
    assert "Two inspections judged the school to require improvement." in page
    assert "<svg" in page and "Ratings at each review, oldest first" in page  # the chart and its table
    assert (report.status, report.is_rendered) == ("draft", True)


def test_a_draft_is_for_staff_until_shared_then_governors_and_oversight_read_it(
    client, delivered, trust_staff, governor, oversight
):
    report = services.impact_report_generate(partnership=delivered, generated_by=trust_staff)
    version_url = reverse("delivery:impact-report-version", args=[delivered.pk, report.pk])
    pdf_url = reverse("delivery:impact-report-download", args=[delivered.pk, report.pk])
    client.force_login(governor)
    hidden = [client.get(version_url).status_code, client.get(pdf_url).status_code]

    client.force_login(trust_staff)
    client.post(reverse("delivery:impact-report-share", args=[delivered.pk, report.pk]))
    seen = []
    for person in (governor, oversight):
        client.force_login(person)
        seen += [client.get(version_url).status_code, client.get(pdf_url)["Content-Type"]]

    assert hidden == [404, 404]
    assert seen == [200, "application/pdf", 200, "application/pdf"]
    report.refresh_from_db()
    assert (report.status, report.shared_by) == ("shared", trust_staff)


def test_every_version_is_kept_with_the_facts_of_its_day(delivered, trust_staff):
    first = services.impact_report_generate(partnership=delivered, generated_by=trust_staff, plan_narrative="Spring")
    delivered.activities.filter(title="Subject leadership programme").update(status=Activity.Status.IN_PROGRESS)
    second = services.impact_report_generate(partnership=delivered, generated_by=trust_staff)

    first.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert first.snapshot["plan"] and not second.snapshot["plan"]
    assert first.plan_narrative == "Spring" and first.sha256 != second.sha256


def test_a_report_cannot_be_generated_before_the_partnership_is_agreed(client, delivered, trust_staff):
    delivered.status = "in_review"
    delivered.save()
    client.force_login(trust_staff)

    response = client.post(reverse("delivery:impact-report-generate", args=[delivered.pk]), {})

    assert response.status_code == 403 and not ImpactReport.objects.exists()


@pytest.mark.real_pdf
def test_the_pdf_holds_the_four_parts_with_the_activities_and_ratings(delivered, trust_staff):
    report = services.impact_report_generate(
        partnership=delivered, generated_by=trust_staff, impact_narrative="A clear road map to good."
    )

    text = pdf_text(services.impact_report_pdf(report))

    flat = squashed(text)
    for section in SECTIONS:
        assert squashed(section) in flat
    assert squashed("Fortnightly mentoring for the headteacher") in flat  # done: support to date
    assert squashed("Subject leadership programme") in flat  # planned
    assert squashed("Off track") in flat and squashed("On track") in flat and squashed("Some concerns") in flat
    assert squashed("A clear road map to good.") in flat
    assert squashed("Not decided yet") in flat  # the academisation position
    assert flat.index(squashed(SECTIONS[0])) < flat.index(squashed(SECTIONS[3]))


@pytest.mark.real_pdf
def test_hostile_text_prints_as_text_and_fetches_nothing(delivered, trust_staff):
    with Listener() as listener:
        texts = attacks(listener.port)
        delivered.purpose = texts[0]
        delivered.save()
        delivered.activities.update(title=texts[1][:200], impact_notes=texts[2])
        report = services.impact_report_generate(
            partnership=delivered,
            generated_by=trust_staff,
            context_narrative=texts[3],
            impact_narrative=texts[4] + " </section><script>alert(1)</script>",
        )
        content = services.impact_report_pdf(report)

        flat = squashed(pdf_text(content))
        for text in texts:
            assert squashed(text) in flat
        assert squashed("<script>alert(1)</script>") in flat
        assert embedded_files(content) == {"attachments": {}, "EmbeddedFiles": None}
        assert listener.requests == []


def test_the_report_fetcher_serves_only_its_own_print_assets():
    from weasyprint.urls import path2url

    from agreements.rendering import FetchRefused
    from delivery.rendering import assets_dir

    assert b"@page" in fetcher().fetch(path2url(assets_dir() / "impact_report.css")).read()
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/x.css", path2url(assets_dir()) + "../../../etc/passwd"):
        with pytest.raises(FetchRefused):
            fetcher().fetch(url)
