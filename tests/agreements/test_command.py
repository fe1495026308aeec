"""`python manage.py generate_agreement`: the same services from the command line."""

import io

import pytest
from django.core.management import CommandError, call_command

from agreements import services
from agreements.models import AgreementVersion


def run(*args) -> str:
    out = io.StringIO()
    call_command("generate_agreement", *args, stdout=out)
    return out.getvalue()


def test_generates_a_draft_by_reference_and_writes_the_pdf(agreed, tmp_path, quick_render):
    output = tmp_path / "draft.pdf"
    printed = run(agreed.reference, "--output", str(output))
    version = AgreementVersion.objects.get()
    assert version.status == AgreementVersion.Status.DRAFT and version.generated_by is None
    assert printed.startswith(f"Generated draft version 1 of {agreed.reference}: 1 pages, SHA-256 {version.sha256}")
    assert services.sha256_of(output.read_bytes()) == version.sha256


def test_issues_by_id_as_a_named_user(agreed, trust_staff, tmp_path, quick_render):
    output = tmp_path / "issued.pdf"
    printed = run(str(agreed.pk), "--issue", "--as", trust_staff.username, "--output", str(output))
    version = AgreementVersion.objects.get()
    assert version.issued_by == trust_staff
    assert f"Issued version 1 of {agreed.reference}" in printed
    assert services.agreement_verify(output.read_bytes()) == version


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["TP99-99999"], "There is no partnership with the id or reference 'TP99-99999'."),
        (["{reference}", "--issue"], "Say who is issuing the agreement with --as USERNAME"),
        (["{reference}", "--as", "nobody"], "There is no user called 'nobody'."),
    ],
)
def test_bad_arguments_are_explained(agreed, quick_render, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(*[arg.format(reference=agreed.reference) for arg in args])
    assert not AgreementVersion.objects.exists()


def test_issuing_twice_from_the_command_line_is_refused(agreed, trust_staff, quick_render):
    run(agreed.reference, "--issue", "--as", trust_staff.username)
    with pytest.raises(CommandError, match="It cannot be issued twice"):
        run(agreed.reference, "--issue", "--as", trust_staff.username)
    assert AgreementVersion.objects.count() == 1
