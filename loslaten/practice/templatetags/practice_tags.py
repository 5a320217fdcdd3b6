"""Template tags of the practice pages: the parts of a page that are the same for everyone.

A logged-in page is rendered for each request, but much of it is the same for every reader
in one language: the practice menu, the cards and links of the practice page, a blank form.
`{% kept %}` and `{% form_fields %}` render such a part once per process and keep it, keyed
by everything it depends on (the template, the language, the address prefix and what the
tag is told varies). What is kept must hold nobody's data: no name, no count, no CSRF token,
no value typed. Not under DEBUG, so that a changed template shows at once; a restart (a
deploy) starts afresh.
"""

from __future__ import annotations

from collections.abc import Callable

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.forms.boundfield import BoundWidget
from django.template import Context
from django.template.base import FilterExpression, Parser, Token
from django.urls import get_script_prefix
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


# Rendered parts, by everything they depend on; see the module's docstring.
_kept: dict[tuple, SafeString] = {}
#: At most this many parts are kept (a part that varies with the address, like the menu,
#: gets one per address a person opened); when full, all are dropped and kept anew.
MAX_KEPT = 500


@receiver(setting_changed)
def _forget_kept(**kwargs: object) -> None:
    """A test that changes a setting (the languages, a limit) sees parts rendered anew."""
    _kept.clear()


def _keep(key: tuple, render: Callable[[], str]) -> SafeString:
    if settings.DEBUG:
        return mark_safe(render())
    html = _kept.get(key)
    if html is None:
        html = mark_safe(render())
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        _kept[key] = html
    return html


def _render_here(context: Context, template_name: str) -> str:
    """What `{% include template_name %}` renders in `context`."""
    template = context.template.engine.get_template(template_name)
    with context.push():
        return template.render(context)


@register.simple_tag(takes_context=True)
def form_fields(context: Context, template_name: str) -> SafeString:
    """`{% include template_name %}` for `context["form"]`, kept while the form is blank.

    A form nobody has filled in (no data, no initial values, no errors) holds nobody's
    data: its fields are the same for everyone who reads the page in one language, as a
    visitor (their fields say what is required) or with an account. The check-in form's
    fields cost more than half of that page's server time. A form with what someone typed
    or saved is rendered every time.
    """
    form = context["form"]
    if form.is_bound or form.initial or form.prefix or form.errors:
        return mark_safe(_render_here(context, template_name))
    key = (
        "form",
        template_name,
        type(form),
        get_language(),
        get_script_prefix(),
        bool(context.get("visitor")),
    )
    return _keep(key, lambda: _render_here(context, template_name))


class KeptNode(template.Node):
    def __init__(self, nodelist: template.NodeList, varies: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.varies = varies

    def render(self, context: Context) -> SafeString:
        varies = tuple(str(v.resolve(context)) for v in self.varies)
        key = (
            "kept",
            self.origin.name,
            self.token.lineno,
            get_language(),
            get_script_prefix(),
            *varies,
        )
        return _keep(key, lambda: self.nodelist.render(context))


@register.tag
def kept(parser: Parser, token: Token) -> KeptNode:
    """`{% kept [value ...] %}...{% endkept %}`: the part between, rendered once per
    language (and per each value named, e.g. `request.path`) and kept.

    Only for parts that hold nobody's data (see the module's docstring): everything the
    part reads besides the language and the named values must be the same for everyone.
    """
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, [parser.compile_filter(b) for b in token.split_contents()[1:]])
