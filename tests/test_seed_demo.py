import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from partnerships.models import Clause, Partnership
from schools.models import School, Trust

pytestmark = pytest.mark.django_db


def counts():
    return [model.objects.count() for model in (Trust, School, User, Partnership, Clause)] + [
        Partnership.history.count()
    ]


def test_seed_demo_creates_every_state_once_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    assert set(Partnership.objects.values_list("status", flat=True)) == set(Partnership.Status.values)
    assert {user.role for user in User.objects.exclude(username="admin")} >= {"trust_staff", "governor", "oversight"}


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("seed_demo")
    assert not Partnership.objects.exists()


def test_seed_demo_gives_the_active_partnership_reviews_and_a_shared_impact_report(settings):
    from delivery.models import EndReview, ImpactReport, ReviewMeeting

    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")

    active = Partnership.objects.get(status=Partnership.Status.ACTIVE)
    held = ReviewMeeting.objects.held().filter(partnership=active)
    assert held.count() == 2 and all(meeting.ratings.count() == active.objectives.count() for meeting in held)
    assert held.last().actions.exists() and held.last().comments.exists()
    report = ImpactReport.objects.get(partnership=active)
    assert report.is_shared and report.is_rendered and report.snapshot["support"]
    assert EndReview.objects.filter(partnership__status=Partnership.Status.CONCLUDED).count() == 1
