"""Reads about agreement versions for pages, the admin and the command."""

from django.utils import timezone

from config.integers import parse_int
from partnerships.models import Partnership, ReviewDecision

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


def preview_snapshot(partnership: Partnership) -> dict:
    """A snapshot of the terms as stored now, for reading on screen; it is not saved as a version."""
    latest = latest_version(partnership)
    return build_snapshot(
        partnership,
        number=(latest.number + 1) if latest else 1,
        status=AgreementVersion.Status.DRAFT,
        generated_at=timezone.now(),
    )


def resolve_partnership(identifier: str) -> Partnership | None:
    """A partnership by its database id or its reference (TP26-00001), for the command line."""
    identifier = identifier.strip()
    queryset = Partnership.objects.select_related("school", "trust")
    pk = parse_int(identifier)
    if pk is not None:
        return queryset.filter(pk=pk).first()
    return queryset.filter(reference__iexact=identifier).first()
