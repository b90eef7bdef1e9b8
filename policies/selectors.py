"""Public reads about policy pages, from their approved Editions only: a policy's own
page, and the live policies every public page links (footer, disclaimer, review line).

Every public page names the live policies, up to three times (the review line, the
disclaimer, the footer). `live_policies()` reads them once per request: the first
caller queries, the rest of that request reuses the answer, so a page costs one query
for them however many places link them. Outside a request it reads every time.
"""

from contextvars import ContextVar

from reviews import registry, selectors
from reviews.models import Edition

from .models import PolicyPage

KIND = "policy"
# Every public HTML page's footer lists the live policies: a publication or take-down of
# one purges them all by this tag.
FOOTER_TAG = Edition.list_tag(KIND)
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


def live_policy(role: str) -> dict | None:
    """The live policy page with `role`, or None when none is live."""
    return next((policy for policy in live_policies() if policy["role"] == role), None)


def remember(rows) -> None:
    """Keep the live policies that a page's own query read beside what it shows
    (`public.pages.Shown`: rows with "pk", "slug", "title" and "facets__role"), so
    that its footer, disclaimer and review line need no query of their own."""
    memo = _this_request.get()
    if memo is not None:
        memo["policies"] = _in_footer_order(rows)


def _read_live_policies() -> list[dict]:
    editions = selectors.current_editions(KIND).values("pk", "slug", "title", "facets__role")
    return _in_footer_order(editions.order_by("-published_at", "-pk"))


def _in_footer_order(rows) -> list[dict]:
    """Rows of live policy editions, newest first, as the footer lists them."""
    builder = registry.builder_for_kind(KIND)
    by_role = {}
    for row in rows:
        role = row["facets__role"]
        # While one policy's new role awaits approval, two live editions may claim a
        # role for a moment: the one published last is the policy now.
        if role in FOOTER_ORDER and role not in by_role:
            url = builder.url(row["slug"])
            by_role[role] = {"role": role, "title": row["title"], "url": url, "edition_id": row["pk"]}
    return [by_role[role] for role in FOOTER_ORDER if role in by_role]


def start_request(**kwargs) -> None:
    _this_request.set({})


def end_request(**kwargs) -> None:
    _this_request.set(None)
