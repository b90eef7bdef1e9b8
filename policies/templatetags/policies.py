"""`{% live_policies as policies %}` and `{% live_policy "disclaimer" as disclaimer %}`:
the live policy pages for the footer, the disclaimer and the review line, read once
per request (see `policies.selectors`)."""

from django import template

from policies import selectors

register = template.Library()


@register.simple_tag
def live_policies() -> list[dict]:
    return selectors.live_policies()


@register.simple_tag
def live_policy(role: str) -> dict | None:
    return selectors.live_policy(role)
