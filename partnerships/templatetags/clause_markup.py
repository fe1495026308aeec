"""{% load clause_markup %} {{ clause.body|clause_markup }} (PDF) or {{ clause.body|clause_markup:"govuk" }} (web).

See partnerships.markup: paragraphs, bulleted and numbered lists and bold, from escaped text only.
"""

from django import template

from partnerships.markup import render_markup

register = template.Library()


@register.filter
def clause_markup(text: str, style: str = "") -> str:
    return render_markup(text, govuk=style == "govuk")
