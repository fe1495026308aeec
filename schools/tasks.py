"""Background work for schools, run through Django Tasks (see agreements/tasks.py for the backends).

A national GIAS file takes seconds to check and to import, so neither runs in a web request: the
upload page queues them and shows their progress.
"""

from django.tasks import task


@task()
def preview_gias_import(gias_import_id: int) -> str:
    """The dry run of an upload: what it would change."""
    from .services import gias_import_preview

    return gias_import_preview(gias_import_id=gias_import_id).status


@task()
def run_gias_import(gias_import_id: int) -> str:
    """The confirmed import."""
    from .services import gias_import_run

    return gias_import_run(gias_import_id=gias_import_id).status
