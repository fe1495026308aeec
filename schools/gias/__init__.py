"""Import schools and academy trusts from the public GIAS downloads (Get Information about Schools).

    from schools.gias import import_gias, SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS
    summary = import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS, stdout=sys.stdout)

Modules: reader (encoding, header matching, streaming), parsing (record -> field values),
importer (the service), summary, progress, admin_views (the oversight upload page), headers and
samples/make_samples.py (the published header rows and the shipped sample files).

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

_LAZY = {
    "import_gias": "schools.gias.importer",
    "system_user": "schools.gias.importer",
    "SYSTEM_USERNAME": "schools.gias.importer",
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
    from schools.gias.importer import import_gias

    return import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS, stdout=stdout, close_missing=close_missing)


__all__ = [
    "NEWER_SAMPLE_ESTABLISHMENTS",
    "NEWER_SAMPLE_GROUPS",
    "SAMPLE_ESTABLISHMENTS",
    "SAMPLE_GROUPS",
    "SYSTEM_USERNAME",
    "FileSummary",
    "GiasFormatError",
    "ImportSummary",
    "SkippedRow",
    "import_gias",
    "import_gias_sample",
    "system_user",
]
