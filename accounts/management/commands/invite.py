"""Invite someone from the command line (a deployment's first trust administrator, say), through
the same service and rules as the team pages: --by must be allowed to give that role there."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from accounts.services import invitation_create, invitation_link
from schools.models import School, Trust


class Command(BaseCommand):
    help = "Invite EMAIL to join a trust or school (or oversight) in ROLE; prints the link it emails."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=User.Role.values)
        parser.add_argument("--trust", help="the trust's reference number (TR…)")
        parser.add_argument("--school", help="the school's URN")
        parser.add_argument("--by", required=True, help="username of who invites (a superuser can invite anyone)")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--can-sign-for-trust", action="store_true")

    def handle(self, *args, email, role, trust, school, by, first_name, last_name, can_sign_for_trust, **options):
        inviter = User.objects.filter(username=by, is_active=True).first()
        if inviter is None:
            raise CommandError(f"No active user with the username {by!r}.")
        trust_obj = self._one(Trust, group_id=trust) if trust else None
        school_obj = self._one(School, urn=school) if school else None
        try:
            with transaction.atomic():
                invitation = invitation_create(
                    invited_by=inviter,
                    email=email,
                    role=role,
                    trust=trust_obj,
                    school=school_obj,
                    first_name=first_name,
                    last_name=last_name,
                    can_sign_for_trust=can_sign_for_trust,
                )
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"Invited {invitation.email} as {invitation.get_role_display().lower()}.")
        self.stdout.write(
            f"Link (also emailed, valid until {invitation.expires_at:%d %B %Y}): {invitation_link(invitation)}"
        )

    @staticmethod
    def _one(model, **lookup):
        found = model.objects.filter(**lookup).first()
        if found is None:
            raise CommandError(f"No {model._meta.verbose_name} with {lookup}.")
        return found
