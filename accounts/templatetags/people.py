"""{% load people %}{% school_people partnership %}: the partner school's people in the service,
and (for the partnership's trust staff) links to invite its chair, clerk and headteacher."""

from django import template

from accounts.models import Invitation, User
from partnerships.models import Partnership
from partnerships.permissions import is_trust_staff_of

register = template.Library()

INVITE_LINKS = (
    ("chair", "Invite the chair of governors"),
    ("headteacher", "Invite the headteacher"),
    ("clerk", "Invite the clerk"),
)


@register.inclusion_tag("accounts/_school_people.html", takes_context=True)
def school_people(context, partnership: Partnership):
    user = context["request"].user
    people = User.objects.filter(school_id=partnership.school_id, role__in=User.SCHOOL_ROLES, is_active=True)
    can_invite = is_trust_staff_of(user, partnership) and partnership.status in Partnership.Status.LIVE
    waiting = Invitation.objects.pending().filter(school_id=partnership.school_id) if can_invite else []
    return {
        "partnership": partnership,
        "people": people.order_by("role", "last_name"),
        "waiting": waiting,
        "invite_links": INVITE_LINKS if can_invite else (),
    }
