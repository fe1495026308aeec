"""python manage.py import_gias --establishments edubasealldata20261101.csv --groups allgroupsdata20261101.csv"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schools.gias import GiasFormatError, import_gias


class Command(BaseCommand):
    help = (
        "Import trusts (allgroupsdataYYYYMMDD.csv) and schools (edubasealldataYYYYMMDD.csv) from the "
        "GIAS downloads. Re-running with the same files changes nothing; a newer file updates what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--establishments", type=Path, metavar="FILE", help="edubasealldataYYYYMMDD.csv")
        parser.add_argument("--groups", type=Path, metavar="FILE", help="allgroupsdataYYYYMMDD.csv")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="The establishments file is an extract, not the full download: do not close schools it leaves out.",
        )

    def handle(self, *args, establishments=None, groups=None, partial=False, **options):
        if establishments is None and groups is None:
            raise CommandError("Give --establishments FILE, --groups FILE or both.")
        # call_command("import_gias", establishments="file.csv") passes strings: argparse types do not apply.
        establishments, groups = (Path(path) if path is not None else None for path in (establishments, groups))
        for path in (establishments, groups):
            if path is not None and not path.is_file():
                raise CommandError(f"There is no file at {path}.")
        # The raw stream, so the progress bar can redraw one line with "\r" on a terminal.
        stream = getattr(self.stdout, "_out", self.stdout)
        try:
            import_gias(establishments, groups, stdout=stream, close_missing=not partial)
        except GiasFormatError as error:
            raise CommandError(str(error)) from error
