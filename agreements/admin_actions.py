"""Admin actions for the Partnership admin: generate a draft agreement, issue the agreement.

They call the same services as the pages. Add them to the Partnership admin with:

    from agreements.admin_actions import generate_draft_agreement, issue_agreement
    actions = [..., generate_draft_agreement, issue_agreement]

Only a superuser may run them (oversight admins read the admin and change nothing), after a
confirmation page; issuing is the trust's signature, so the service refuses anyone who is not
authorised to sign for the partnership's trust, superusers included.
"""

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import ValidationError

from config.admin_mixins import confirm_action
from partnerships import permissions

from .services import agreement_generate_draft, agreement_issue

# On the partnerships list (for the selected rows) and on one partnership's change page.
BOTH_PLACES = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]
NOT_ALLOWED = "{reference}: only a superuser or the partnership's trust staff can {action}."


def _may(user, partnership, predicate) -> bool:
    return user.is_superuser or predicate(user, partnership)


def _run(modeladmin, request, queryset, *, action: str, predicate, service, done_label: str):
    confirm = confirm_action(
        modeladmin,
        request,
        queryset,
        title=f"{done_label.split(':')[0]}: are you sure?",
        explanation=f"You are about to {action} for these partnerships, in your own name, through the same "
        "service and rules as on the site.",
        button=action[0].upper() + action[1:],
    )
    if confirm is not None:
        return confirm
    made = []
    for partnership in queryset.select_related("school", "trust"):
        if not _may(request.user, partnership, predicate):
            modeladmin.message_user(
                request, NOT_ALLOWED.format(reference=partnership.reference, action=action), messages.ERROR
            )
            continue
        try:
            version = service(partnership, request.user)
        except ValidationError as error:
            modeladmin.message_user(request, f"{partnership.reference}: {' '.join(error.messages)}", messages.ERROR)
        else:
            made.append(f"{partnership.reference} version {version.number}")
    if made:
        modeladmin.message_user(request, f"{done_label}: {', '.join(made)}.", messages.SUCCESS)
    return None


@admin.action(description="Generate draft agreement", location=BOTH_PLACES, permissions=["change"])
def generate_draft_agreement(modeladmin, request, queryset):
    return _run(
        modeladmin,
        request,
        queryset,
        action="generate a draft agreement",
        predicate=permissions.can_generate_agreement,
        done_label="Draft agreement generated",
        service=lambda partnership, user: agreement_generate_draft(partnership=partnership, generated_by=user),
    )


@admin.action(description="Issue agreement", location=BOTH_PLACES, permissions=["change"])
def issue_agreement(modeladmin, request, queryset):
    return _run(
        modeladmin,
        request,
        queryset,
        action="issue the agreement",
        predicate=permissions.can_issue_agreement,
        done_label="Agreement issued",
        service=lambda partnership, user: agreement_issue(partnership=partnership, issued_by=user),
    )
