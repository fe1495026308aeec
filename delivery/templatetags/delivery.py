"""{% load delivery %}{% delivery_links partnership %}: the partnership's delivery and impact pages,
once it is agreed (reviews, the impact report and the end-of-partnership review)."""

from django import template
from django.urls import reverse

from delivery.permissions import AFTER_AGREEMENT

register = template.Library()


@register.inclusion_tag("delivery/_links.html")
def delivery_links(partnership):
    if partnership.status not in AFTER_AGREEMENT:
        return {"links": []}
    return {
        "links": [
            ("Reviews and progress against objectives", reverse("delivery:review-list", args=[partnership.pk])),
            ("Impact report", reverse("delivery:impact-report", args=[partnership.pk])),
        ]
    }
