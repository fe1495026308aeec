"""Template reads about schools: `{% conversion_of partnership as conversion %}`."""

from django import template

from schools.conversions import conversion_into

register = template.Library()


@register.simple_tag
def conversion_of(partnership):
    """The partnership's school's conversion into the partnership's trust, if GIAS records one."""
    return conversion_into(partnership.school, partnership.trust)
