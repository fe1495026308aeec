"""Comment threads: replies, resolving and reopening, authors changing or deleting their own
comment until someone replies, and comments that carry the version they were written on."""

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerships import services
from partnerships.models import Clause, Comment, Partnership
from partnerships.services import review as review_services
from tests.accounts.factories import GovernorFactory
from tests.partnerships.factories import ready_for_review

pytestmark = pytest.mark.django_db
S = Partnership.Status


def words(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def partnership(school, trust):
    return ready_for_review(school=school, trust=trust, status=S.IN_REVIEW)


@pytest.fixture
def thread(partnership, governor):
    clause = partnership.clauses.get()
    return services.comment_create(partnership=partnership, author=governor, body="Meet monthly?", clause=clause)


def url(name, comment) -> str:
    return reverse(f"partnerships:{name}", args=[comment.partnership_id, comment.pk])


# Services


def test_a_reply_joins_the_thread_and_takes_its_subject(partnership, thread, trust_staff, governor):
    reply = services.comment_create(partnership=partnership, author=trust_staff, body="Yes.", parent=thread)
    again = services.comment_create(partnership=partnership, author=governor, body="Thanks.", parent=reply)
    assert (reply.parent, again.parent) == (thread, thread)  # one level: a reply to a reply joins the thread
    assert (reply.clause, reply.section) == (thread.clause, thread.section)
    assert reply.history.get().history_change_reason == "Reply added"


def test_resolve_and_reopen_a_thread(thread, trust_staff, governor):
    resolved = services.comment_resolve(comment=thread, resolved_by=trust_staff)
    assert resolved.is_resolved and resolved.resolved_by == trust_staff
    with pytest.raises(ValidationError, match="already resolved"):
        services.comment_resolve(comment=thread, resolved_by=governor)
    with pytest.raises(ValidationError) as error:
        services.comment_create(partnership=thread.partnership, author=governor, body="More", parent=thread)
    assert error.value.messages == [review_services.THREAD_RESOLVED]
    reopened = services.comment_reopen(comment=thread, reopened_by=governor)
    assert not reopened.is_resolved and reopened.resolved_by is None
    assert [row.history_change_reason for row in Comment.history.filter(id=thread.pk).order_by("history_id")] == [
        "Comment added",
        "Comment thread resolved",
        "Comment thread reopened",
    ]


def test_author_changes_or_deletes_their_comment_until_someone_replies(partnership, thread, governor, trust_staff):
    changed = services.comment_update(comment=thread, edited_by=governor, body="Meet every half term?")
    assert changed.body == "Meet every half term?" and changed.edited_at is not None
    with pytest.raises(ValidationError) as error:
        services.comment_update(comment=thread, edited_by=trust_staff, body="Hijacked")
    assert error.value.messages == [review_services.NOT_YOUR_COMMENT]
    services.comment_create(partnership=partnership, author=trust_staff, body="Yes.", parent=thread)
    for attempt in (
        lambda: services.comment_update(comment=thread, edited_by=governor, body="Changed my mind"),
        lambda: services.comment_delete(comment=thread, deleted_by=governor),
    ):
        with pytest.raises(ValidationError) as error:
            attempt()
        assert error.value.messages == [review_services.ALREADY_REPLIED]
    thread.refresh_from_db()
    assert thread.body == "Meet every half term?"


def test_deleting_records_who_deleted(thread, governor):
    services.comment_delete(comment=thread, deleted_by=governor)
    assert not Comment.objects.filter(pk=thread.pk).exists()
    deletion = Comment.history.get(id=thread.pk, history_type="-")
    assert (deletion.history_user, deletion.history_change_reason) == (governor, "Comment deleted")


def test_a_comment_carries_its_version_and_is_on_an_earlier_version_once_the_clause_changes(
    partnership, governor, trust_staff, quick_pdf
):
    from agreements.services import agreement_generate_draft

    agreement_generate_draft(partnership=partnership, generated_by=trust_staff)
    clause = partnership.clauses.get()
    comment = services.comment_create(partnership=partnership, author=governor, body="Monthly?", clause=clause)
    assert comment.agreement_version == 1 and not comment.on_earlier_version
    Clause.objects.filter(pk=clause.pk).update(body="The parties meet monthly.")
    comment.refresh_from_db()
    assert comment.on_earlier_version


def test_no_comments_once_the_partnership_is_withdrawn(partnership, thread, governor):
    Partnership.objects.filter(pk=partnership.pk).update(status=S.WITHDRAWN)
    partnership.refresh_from_db()
    with pytest.raises(ValidationError, match="Comments are closed"):
        services.comment_create(partnership=partnership, author=governor, body="Late", parent=thread)


# Pages


def test_governor_replies_and_staff_resolve_on_the_pages(client, thread, governor, trust_staff):
    client.force_login(trust_staff)
    response = client.post(url("comment-reply", thread), {"body": "We can meet monthly."}, follow=True)
    assert "Reply added" in words(response)
    assert thread.replies.get().body == "We can meet monthly."

    response = client.post(url("comment-resolve", thread), follow=True)
    assert "Comment thread resolved" in words(response)
    thread.refresh_from_db()
    assert thread.resolved_by == trust_staff

    client.force_login(governor)
    page = words(client.get(reverse("partnerships:governor-partnership-detail", args=[thread.partnership_id])))
    assert "Meet monthly? Priya Shah, Director of School Improvement replied" in page
    assert "Resolved by Priya Shah" in page
    assert "Reopen" in page and "Reply to" not in page


def test_reply_form_needs_words(client, thread, trust_staff):
    client.force_login(trust_staff)
    response = client.post(url("comment-reply", thread), {"body": "  "})
    assert response.status_code == 200 and "Enter your reply" in words(response)
    assert not thread.replies.exists()


def test_only_the_author_sees_change_and_delete_and_only_until_a_reply(
    client, partnership, thread, governor, trust_staff
):
    client.force_login(governor)
    detail = reverse("partnerships:governor-partnership-detail", args=[partnership.pk])
    assert url("comment-update", thread) in client.get(detail).content.decode()
    response = client.post(url("comment-update", thread), {"body": "Fortnightly?"}, follow=True)
    assert "Comment changed" in words(response)

    other_governor = GovernorFactory(username="another-governor", school=partnership.school)
    client.force_login(other_governor)
    assert url("comment-update", thread) not in client.get(detail).content.decode()
    assert client.post(url("comment-update", thread), {"body": "Mine now"}).status_code == 403
    assert client.post(url("comment-delete", thread)).status_code == 403

    services.comment_create(partnership=partnership, author=trust_staff, body="Yes.", parent=thread)
    client.force_login(governor)
    assert url("comment-update", thread) not in client.get(detail).content.decode()
    assert client.post(url("comment-delete", thread)).status_code == 403
    thread.refresh_from_db()
    assert thread.body == "Fortnightly?"


def test_author_deletes_a_comment_posted_on_the_wrong_clause(client, thread, governor):
    client.force_login(governor)
    page = words(client.get(url("comment-delete", thread)))
    assert "Delete your comment" in page and "“Meet monthly?”" in page
    response = client.post(url("comment-delete", thread), follow=True)
    assert "Comment deleted" in words(response)
    assert not Comment.objects.filter(pk=thread.pk).exists()


def test_comment_shows_on_an_earlier_version_once_its_clause_changed(client, partnership, thread, governor):
    Clause.objects.filter(pk=thread.clause_id).update(body="Reworded.")
    client.force_login(governor)
    page = words(client.get(reverse("partnerships:governor-partnership-detail", args=[partnership.pk])))
    assert "On an earlier version" in page
    assert "The clause has changed since this comment." in page


def test_comment_from_another_partnership_is_not_found(client, thread, trust_staff, school, trust):
    other = ready_for_review(
        school=school,
        trust=trust,
        status=S.DRAFT,
        start_date=thread.partnership.end_date.replace(year=2030),
        end_date=thread.partnership.end_date.replace(year=2031),
    )
    client.force_login(trust_staff)
    response = client.post(reverse("partnerships:comment-reply", args=[other.pk, thread.pk]), {"body": "x"})
    assert response.status_code == 404
    assert not thread.replies.exists()
