"""Rendering a comparison of two agreement versions.

{% load comparison %}
{{ change.body_segments|diff }}   -> text with <ins> and <del>, each announced to screen readers
{% before_after change %}          -> "£1,500.00 → £1,800.00" with "changed to" for screen readers
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

_MARKUP = {
    "insert": (
        '<ins class="app-diff__insert"><span class="govuk-visually-hidden">[inserted: </span>{}'
        '<span class="govuk-visually-hidden">]</span></ins>'
    ),
    "delete": (
        '<del class="app-diff__delete"><span class="govuk-visually-hidden">[deleted: </span>{}'
        '<span class="govuk-visually-hidden">]</span></del>'
    ),
    "equal": "{}",
}


@register.filter
def diff(segments) -> SafeString:
    """Word-level differences: insertions in <ins>, deletions in <del>, both also said in words."""
    return format_html_join("", "{}", ((format_html(_MARKUP[segment.kind], segment.text),) for segment in segments))


@register.simple_tag
def before_after(change) -> SafeString:
    """One value's change, before → after; the arrow is read out as "changed to"."""
    return format_html(
        '<del class="app-diff__before">{}</del> <span aria-hidden="true">→</span>'
        '<span class="govuk-visually-hidden"> changed to</span> <ins class="app-diff__after">{}</ins>',
        change.before,
        change.after,
    )
