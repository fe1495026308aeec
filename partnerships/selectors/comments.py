"""Comment threads on a partnership."""

from django.db.models import Prefetch

from partnerships.models import Comment, Partnership


def comment_threads(partnership: Partnership):
    """The first comment of each thread, with its clause, who resolved it, and its replies."""
    return (
        partnership.comments.filter(parent__isnull=True)
        .select_related("clause", "resolved_by")
        .prefetch_related(
            Prefetch("replies", queryset=Comment.objects.select_related("clause").order_by("created_at", "id"))
        )
    )
