"""Background work for agreements, run through Django Tasks.

By default (settings TASKS → ImmediateBackend) the task runs in-process as soon as it is enqueued,
so the embedded setup needs no worker. In production set TASKS_BACKEND to
`django_tasks_db.DatabaseBackend` and run `python manage.py db_worker`: a slow render then never
holds up a request, and the queued task is committed in the same transaction as its version.
"""

from django.tasks import task


@task()
def render_agreement_version(version_id: int) -> dict:
    """Render a version's PDF from its snapshot and attach it, with its SHA-256, once."""
    from .services import agreement_render

    return agreement_render(version_id=version_id)
