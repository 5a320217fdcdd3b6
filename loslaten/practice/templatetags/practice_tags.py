"""Template filters for the practice pages."""

from __future__ import annotations

from django import template
from django.forms.boundfield import BoundWidget
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def input_tag(option: BoundWidget) -> SafeString:
    """One option of a radio group as its `<input>`: what `{{ option.tag }}` gives, byte for
    byte, without rendering Django's widget templates once per option.

    The check-in form has 30 options; through the templates (radio_option, input_option,
    input and attrs, four includes each) they were a third of the page's server time.
    This follows django/forms/widgets/input.html and attrs.html: the same attributes
    (id, required, aria-invalid, aria-describedby, checked, ...) in the same order.
    """
    data = option.data
    e = conditional_escape
    parts = [f'<input type="{e(data["type"])}" name="{e(data["name"])}"']
    if data["value"] is not None:
        parts.append(f' value="{e(str(data["value"]))}"')
    for name, value in data["attrs"].items():
        if value is not False:
            parts.append(f" {e(name)}" if value is True else f' {e(name)}="{e(str(value))}"')
    parts.append(">")
    return mark_safe("".join(parts))
