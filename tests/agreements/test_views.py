"""The agreement pages: who may do what (a matrix built from the URLconf), and what people see."""

import datetime
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, reverse

from accounts.models import User
from agreements import services, urls
from agreements.models import AgreementVersion
from partnerships.services import partnership_extend
from tests.accounts.factories import GovernorFactory, OversightFactory, TrustStaffFactory
from tests.agreements.builders import approve_variation
from tests.stand_in_pdf import tiny_pdf

Status = AgreementVersion.Status


def route_names(patterns) -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names |= route_names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            names.add(pattern.name)
    return names


ROLES = ("trust_staff", "other_trust_staff", "governor", "other_governor", "oversight", "anonymous")
LOGIN = "login"
# route -> (method, expected status for each role in ROLES). 302 = done and redirected (or sent to sign in).
MATRIX = {
    "agreement-detail": ("get", (200, 404, 200, 404, 200, LOGIN)),
    "version-list": ("get", (200, 404, 200, 404, 200, LOGIN)),
    "version-detail": ("get", (200, 404, 200, 404, 200, LOGIN)),
    "version-download": ("get", (200, 404, 200, 404, 200, LOGIN)),
    "draft-generate": ("post", (302, 404, 403, 404, 403, LOGIN)),
    "agreement-issue": ("post", (302, 404, 403, 404, 403, LOGIN)),
    "agreement-verify": ("get", (200, 200, 200, 200, 200, 200)),
}
ARGS = {
    "agreement-verify": lambda version: [],
    "version-detail": lambda version: [version.partnership_id, version.number],
    "version-download": lambda version: [version.partnership_id, version.number],
}


def test_every_agreements_route_is_in_the_permission_matrix():
    assert route_names(urls.urlpatterns) == set(MATRIX)


@pytest.fixture
def people(trust_staff, governor, oversight):
    return {
        "trust_staff": trust_staff,
        "other_trust_staff": TrustStaffFactory(username="other-staff"),
        "governor": governor,
        "other_governor": GovernorFactory(username="other-governor"),
        "oversight": oversight,
        "anonymous": None,
    }


@pytest.mark.parametrize("route", sorted(MATRIX))
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_permission_matrix(client, agreed, people, quick_render, route, role_index):
    version = services.agreement_generate_draft(partnership=agreed, generated_by=people["trust_staff"])
    user = people[ROLES[role_index]]
    if user is not None:
        client.force_login(user)
    method, expected_by_role = MATRIX[route]
    expected = expected_by_role[role_index]
    url = reverse(f"agreements:{route}", args=ARGS.get(route, lambda version: [agreed.pk])(version))
    response = getattr(client, method)(url)
    if expected == LOGIN:
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected


# --- What people see ----------------------------------------------------------------------------


def test_trust_staff_generate_a_draft_and_see_it_listed(client, agreed, trust_staff, quick_render):
    client.force_login(trust_staff)
    response = client.post(reverse("agreements:draft-generate", args=[agreed.pk]), follow=True)
    page = response.content.decode()
    assert "Draft version 1 of the agreement has been generated." in page
    assert "Version 1" in page and "Download" in page
    assert AgreementVersion.objects.get().generated_by == trust_staff


def test_generate_is_post_only(client, agreed, trust_staff):
    client.force_login(trust_staff)
    assert client.get(reverse("agreements:draft-generate", args=[agreed.pk])).status_code == 405


def test_issue_asks_for_confirmation_then_issues(client, agreed, trust_staff, quick_render):
    client.force_login(trust_staff)
    url = reverse("agreements:agreement-issue", args=[agreed.pk])
    confirm = client.get(url).content.decode()
    assert ">Issue the agreement</button>" in confirm and "can never be changed or deleted" in confirm
    assert not AgreementVersion.objects.exists()
    page = client.post(url, follow=True).content.decode()
    assert "Version 1 of the agreement has been issued." in page
    assert AgreementVersion.objects.get().status == Status.ISSUED


def test_issue_page_explains_why_issuing_again_is_refused(client, agreed, trust_staff, quick_render):
    services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    client.force_login(trust_staff)
    url = reverse("agreements:agreement-issue", args=[agreed.pk])
    page = client.get(url).content.decode()
    assert "It cannot be issued twice" in page
    assert ">Issue the agreement</button>" not in page
    response = client.post(url)
    assert response.status_code == 200
    assert "It cannot be issued twice" in response.content.decode()
    assert AgreementVersion.objects.count() == 1


def versions_page(client, partnership) -> str:
    return client.get(reverse("agreements:version-list", args=[partnership.pk])).content.decode()


def test_versions_page_offers_issue_and_draft_side_by_side_before_issue(client, agreed, trust_staff):
    client.force_login(trust_staff)
    page = versions_page(client, agreed)
    group = page.split('<div class="govuk-button-group">', 1)[1].split("</div>", 1)[0]
    # Both buttons sit directly in the group (a form inside it pushed "Generate a draft" down).
    assert ">Issue the agreement</a>" in group and ">Generate a draft</button>" in group
    assert "<form" not in group


def test_once_issued_the_versions_page_offers_neither_issue_nor_draft(client, agreed, trust_staff, quick_render):
    services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    client.force_login(trust_staff)
    page = versions_page(client, agreed)
    assert "Version 1 was issued on" in page
    assert "It records the terms as they are now, so there is nothing new to issue." in page
    assert "Issue the agreement" not in page and "Generate a draft" not in page


def test_after_a_variation_is_approved_a_new_version_can_be_issued(client, agreed, trust_staff, governor, quick_render):
    from partnerships.services import partnership_extend

    services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    partnership_extend(
        partnership=agreed,
        new_end_date=agreed.latest_allowed_end_date,
        reason="Governors asked for longer.",
        extended_by=trust_staff,
    )
    client.force_login(trust_staff)
    assert ">Issue the agreement</a>" not in versions_page(client, agreed)  # not before the governors approve
    approve_variation(agreed, trust_staff=trust_staff, governor=governor)
    page = versions_page(client, agreed)
    assert ">Issue the agreement</a>" in page
    assert "nothing new to issue" not in page
    client.post(reverse("agreements:agreement-issue", args=[agreed.pk]))
    assert list(AgreementVersion.objects.values_list("number", "status")) == [
        (3, Status.ISSUED),
        (2, Status.SUPERSEDED),  # the draft the governors approved
        (1, Status.SUPERSEDED),
    ]


def test_governors_see_no_trust_actions_on_the_versions_page(client, agreed, trust_staff, governor, quick_render):
    services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    client.force_login(governor)
    page = versions_page(client, agreed)
    assert "It records the terms as they are now." in page
    assert "Issue the agreement" not in page and "Generate a draft" not in page


def test_governors_download_the_issued_pdf(client, agreed, trust_staff, governor, quick_render):
    version = services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    client.force_login(governor)
    response = client.get(reverse("agreements:version-download", args=[agreed.pk, 1]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{agreed.reference}-agreement-v1.pdf"'
    assert services.sha256_of(response.content) == version.sha256


def test_a_tampered_pdf_is_refused_with_a_clear_page_and_a_log_line(client, agreed, trust_staff, quick_render, caplog):
    version = services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    with version.pdf.storage.open(version.pdf.name, "wb") as stored:
        stored.write(tiny_pdf("Altered"))
    client.force_login(trust_staff)
    with caplog.at_level(logging.ERROR):
        response = client.get(reverse("agreements:version-download", args=[agreed.pk, 1]))
    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "The PDF failed its integrity check" in page
    assert "does not match the fingerprint recorded when it was made" in page
    assert "failed its integrity check" in caplog.text


def test_a_pdf_still_being_prepared_says_so(client, agreed, trust_staff):
    version = AgreementVersion.objects.create(
        partnership=agreed,
        number=1,
        snapshot={"reference": agreed.reference},
        terms_sha256="x" * 64,
        generated_at=agreed.created_at,
    )
    client.force_login(trust_staff)
    response = client.get(reverse("agreements:version-download", args=[agreed.pk, version.number]))
    assert response.status_code == 404
    assert "It is being prepared" in response.content.decode()


def test_web_view_shows_the_same_numbered_clauses_as_the_snapshot(client, agreed, trust_staff, governor, quick_render):
    version = services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    client.force_login(governor)
    page = client.get(reverse("agreements:agreement-detail", args=[agreed.pk])).content.decode()
    for section in version.snapshot["terms"]["sections"]:
        for clause in section["clauses"]:
            assert f"{clause['number']} {clause['heading']}" in page
    assert "Approved by" in page and "Daniel Okafor" in page
    assert "Issued on" in page and "Priya Shah" in page


def test_web_view_before_issue_is_a_preview_of_the_stored_terms(client, draft, trust_staff):
    client.force_login(trust_staff)
    page = client.get(reverse("agreements:agreement-detail", args=[draft.pk])).content.decode()
    assert "This is a preview of the terms as they are stored now" in page
    assert draft.clauses.first().heading in page
    assert not AgreementVersion.objects.exists()


def test_stored_text_is_escaped_on_the_web_view(client, draft, trust_staff):
    draft.clauses.update(body='<script>alert("x")</script>')
    client.force_login(trust_staff)
    page = client.get(reverse("agreements:agreement-detail", args=[draft.pk])).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


# --- Checking a PDF (public) --------------------------------------------------------------------


def upload(content: bytes, name: str = "agreement.pdf") -> dict:
    return {"pdf": SimpleUploadedFile(name, content, content_type="application/pdf")}


def test_anyone_can_check_a_genuine_issued_pdf(client, agreed, trust_staff, quick_render):
    version = services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    response = client.post(reverse("agreements:agreement-verify"), upload(version.pdf.read()))
    page = response.content.decode()
    assert response.status_code == 200
    assert "This is a genuine issued agreement" in page
    assert f"{agreed.reference}, version 1" in page
    assert "Northern Lights Academy Trust" in page and "URN 107654" in page
    assert "In force" in page
    assert "Valid</strong> Sealed by" in page and "unchanged since" in page


def test_a_sealed_pdf_with_one_byte_changed_shows_a_broken_seal(client, agreed, trust_staff, quick_render):
    content = services.agreement_issue(partnership=agreed, issued_by=trust_staff).pdf.read()
    middle = len(content) // 3
    changed = content[:middle] + bytes([content[middle] ^ 0x01]) + content[middle + 1 :]
    page = client.post(reverse("agreements:agreement-verify"), upload(changed)).content.decode()
    assert "We could not match this file to an issued agreement" in page
    assert "Broken</strong> The file has been changed since it was sealed." in page


def test_a_changed_or_draft_pdf_is_not_recognised(client, agreed, trust_staff, quick_render):
    draft = services.agreement_generate_draft(partnership=agreed, generated_by=trust_staff)
    for content in (draft.pdf.read(), tiny_pdf("Something else")):
        page = client.post(reverse("agreements:agreement-verify"), upload(content)).content.decode()
        assert "We could not match this file to an issued agreement" in page
        assert "genuine issued agreement" not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select the agreement PDF to check."),
        (upload(b"GIF89a not a pdf", "picture.pdf"), "The selected file must be a PDF."),
        (upload(b"", "empty.pdf"), "The selected file is empty."),
    ],
)
def test_checking_a_bad_upload_says_what_is_wrong(client, db, data, message):
    response = client.post(reverse("agreements:agreement-verify"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "There is a problem" in page


@pytest.mark.parametrize(
    ("role", "page"),
    [
        (User.Role.TRUST_ADMIN, "partnerships:partnership-detail"),
        (User.Role.TRUST_STAFF, "partnerships:partnership-detail"),
        (User.Role.CHAIR, "partnerships:governor-partnership-detail"),
        (User.Role.CLERK, "partnerships:governor-partnership-detail"),
        (User.Role.OVERSIGHT_LEAD, "oversight:partnership-detail"),
    ],
)
def test_the_versions_page_links_back_to_the_partnership_page_of_each_role(client, agreed, role, page):
    if role in User.TRUST_ROLES:
        user = TrustStaffFactory(role=role, trust=agreed.trust)
    elif role in User.SCHOOL_ROLES:
        user = GovernorFactory(role=role, school=agreed.school)
    else:
        user = OversightFactory(role=role)
    client.force_login(user)
    response = client.get(reverse("agreements:version-list", args=[agreed.pk]))
    assert response.status_code == 200
    assert f'href="{reverse(page, args=[agreed.pk])}"' in response.content.decode()


def test_sealing_works_inside_a_running_event_loop(agreed, trust_staff, quick_render):
    """pyHanko's blocking API calls asyncio.run(); the seal must still work where a loop runs (a
    browser test's thread, an async caller)."""
    import asyncio
    import concurrent.futures

    from agreements.seal import SealCheck, check_seal, seal_pdf
    from tests.stand_in_pdf import tiny_pdf

    async def seal_and_check():
        sealed = seal_pdf(tiny_pdf("In a loop"), reason="Test")
        return check_seal(sealed)

    # A loop of its own in a thread of its own: after a browser test this worker's main thread
    # already runs Playwright's loop, where asyncio.run() itself refuses to start.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, seal_and_check()).result().state == SealCheck.VALID


def test_the_task_list_offers_issuing_again_as_soon_as_a_variation_is_approved(
    client, agreed, trust_staff, governor, quick_render
):
    """Whether the terms differ from the issued version's is cached; any recorded change recomputes it."""
    client.force_login(trust_staff)
    detail = reverse("partnerships:partnership-detail", args=[agreed.pk])
    button = f'href="{reverse("agreements:agreement-issue", args=[agreed.pk])}" role="button"'
    assert button in client.get(detail).content.decode()
    services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    assert button not in client.get(detail).content.decode()
    assert button not in client.get(detail).content.decode()
    partnership_extend(
        partnership=agreed,
        new_end_date=agreed.end_date + datetime.timedelta(days=30),
        reason="The school asked for one more half-term of support.",
        extended_by=trust_staff,
    )
    assert button not in client.get(detail).content.decode()  # proposed, not yet approved
    approve_variation(agreed, trust_staff=trust_staff, governor=governor)
    assert button in client.get(detail).content.decode()
