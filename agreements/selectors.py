"""Reads about agreement versions for pages, the admin and the command."""

from django.utils import timezone

from config.integers import parse_int
from partnerships.models import (
    AcademisationConsideration,
    Activity,
    Clause,
    CostLine,
    GovernorAuthorisation,
    Objective,
    Partnership,
    ReviewDecision,
    TermDates,
)
from partnerships.oversight.rendered import cached, data_version
from schools.models import School, Trust

from .comparison import Comparison, compare_versions
from .models import AgreementVersion
from .snapshot import build_snapshot


def versions_for(partnership: Partnership):
    """Every version of the partnership's agreement, newest first, with the people named on them."""
    return partnership.agreement_versions.select_related("generated_by", "issued_by").order_by("-number")


def version_in_force(partnership: Partnership) -> AgreementVersion | None:
    """The issued version that binds the parties now, if there is one."""
    return partnership.agreement_versions.in_force().select_related("issued_by").first()


def latest_version(partnership: Partnership) -> AgreementVersion | None:
    return partnership.agreement_versions.order_by("-number").first()


def reviewed_version(partnership: Partnership) -> AgreementVersion | None:
    """The version the governors last asked the trust to change: the newest one made before their
    latest request for changes (or the one the decision names, where decisions record it)."""
    decision = (
        partnership.review_decisions.filter(decision=ReviewDecision.Decision.CHANGES_REQUESTED)
        .order_by("-decided_at", "-id")
        .first()
    )
    if decision is None:
        return None
    named = getattr(decision, "agreement_version", None)
    if named is not None:
        return named
    return partnership.agreement_versions.filter(generated_at__lte=decision.decided_at).order_by("-number").first()


def changes_since_review(partnership: Partnership) -> Comparison | None:
    """What changed from the version the governors asked changes to, to the latest version; None
    when they have not asked for changes or no version was made since."""
    reviewed, latest = reviewed_version(partnership), latest_version(partnership)
    if reviewed is None or latest is None or reviewed.number >= latest.number:
        return None
    return compare_versions(reviewed, latest)


# Every model a snapshot of the terms reads (agreements.snapshot and agreements.execution), and the
# versions (no history: issuing or generating always adds one). Whatever is worked out from the
# terms is kept until one of them changes (tests/agreements/test_cached_terms.py checks the list
# against the tables a snapshot actually reads).
TERMS_SOURCES = (
    Partnership,
    School,
    Trust,
    Clause,
    CostLine,
    Objective,
    Activity,
    ReviewDecision,
    GovernorAuthorisation,
    AcademisationConsideration,
    TermDates,
    AgreementVersion,
)


def terms_version(partnership: Partnership) -> str:
    """The data version of everything a snapshot of the partnership's terms is built from (one
    query; its own agreement versions only), with today's date (a preview's dates read as of today)."""
    version = data_version(TERMS_SOURCES, partnership_id=partnership.pk)
    return f"{version}:{timezone.localdate().isoformat()}"


def preview_snapshot(partnership: Partnership, *, version: str | None = None) -> dict:
    """A snapshot of the terms as stored now, for reading on screen; it is not saved as a version.

    Built once per change of its data (terms_version()); the copy returned is shared, not to be changed.
    """

    def build() -> dict:
        latest = latest_version(partnership)
        return build_snapshot(
            partnership,
            number=(latest.number + 1) if latest else 1,
            status=AgreementVersion.Status.DRAFT,
            generated_at=timezone.now(),
        )

    return cached("preview-snapshot", version or terms_version(partnership), build, vary=str(partnership.pk))


def resolve_partnership(identifier: str) -> Partnership | None:
    """A partnership by its database id or its reference (TP26-00001), for the command line."""
    identifier = identifier.strip()
    queryset = Partnership.objects.select_related("school", "trust")
    pk = parse_int(identifier)
    if pk is not None:
        return queryset.filter(pk=pk).first()
    return queryset.filter(reference__iexact=identifier).first()
