"""Template filters for the practice pages."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.forms.boundfield import BoundWidget
from django.template import Context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

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


# Rendered fields of blank forms, by (template, form class, language, visitor or not).
_blank_fields: dict[tuple[str, type, str, bool], SafeString] = {}


@receiver(setting_changed)
def _forget_blank_fields(**kwargs: object) -> None:
    """A test that changes a setting (the languages, a limit) sees fields rendered anew."""
    _blank_fields.clear()


@register.simple_tag(takes_context=True)
def form_fields(context: Context, template_name: str) -> SafeString:
    """`{% include template_name %}` for `context["form"]`, kept once rendered while the
    form is blank.

    A form nobody has filled in (no data, no initial values, no errors) holds nobody's
    data: its fields are the same for everyone who reads the page in one language, as a
    visitor or with an account. The check-in form's fields cost more than half of that
    page's server time, so they are rendered once per process for each of those and kept;
    a form with what someone typed or saved is rendered every time. Not under DEBUG, so
    that a changed template shows at once.
    """
    form = context["form"]
    blank = not (form.is_bound or form.initial or form.prefix or form.errors)
    key = (template_name, type(form), get_language(), bool(context.get("visitor")))
    if blank and not settings.DEBUG and key in _blank_fields:
        return _blank_fields[key]
    template = context.template.engine.get_template(template_name)
    with context.push():
        html = mark_safe(template.render(context))
    if blank and not settings.DEBUG:
        _blank_fields[key] = html
    return html
