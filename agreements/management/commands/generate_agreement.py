"""python manage.py generate_agreement <partnership id or reference> [--issue] [--as USERNAME] [--output FILE]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from agreements import selectors, services

NO_PARTNERSHIP = "There is no partnership with the id or reference {identifier!r}."
NO_USER = "There is no user called {username!r}."
ISSUER_REQUIRED = "Say who is issuing the agreement with --as USERNAME: their name is printed on it."
NOT_READY = (
    "Version {number} is queued for rendering; run `python manage.py db_worker`, then download it from the site."
)


class Command(BaseCommand):
    help = "Generate a draft of a partnership's agreement, or issue it, through the same services as the site."

    def add_arguments(self, parser):
        parser.add_argument("partnership", help="The partnership's id or reference, for example TP26-00001.")
        parser.add_argument("--issue", action="store_true", help="Issue the final agreement instead of a draft.")
        parser.add_argument(
            "--as", dest="username", help="The user the version is attributed to (required with --issue)."
        )
        parser.add_argument("--output", type=Path, help="Also write the PDF to this file.")

    def handle(self, *args, partnership, issue, username, output, **options):
        found = selectors.resolve_partnership(partnership)
        if found is None:
            raise CommandError(NO_PARTNERSHIP.format(identifier=partnership))
        user = self._user(username)
        if issue and user is None:
            raise CommandError(ISSUER_REQUIRED)
        try:
            if issue:
                version = services.agreement_issue(partnership=found, issued_by=user)
            else:
                version = services.agreement_generate_draft(partnership=found, generated_by=user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        version.refresh_from_db()
        self.stdout.write(self._summary(version))
        if output:
            self._write(version, output)

    def _user(self, username):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(NO_USER.format(username=username))
        return user

    def _summary(self, version) -> str:
        what = "Issued" if version.was_issued else "Generated draft"
        if not version.is_rendered:
            return f"{what} version {version.number} of {version.reference}; " + (
                f"rendering failed: {version.render_error}"
                if version.render_error
                else "its PDF is queued for the worker."
            )
        return (
            f"{what} version {version.number} of {version.reference}: {version.page_count} pages, "
            f"SHA-256 {version.sha256}"
        )

    def _write(self, version, output: Path) -> None:
        try:
            content = services.agreement_pdf_for_download(version)
        except services.AgreementPdfUnavailable as error:
            queued = not version.is_rendered and not version.render_error
            raise CommandError(NOT_READY.format(number=version.number) if queued else error.messages[0]) from error
        output.write_bytes(content)
        self.stdout.write(f"Wrote {output} ({len(content):,} bytes).")
