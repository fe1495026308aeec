"""Comment threads on a page: {% load comments %}{% comment_thread comment %}.

Each thread shows its first comment, the replies, whether it is resolved, and the actions the
signed-in person may take (the same predicates the views check).
"""

from django import template

from partnerships import permissions

register = template.Library()


@register.inclusion_tag("partnerships/_comment_thread.html", takes_context=True)
def comment_thread(context, comment, show_subject=False):
    request = context.get("request")
    user = getattr(request, "user", None)
    partnership = context.get("partnership") or comment.partnership
    comment.partnership = partnership  # the predicates read it; it is the page's partnership
    replies = list(comment.replies.all())
    for reply in replies:
        reply.partnership = partnership
    can_comment = user is not None and permissions.can_comment(user, partnership)
    return {
        "thread": comment,
        "entries": [
            (entry, user is not None and permissions.can_change_comment(user, entry)) for entry in [comment, *replies]
        ],
        "can_reply": can_comment and not comment.is_resolved,
        "can_resolve": user is not None and permissions.can_resolve_comment(user, comment),
        "show_subject": show_subject,
        "partnership": partnership,
        "csrf_token": context.get("csrf_token"),
    }
