"""The admin's permission matrix: every admin URL × role × GET and POST.

The URLs come from the admin site itself (every registered model's list, add, change, delete,
history and simple-history revert pages, and the site's own pages), so a model registered later
is covered without a line here. The rules:

* anonymous people, trust staff and governors never reach the admin (sign-in page);
* oversight reads and changes no row anywhere, by any page or POST;
* a superuser changes no row of a model whose writes belong to the services (partnerships and
  their terms, decisions, variations, signatures, agreement versions): those pages are read-only,
  the revert form refuses, and transitions are actions through the services;
* nothing answers with a server error.
"""

import hashlib

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.forms.models import model_to_dict
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from agreements.models import AgreementVersion
from config.admin_mixins import ServiceAdmin
from tests.access_world import run_and_compare, shared_world
from tests.accounts.factories import UserFactory

ROLES = ("anonymous", "staff_a", "governor_a", "oversight", "superuser")


def service_owned(model) -> bool:
    model_admin = admin.site._registry.get(model)
    return model is AgreementVersion or bool(getattr(model_admin, "services_own_writes", False))


def everything() -> str:
    """A fingerprint of every row of every table: any change to any field changes it."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if model._meta.label in ("sessions.Session", "axes.AccessLog", "axes.AccessAttempt"):
            continue  # signing in writes these; they are not data
        rows = model._base_manager.order_by("pk").values_list()
        digest.update(f"{model._meta.label}:{list(rows)!r}".encode())
    return digest.hexdigest()


def rows_of(model) -> str:
    return repr(list(model._base_manager.order_by("pk").values_list()))


def admin_pages() -> list[tuple[str, object]]:
    """(page name, model or None) for every page the admin site serves."""
    pages = [("index", None), ("password_change", None), ("jsi18n", None)]
    for model, model_admin in admin.site._registry.items():
        pages += [
            (f"{kind}:{model._meta.label}", model) for kind in ("changelist", "add", "change", "delete", "history")
        ]
        if isinstance(model_admin, SimpleHistoryAdmin):
            pages.append((f"revert:{model._meta.label}", model))
    return pages


PAGES = admin_pages()


def url_and_data(kind: str, model):
    """The page's URL and the POST a person allowed to change things would send."""
    if model is None:
        return reverse(f"admin:{kind}"), {}
    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}"
    instance = model._base_manager.order_by("pk").first()
    if kind == "changelist":
        data = {"action": "delete_selected", "_selected_action": [instance.pk] if instance else [], "post": "yes"}
        return reverse(f"{name}_changelist"), data
    if kind == "add":
        return reverse(f"{name}_add"), {}
    if instance is None:
        return None, None
    form_data = {key: ("" if value is None else value) for key, value in model_to_dict(instance).items()}
    form_data = {key: value for key, value in form_data.items() if not hasattr(value, "read")}
    if kind == "change":
        return reverse(f"{name}_change", args=[instance.pk]), form_data
    if kind == "delete":
        return reverse(f"{name}_delete", args=[instance.pk]), {"post": "yes"}
    if kind == "history":
        return reverse(f"{name}_history", args=[instance.pk]), {}
    history = instance.history.order_by("history_id").first()
    if history is None:
        return None, None
    return reverse(f"{name}_simple_history", args=[instance.pk, history.history_id]), form_data


@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker):
    with shared_world(django_db_blocker) as world:
        with django_db_blocker.unblock():
            world.users["superuser"] = UserFactory(username="root", is_staff=True, is_superuser=True)
            world.sign_in("superuser")
        yield world


@pytest.fixture
def world(shared, db):
    return shared


def request(world, role: str, method: str, url: str, data: dict):
    """The response, and whether any row changed (every field of every table compared)."""
    with transaction.atomic():
        client = world.client(role)
        response, changed = run_and_compare(
            lambda: client.get(url) if method == "GET" else client.post(url, data), state=everything
        )
        transaction.set_rollback(True)
    return response, changed


@pytest.mark.parametrize("page", [name for name, _ in PAGES])
def test_admin_page_access(world, page):
    model = dict(PAGES)[page]
    kind = page.split(":")[0]
    url, data = url_and_data(kind, model)
    if url is None:
        pytest.skip(f"no {model._meta.label} row to open")
    problems = []
    for role in ROLES:
        for method in ("GET", "POST"):
            response, changed = request(world, role, method, url, data)
            location = response.get("Location", "")
            if response.status_code >= 500:
                problems.append(f"{role} {method}: {response.status_code}")
            kept_out = response.status_code == 302 and "/admin/login/" in location
            if role in ("anonymous", "staff_a", "governor_a") and not kept_out:
                problems.append(f"{role} {method}: expected the admin sign-in, got {response.status_code}")
            may_change = role == "superuser" and model is not None and not service_owned(model)
            if changed and not may_change:
                problems.append(f"{role} {method}: changed rows")
    assert not problems, f"{page} ({url}):\n" + "\n".join(problems)


@pytest.mark.parametrize("model", [model for model, ma in admin.site._registry.items() if isinstance(ma, ServiceAdmin)])
def test_oversight_can_read_every_service_admin_list(world, model):
    client = world.client("oversight")
    opts = model._meta
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200


def test_the_revert_form_refuses_oversight_and_the_amount_stays(world):
    cost_line = world.by_state["agreed"].cost_line
    history = cost_line.history.order_by("history_id").first()
    url = reverse("admin:partnerships_costline_simple_history", args=[cost_line.pk, history.history_id])
    data = {key: "" if value is None else value for key, value in model_to_dict(cost_line).items()}
    data["amount"] = "99999.00"
    client = world.client("oversight")
    before = rows_of(type(cost_line))
    assert client.post(url, data).status_code == 403
    assert rows_of(type(cost_line)) == before


def test_a_superuser_cannot_edit_an_issued_partnerships_purpose(world):
    partnership = world.partnership("agreed")
    client = world.client("superuser")
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    page = client.get(url).content.decode()
    assert 'name="_save"' not in page  # read-only
    data = {key: "" if value is None else value for key, value in model_to_dict(partnership).items()}
    data["purpose"] = "Hijacked"
    assert client.post(url, data).status_code == 403
    partnership.refresh_from_db()
    assert partnership.purpose != "Hijacked"


def test_admin_actions_ask_for_confirmation_before_they_change_anything(world):
    partnership = world.partnership("agreed_unissued")
    client = world.client("superuser")
    changelist = reverse("admin:partnerships_partnership_changelist")
    action = {"action": "generate_draft_agreement", "_selected_action": [partnership.pk]}
    with transaction.atomic():
        before = everything()
        page = client.post(changelist, action)
        assert page.status_code == 200 and "are you sure?" in page.content.decode()
        assert everything() == before
        done = client.post(changelist, {**action, "confirmed": "yes"}, follow=True)
        assert "Draft agreement generated" in done.content.decode()
        transaction.set_rollback(True)


def test_oversight_is_offered_no_admin_actions(world):
    client = world.client("oversight")
    page = client.get(reverse("admin:partnerships_partnership_changelist")).content.decode()
    assert "Issue agreement" not in page and "Activate" not in page
