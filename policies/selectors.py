"""Public reads about policy pages, from their approved Editions only: a policy's own
page, and the live policies every public page links (footer, disclaimer, review line).

Every public page names the live policies, up to three times (the review line, the
disclaimer, the footer). `live_policies()` reads them once per request: the first
caller queries, the rest of that request reuses the answer, so a page costs one query
for them however many places link them. Outside a request it reads every time.
"""

import hashlib
from contextvars import ContextVar

from reviews import registry, selectors

from .models import PolicyPage

KIND = "policy"
FOOTER_ORDER = [role.value for role in PolicyPage.Role]

_this_request: ContextVar[dict | None] = ContextVar("live_policies", default=None)


def policy_page(*, slug: str):
    """The current edition of the policy page at `slug`, without the content it was rendered from."""
    return selectors.public_edition(kind=KIND, slug=slug)


def live_policies() -> list[dict]:
    """Every live policy page as its current edition names it, in footer order:
    [{"role", "title", "url", "edition_id"}]. A draft or a taken-down policy is never among them."""
    memo = _this_request.get()
    if memo is not None and "policies" in memo:
        return memo["policies"]
    policies = _read_live_policies()
    if memo is not None:
        memo["policies"] = policies
    return policies


def live_policies_version() -> str:
    """Changes whenever the live policies do (one published, retitled or taken down): for a
    page's validators, so that a cache revalidating a page gets its new footer, not a 304.
    Reads nothing more than `live_policies()`."""
    editions = sorted(policy["edition_id"] for policy in live_policies())
    return hashlib.sha256(repr(editions).encode()).hexdigest()[:12]


def live_policy(role: str) -> dict | None:
    """The live policy page with `role`, or None when none is live."""
    return next((policy for policy in live_policies() if policy["role"] == role), None)


def _read_live_policies() -> list[dict]:
    editions = selectors.current_editions(KIND).values("pk", "slug", "title", "facets").order_by("-published_at", "-pk")
    builder = registry.builder_for_kind(KIND)
    by_role = {}
    for edition in editions:
        role = (edition["facets"] or {}).get("role")
        # While one policy's new role awaits approval, two live editions may claim a
        # role for a moment: the one published last is the policy now.
        if role in FOOTER_ORDER and role not in by_role:
            url = builder.url(edition["slug"])
            by_role[role] = {"role": role, "title": edition["title"], "url": url, "edition_id": edition["pk"]}
    return [by_role[role] for role in FOOTER_ORDER if role in by_role]


def start_request(**kwargs) -> None:
    _this_request.set({})


def end_request(**kwargs) -> None:
    _this_request.set(None)
