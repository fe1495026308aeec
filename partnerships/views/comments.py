"""Comment threads: reply, change or delete your own comment (until someone replies), resolve
and reopen a thread. Trust staff and the school's governors, while the partnership is live.

Each page starts from the partnership (`visible_to`, 404 out of scope), then `can_comment` (403),
then the comment from that partnership (404 otherwise) and the comment's own predicate (403).
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View

from partnerships import permissions, services
from partnerships.forms import GovukForm, gds_helper, textarea

from .mixins import ConfirmationView, PartnershipChildMixin, ServiceFormView


class ReplyForm(GovukForm):
    body = forms.CharField(
        label="Your reply", max_length=5000, widget=forms.Textarea, error_messages={"required": "Enter your reply"}
    )

    def __init__(self, *args, submit="Add reply", label="Your reply", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = label
        self.fields["body"].error_messages["required"] = f"Enter your {label.split()[-1]}"
        self.helper = gds_helper(textarea("body", rows=4), submit=submit)


def comments_url(user, partnership, comment=None) -> str:
    """Where someone reads the comments: the governors' page or the staff page, at the thread."""
    name = "partnerships:governor-partnership-detail" if user.is_governor else "partnerships:partnership-detail"
    anchor = f"#comment-{comment.parent_id or comment.pk}" if comment is not None else "#comments"
    return reverse(name, args=[partnership.pk]) + anchor


class CommentMixin(PartnershipChildMixin):
    child_relation = "comments"
    permission = staticmethod(permissions.can_comment)
    comment_permission: Callable[[Any, Any], bool] | None = None
    request: Any

    def check_comment(self):
        user = self.request.user
        if self.comment_permission is not None and not self.comment_permission(user, self.object):
            raise PermissionDenied

    def get(self, request, *args, **kwargs):
        self.check_comment()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.check_comment()
        return super().post(request, *args, **kwargs)

    def detail_url(self) -> str:
        return comments_url(self.request.user, self.partnership, self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["comment"] = self.object
        return context


class CommentReplyView(CommentMixin, ServiceFormView):
    template_name = "partnerships/comment_reply.html"
    form_class = ReplyForm
    heading = "Reply to a comment"
    success_message = "Reply added"

    def perform(self, form):
        return services.comment_create(
            partnership=self.partnership, author=self.request.user, body=form.cleaned_data["body"], parent=self.object
        )


class CommentUpdateView(CommentMixin, ServiceFormView):
    template_name = "partnerships/comment_reply.html"
    form_class = ReplyForm
    comment_permission = staticmethod(permissions.can_change_comment)
    heading = "Change your comment"
    success_message = "Comment changed"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit": "Save comment", "label": "Your comment"}

    def get_initial(self):
        return {"body": self.object.body}

    def perform(self, form):
        return services.comment_update(comment=self.object, edited_by=self.request.user, body=form.cleaned_data["body"])


class CommentDeleteView(CommentMixin, ConfirmationView):
    comment_permission = staticmethod(permissions.can_change_comment)
    heading = "Delete your comment"
    button_label = "Delete comment"
    success_message = "Comment deleted"

    def get_explanation(self):
        return [f"“{self.object.body}”", "Everyone working on this partnership will no longer see it."]

    def perform(self, form):
        return services.comment_delete(comment=self.object, deleted_by=self.request.user)


class CommentThreadStateView(CommentMixin, View):
    """POST only: resolve or reopen a thread (a button beside it, no JavaScript needed)."""

    comment_permission = staticmethod(permissions.can_resolve_comment)
    http_method_names = ["post"]
    resolve = True

    def post(self, request, *args, **kwargs):
        self.check_comment()
        try:
            if self.resolve:
                services.comment_resolve(comment=self.object, resolved_by=request.user)
            else:
                services.comment_reopen(comment=self.object, reopened_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Comment thread resolved" if self.resolve else "Comment thread reopened")
        return redirect(self.detail_url())
