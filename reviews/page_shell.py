"""The public page around an edition's content, rendered once per process.

Every public page is `PAGE_TEMPLATE` (base.html) around its edition's fragment.
Once the edition is read, rendering that shell is most of what a page costs, yet it
changes only with a deploy (templates, static file names). So each process renders
it once, with markers where a page's title, description, structured data and body
go, and a page is the shell with those filled in, escaped as the template would
escape them. Previews and past editions carry banners and go through the template.
"""

import functools
import re
from itertools import cycle

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

PAGE_TEMPLATE = "reviews/edition_page.html"
# Markers hold nothing that autoescaping would change, and no page text holds them.
_SLOTS = ("page_title", "page_description", "json_ld", "body")
_MARKER = "@@shell-{}-8c1d5e@@"


@functools.cache
def _shell() -> tuple[str, ...]:
    """The rendered shell split at its markers: literal text, slot name, literal text..."""
    context = {slot: mark_safe(_MARKER.format(slot)) for slot in _SLOTS}
    rendered = render_to_string(PAGE_TEMPLATE, context)
    return tuple(re.split(_MARKER.format("(" + "|".join(_SLOTS) + ")"), rendered))


@receiver(setting_changed)
def _forget_shell(*, setting, **kwargs):
    # As Django's own template and static-file caches do when a setting is overridden.
    if setting in ("TEMPLATES", "STATIC_URL", "STORAGES", "INSTALLED_APPS"):
        _shell.cache_clear()


def render_public_page(*, page_title: str, page_description: str, json_ld: str, body: str) -> str:
    """The page as `PAGE_TEMPLATE` would render it for these values; `json_ld` and
    `body` are safe HTML already, the title and description plain text."""
    values = {
        "page_title": escape(page_title),
        "page_description": escape(page_description),
        "json_ld": json_ld,
        "body": body,
    }
    # re.split with a group put each slot's name at the odd positions.
    return "".join(values[part] if odd else part for odd, part in zip(cycle((False, True)), _shell()))
