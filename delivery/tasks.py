"""Background work for delivery: rendering an impact report's PDF (see agreements.tasks for how the
task backend is chosen)."""

from django.tasks import task


@task()
def render_impact_report(report_id: int) -> dict:
    from .services.reports import impact_report_render

    return impact_report_render(report_id=report_id)
