"""Form widgets for long lists of choices.

Django renders every <option> of a Select through its own template. With the 2,500 trusts of
England in one list that took about half a second of CPU per page (bench/run_all.py).
FastSelect writes the same markup in plain Python: the same attributes, escaping and `selected`
marking (the first matching option only, as Django's Select does), minus the blank lines.
"""

import html

from django import forms
from django.utils.safestring import mark_safe


def _escape(value) -> str:
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value), quote=True)


def _attributes(attrs: dict) -> str:
    """Like django/forms/widgets/attrs.html: True is a bare attribute, False (or None) is left out."""
    return "".join(
        f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


class FastSelect(forms.Select):
    """A single-choice Select that renders its options without a template per option."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        option = _OptionWriter(wanted=set(widget["value"]))
        parts = [f'<select name="{_escape(name)}"{_attributes(widget["attrs"])}>']
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                parts.append(f'\n  <optgroup label="{_escape(option_value)}">')
                parts.extend(option(sub_value, sub_label) for sub_value, sub_label in label)
                parts.append("\n  </optgroup>")
            else:
                parts.append(option(option_value, label))
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class _OptionWriter:
    """Writes <option> elements, marking only the first one whose value was chosen."""

    def __init__(self, *, wanted: set[str]):
        self.wanted, self.done = wanted, False

    def __call__(self, option_value, label) -> str:
        option_value = "" if option_value is None else str(option_value)
        selected = not self.done and option_value in self.wanted
        self.done = self.done or selected
        return f'\n  <option value="{_escape(option_value)}"{" selected" if selected else ""}>{_escape(label)}</option>'
