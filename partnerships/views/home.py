"""The signed-in landing page for every role."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from partnerships import permissions, selectors
from partnerships.models import Partnership

PAGE_SIZE = 50


@login_required
def home(request):
    """Trust staff: their trust's partnerships and what to do next. Governors: their school's.
    Oversight: the way to the dashboard. A fixed number of queries however many partnerships."""
    user = request.user
    if permissions.can_use_oversight(user):
        return redirect("oversight:dashboard")  # oversight's home is the dashboard
    partnerships = selectors.with_progress(
        Partnership.objects.visible_to(user).select_related("school", "trust").order_by("-start_date", "reference")
    )
    page = Paginator(partnerships, PAGE_SIZE).get_page(request.GET.get("page"))
    for partnership in page:
        partnership.next_step = selectors.next_step(partnership)
    context = {
        "page_obj": page,
        "partnerships": page.object_list,
        "can_start": permissions.can_start_partnership(user),
    }
    return render(request, "partnerships/home.html", context)
