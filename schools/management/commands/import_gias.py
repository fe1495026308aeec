"""python manage.py import_gias --groups allgroupsdata20261101.csv --establishments edubasealldata20261101.csv
[--group-links FILE] [--links links_edubasealldata20261101.csv] [--ofsted FILE] [--partial] [--force]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schools.gias import GiasFormatError, import_gias

FILES = {  # option: what it is
    "groups": "allgroupsdataYYYYMMDD.csv: trusts",
    "establishments": "edubasealldataYYYYMMDD.csv (or a custom extract): schools",
    "group_links": "the group links download: when each school joined its trust",
    "links": "links_edubasealldataYYYYMMDD.csv: predecessor and successor schools",
    "ofsted": "Ofsted's monthly management information for state-funded schools (CSV)",
}


class Command(BaseCommand):
    help = (
        "Import any combination of the GIAS downloads (and Ofsted's management information) in one run, in "
        "the right order, all or nothing. Re-running with the same files changes nothing; a newer file updates "
        "what changed; an older file than the last one imported is refused unless --force."
    )

    def add_arguments(self, parser):
        for name, text in FILES.items():
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, metavar="FILE", help=text)
        parser.add_argument(
            "--partial",
            action="store_true",
            help="The establishments file is an extract, not the full download: do not close schools it leaves out.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Import a file even if it is older than the last one imported."
        )

    def handle(self, *args, partial=False, force=False, **options):
        # call_command("import_gias", establishments="file.csv") passes strings or Paths: argparse types do not apply.
        paths = {name: Path(options[name]) for name in FILES if options.get(name) is not None}
        if not paths:
            raise CommandError("Give at least one file: --establishments FILE, --groups FILE or both (or the others).")
        for path in paths.values():
            if not path.is_file():
                raise CommandError(f"There is no file at {path}.")
        # The raw stream, so the progress bar can redraw one line with "\r" on a terminal.
        stream = getattr(self.stdout, "_out", self.stdout)
        try:
            import_gias(**paths, stdout=stream, close_missing=not partial, force=force)
        except GiasFormatError as error:
            raise CommandError(str(error)) from error
