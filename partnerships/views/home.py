from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from partnerships.models import Partnership


@login_required
def home(request):
    """The landing page: the partnerships the signed-in person can see."""
    partnerships = Partnership.objects.visible_to(request.user).select_related("school", "trust")
    return render(request, "partnerships/home.html", {"partnerships": partnerships})
