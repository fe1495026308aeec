"""Import schools and academy trusts from the public GIAS downloads (Get Information about Schools).

    from schools.gias import import_gias, SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS
    summary = import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS, stdout=sys.stdout)

Modules: reader (encoding, header matching, streaming), parsing (record -> field values),
run (the service: any combination of files, in order, with the lock and file dates), importer
(trusts and schools), establishments, groups, links and ofsted (which column fills which field),
summary, progress, admin_views (the data managers' upload page), tasks (the background import),
headers and samples/make_samples.py (the published header rows and the shipped sample files).

The names below are loaded lazily, so the sample script and the benchmark can import
schools.gias.headers before Django is set up.
"""

from importlib import import_module
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent / "samples"
SAMPLE_ESTABLISHMENTS = SAMPLES / "edubasealldata20261101.csv"
SAMPLE_GROUPS = SAMPLES / "allgroupsdata20261101.csv"
NEWER_SAMPLE_ESTABLISHMENTS = SAMPLES / "edubasealldata20261201.csv"
NEWER_SAMPLE_GROUPS = SAMPLES / "allgroupsdata20261201.csv"
SAMPLE_GROUP_LINKS = SAMPLES / "grouplinks20261101.csv"
SAMPLE_LINKS = SAMPLES / "links_edubasealldata20261101.csv"

_LAZY = {
    "import_gias": "schools.gias.run",
    "system_user": "schools.gias.run",
    "SYSTEM_USERNAME": "schools.gias.run",
    "ImportBusy": "schools.gias.run",
    "GiasFormatError": "schools.gias.reader",
    "FileSummary": "schools.gias.summary",
    "ImportSummary": "schools.gias.summary",
    "SkippedRow": "schools.gias.summary",
}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def import_gias_sample(*, stdout=None, close_missing: bool = False):
    """Import the shipped sample (a few dozen made-up schools and trusts), e.g. for seed_demo.

    Unlike a real download, the sample is not the whole country: by default schools it does not
    list (a demo's own schools, say) are left open."""
    from schools.gias.run import import_gias

    # force: the sample is dated November 2026 and may be older than a real file imported since.
    return import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS, stdout=stdout, close_missing=close_missing, force=True)


__all__ = [
    "NEWER_SAMPLE_ESTABLISHMENTS",
    "NEWER_SAMPLE_GROUPS",
    "SAMPLE_ESTABLISHMENTS",
    "SAMPLE_GROUPS",
    "SAMPLE_GROUP_LINKS",
    "SAMPLE_LINKS",
    "SYSTEM_USERNAME",
    "FileSummary",
    "GiasFormatError",
    "ImportSummary",
    "SkippedRow",
    "import_gias",
    "import_gias_sample",
    "system_user",
]
