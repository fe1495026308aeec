"""Recording who may approve and sign for a school's governing body besides its chair."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from partnerships.models import GovernorAuthorisation

from .common import save_with_history

NOT_A_GOVERNOR = "Choose a governor or vice-chair of {school}."
NOT_ALLOWED_TO_RECORD = (
    "Only the chair of governors or the clerk of {school} can record the governing body's resolution."
)
MEETING_IN_FUTURE = "The meeting date cannot be in the future."
ALREADY_AUTHORISED = "{name} is already authorised. Revoke that authorisation first to record a new one."
RESOLUTION_REQUIRED = "Enter the resolution or the minute reference."


def _check_recorder(recorded_by, school) -> None:
    allowed = recorded_by.role in (User.Role.CHAIR, User.Role.CLERK) and recorded_by.school_id == school.pk
    if not (allowed or recorded_by.is_superuser):
        raise ValidationError(NOT_ALLOWED_TO_RECORD.format(school=school.name), code="not_allowed")


@transaction.atomic
def governor_authorisation_record(
    *, school, governor: User, meeting_date: datetime.date, resolution: str, recorded_by: User
) -> GovernorAuthorisation:
    """Record that the governing body, at a meeting, authorised a governor to approve and sign
    partnership agreements for it. Only governors and vice-chairs can be authorised: the clerk
    and the headteacher never approve."""
    _check_recorder(recorded_by, school)
    if governor.school_id != school.pk or governor.role not in (User.Role.GOVERNOR, User.Role.VICE_CHAIR):
        raise ValidationError({"governor": NOT_A_GOVERNOR.format(school=school.name)})
    if meeting_date > timezone.localdate():
        raise ValidationError({"meeting_date": MEETING_IN_FUTURE})
    if not (resolution or "").strip():
        raise ValidationError({"resolution": RESOLUTION_REQUIRED})
    if GovernorAuthorisation.objects.current().filter(school=school, governor=governor).exists():
        raise ValidationError({"governor": ALREADY_AUTHORISED.format(name=governor)})
    authorisation = GovernorAuthorisation(
        school=school,
        governor=governor,
        meeting_date=meeting_date,
        resolution=resolution.strip(),
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    return save_with_history(authorisation, by=recorded_by, reason="Governor authorised to approve and sign")


@transaction.atomic
def governor_authorisation_revoke(*, authorisation: GovernorAuthorisation, revoked_by: User) -> GovernorAuthorisation:
    """End an authorisation: the governor can no longer approve for the governing body."""
    _check_recorder(revoked_by, authorisation.school)
    authorisation = GovernorAuthorisation.objects.select_for_update().get(pk=authorisation.pk)
    if authorisation.revoked_at is None:
        authorisation.revoked_at = timezone.now()
        save_with_history(authorisation, by=revoked_by, reason="Authorisation revoked")
    return authorisation
