"""GOV.UK Design System helpers for templates: tags, money, dates and the service navigation.

{% load govuk %}
{% status_tag partnership %}          -> <strong class="govuk-tag govuk-tag--green">Active</strong>
{{ line.amount|gbp }}                 -> £1,500.00
{{ partnership.start_date|govuk_date }} -> 1 September 2026
"""

from decimal import Decimal, InvalidOperation

from django import template
from django.urls import reverse
from django.utils.html import format_html

from partnerships.dates import format_date, format_time
from partnerships.selectors import TaskStatus

register = template.Library()


@register.simple_tag
def status_tag(obj, label=None):
    """A GOV.UK tag for anything with `tag_class` and `get_status_display` (partnerships, activities)."""
    text = label or obj.get_status_display()
    return format_html('<strong class="govuk-tag {}">{}</strong>', obj.tag_class, text)


@register.simple_tag
def task_status(status: TaskStatus):
    """Task list status as the design system shows it: "Completed" and "Cannot start yet" are plain
    text (the list item greys the latter), the others are tags."""
    if not status.tag_class:
        return str(status)
    return format_html('<strong class="govuk-tag {}">{}</strong>', status.tag_class, status)


@register.filter
def gbp(value) -> str:
    """Pounds with thousands separators and pence: £1,500.00 (negative amounts as -£5.00)."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(value).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


@register.filter
def govuk_date(value) -> str:
    """GOV.UK date style: 1 September 2026 (no leading zero, full month)."""
    if not value:
        return ""
    return format_date(value)


@register.filter
def govuk_datetime(value) -> str:
    """GOV.UK date and time: 1 September 2026 at 2:05pm."""
    if not value:
        return ""
    return f"{format_date(value)} at {format_time(value)}"


def navigation_items(user) -> list[tuple[str, str]]:
    """(label, url) pairs for the service navigation, by role."""
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_oversight:
        wanted = [
            ("Dashboard", "oversight:dashboard"),
            ("All partnerships", "oversight:partnership-list"),
            ("Recommendations", "offers:recommendation-list"),
            ("Feedback", "support:feedback-list"),
        ]
    elif user.is_system_leader:
        wanted = [("Recommendations", "offers:recommendation-list")]
    elif user.is_trust_staff:
        wanted = [
            ("Partnerships", "partnerships:home"),
            ("Start a partnership", "partnerships:partnership-start"),
            ("Clause library", "partnerships:library-clause-list"),
            ("Your offer", "offers:trust-offer"),
            ("Enquiries", "offers:enquiry-list"),
        ]
    else:
        wanted = [("Partnerships", "partnerships:home")]
    if user.role in (*user.TRUST_ROLES, *user.SCHOOL_ROLES, *user.OVERSIGHT_ROLES):
        wanted.append(("Your team", "accounts:team"))
    return [(label, reverse(name)) for label, name in wanted]


@register.inclusion_tag("components/service_navigation.html", takes_context=True)
def service_navigation(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    path = getattr(request, "path", "")
    pairs = navigation_items(user)
    current = current_navigation_url([url for _, url in pairs], path)
    items = [{"label": label, "url": url, "active": url == current} for label, url in pairs]
    return {"items": items, "user": user, "request": request}


def current_navigation_url(urls: list[str], path: str) -> str | None:
    """The one menu item a page belongs to: the longest of `urls` that starts `path`, so
    /oversight/partnerships/ is "All partnerships", not also the dashboard at /oversight/.
    The site root "/" counts only on the home page itself."""
    matching = [url for url in urls if (path == url if url == "/" else path.startswith(url))]
    return max(matching, key=len, default=None)


@register.filter
def elided_pages(page_obj):
    """Page numbers to link, with the paginator's ELLIPSIS where pages are skipped."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)


@register.filter
def paragraphs(text) -> list[str]:
    """Split text on blank lines (or take a list as it is) so each part gets `govuk-body`."""
    if isinstance(text, (list, tuple)):
        return list(text)
    return [part.strip() for part in str(text or "").split("\n\n") if part.strip()]


@register.filter
def compact(values) -> list:
    """Leave out blank items: `{% for line in lines|compact %}`."""
    return [value for value in values or () if value not in (None, "")]


@register.filter
def date_range(start, end) -> str:
    """`{{ start|date_range:end }}` -> "1 September 2026 to 31 August 2027"."""
    return f"{govuk_date(start)} to {govuk_date(end)}"
