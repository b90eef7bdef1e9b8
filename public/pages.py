"""The public page of every reviewable kind, its earlier versions, and what a taken-down
page answers: read from Editions only, through each content app's selectors.

A page costs two queries however many rows, studies or related pages it has: its
current edition (with the fragment rendered at approval and its <head>), and one for
every other object it shows, as that object is live now (related compounds, the
compound a use-case page is about, the articles about a compound, and the policy pages
its footer links).
"""

import functools
import hashlib
import json
import operator
from datetime import date

from django.db.models import BooleanField, Case, Q, Value, When
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views import View

from articles import selectors as articles
from compounds import selectors as compounds
from people import selectors as people
from policies import selectors as policies
from reviews import registry, selectors, stamps
from reviews.models import Edition
from studies import selectors as studies

from . import http, notices

PAGES = {
    "compound": compounds.compound_page,
    "study": studies.study_page,
    "article": articles.article_page,
    "policy": policies.policy_page,
    "person": people.person_page,
}


def json_ld(data: dict) -> SafeString:
    """JSON for a <script type="application/ld+json"> block.

    Safe to insert unescaped because "<", ">" and "&" are escaped as JSON unicode
    escapes: no page text can close the script element (as Django's json_script does).
    """
    encoded = json.dumps(data, ensure_ascii=False)
    return mark_safe(encoded.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def stamped_schema(edition: Edition, schema: dict, *, reviewer_pages: dict | None = None) -> dict:
    """The page's schema.org data with its address on the site and its review stamp,
    which changes without a new edition. Each reviewer is a Person with the credentials
    held on the review day, and their page (`reviewer_pages`, by user id) while it is live."""
    schema = {**schema, "url": http.absolute_url(schema["url"])}
    # The people it names (its authors, the person a profile page is about) have pages here too.
    for key in ("author", "mainEntity"):
        if key in schema:
            named = [_on_site(person) for person in (schema[key] if isinstance(schema[key], list) else [schema[key]])]
            schema[key] = named if len(named) > 1 else named[0]
    schema["dateModified"] = (edition.last_reviewed_at or edition.published_at or edition.approved_at).isoformat()
    if edition.last_reviewed_at:
        schema["lastReviewed"] = edition.last_reviewed_at.date().isoformat()
        # Both reviewers while a change that needed two is the latest review; then one.
        signers = [
            _reviewer_schema(reviewer, (reviewer_pages or {}).get(reviewer["user"])) for reviewer in edition.reviewers
        ]
        schema["reviewedBy"] = signers if len(signers) > 1 else signers[0]
    return schema


def _on_site(person: dict) -> dict:
    url = person.get("url", "")
    return {**person, "url": http.absolute_url(url)} if url.startswith("/") else person


def _reviewer_schema(reviewer: dict, page: dict | None) -> dict:
    """A reviewer as a Person, with the credentials they held on the review day."""
    person = {"name": reviewer["name"], "credentials": reviewer["credentials"]}
    if page:
        person |= {"url": http.absolute_url(page["url"]), "job_title": page["job_title"]}
    return {**people.person_schema(person), "honorificSuffix": reviewer["credentials"]}


class Shown:
    """What a page shows of other objects, as each is live now, read in one query."""

    def __init__(self, edition: Edition):
        self.edition = edition
        self.links = edition.head.get("links", {})
        about, self.about_kinds = registry.pages_about(edition)
        wanted = {(link["kind"], link["id"]) for rows in self.links.values() for link in rows}
        by_kind = {}
        for kind, object_id in wanted:
            by_kind.setdefault(kind, []).append(object_id)
        conditions = [Q(kind=kind, object_id__in=ids) for kind, ids in sorted(by_kind.items())]
        if about is not None:
            conditions.append(about)
        # The live policies the footer links come in the same query, and the pages of
        # the reviewers its review line names.
        conditions.append(Q(kind=policies.KIND))
        self.reviewer_ids = {reviewer["user"] for reviewer in edition.reviewers if reviewer["user"]}
        if edition.last_reviewed_at and self.reviewer_ids:
            conditions.append(people.signed_by(self.reviewer_ids))
        # And the page's own edition, with the retraction readers are told of (`notices`).
        conditions.append(Q(pk=edition.pk))
        editions = Edition.objects.current().filter(functools.reduce(operator.or_, conditions))
        editions = editions.annotate(**notices.annotations())
        # Which rows are pages about it, said by the query itself: a compound both linked
        # as related and in the same area is both a related card and "More in AREA".
        no = Value(False, output_field=BooleanField())
        editions = editions.annotate(
            is_about=Case(When(about, then=Value(True)), default=no) if about is not None else no
        )
        fields = (
            "is_about",
            "pk",
            "kind",
            "object_id",
            "title",
            "slug",
            "published_at",
            "facets__role",
            *notices.FIELDS,
            *people.SHOWN_FIELDS,
        )
        # Every row, policies included: the page's validators change when any of them does.
        self.rows = list(editions.values(*fields).order_by("-published_at", "-pk"))
        policies.remember(row for row in self.rows if row["kind"] == policies.KIND)
        self.retraction = notices.retraction(self.rows, edition)
        shown = [row for row in self.rows if row["kind"] != policies.KIND]
        self.live = {(row["kind"], row["object_id"]): row for row in shown}
        self.about = [row for row in shown if row["is_about"] and row["pk"] != edition.pk]

    def live_links(self) -> dict[str, list[dict]]:
        """Each role's objects that are live, under their current name and address, with
        what else the page approved about them; by name, or as approved for the roles
        the builder keeps in order (a byline)."""
        ordered = registry.builder_for_kind(self.edition.kind).ordered_links
        live = {}
        for role, links in self.links.items():
            shown = [
                {**link, "id": row["object_id"], "name": row["title"], "slug": row["slug"], "url": _url(row)}
                for link, row in ((link, self.live.get((link["kind"], link["id"]))) for link in links)
                if row is not None
            ]
            live[role] = shown if role in ordered else sorted(shown, key=lambda link: link["name"].lower())
        return live

    def reviewer_pages(self) -> dict[int, dict]:
        """{user id: {"url", "job_title"}} of the live pages of the reviewers the review line names."""
        return people.reviewer_pages(row for row in self.rows if row.get(people.SHOWN_FIELDS[0]) in self.reviewer_ids)

    def reviewers(self) -> list[dict]:
        """Whom the review line names, each with their page's address while it is live."""
        pages = self.reviewer_pages()
        return [{**reviewer, "url": pages.get(reviewer["user"], {}).get("url")} for reviewer in self.edition.reviewers]

    def related_pages(self) -> list[dict]:
        return [{"title": row["title"], "url": _url(row)} for row in self.about]

    def tags(self) -> list[str]:
        """The page's own tag, every object it shows or would show when live, and the
        listings of the pages about it (a new one appears here)."""
        own = self.edition.head.get("tags") or [self.edition.cache_tag]
        about = [Edition(kind=row["kind"], object_id=row["object_id"]).cache_tag for row in self.about]
        listings = [Edition.list_tag(kind) for kind in self.about_kinds]
        # Named here too, not only for HTML in `http.shared`: a 304 has no content type.
        # A reviewer's page going live or down changes the review line's link.
        return [*own, *about, *listings, policies.FOOTER_TAG, Edition.list_tag(people.KIND)]

    def version(self) -> str:
        """Changes whenever any of them does: a new edition, a take-down, a new page about it."""
        editions = sorted(row["pk"] for row in self.rows)
        return hashlib.sha256(repr((editions, self.retraction)).encode()).hexdigest()[:12]


def _url(row: dict) -> str:
    return registry.builder_for_kind(row["kind"]).url(row["slug"])


def review_due(edition: Edition) -> date | None:
    """When the page's review falls due again, from its last review and the cadence."""
    if edition.last_reviewed_at is None:
        return None
    return stamps.review_due(edition.kind, reviewed_at=edition.last_reviewed_at, object_id=edition.object_id)


def review_was_due(edition: Edition) -> bool:
    """Whether the page's review date has come: its review line then says so."""
    due = review_due(edition)
    return due is not None and due <= timezone.localdate()


def _validators(edition: Edition, shown: Shown, today: registry.ServedToday) -> dict:
    # To the microsecond: an approval and a confirmation can fall in the same second.
    stamp = int(edition.last_reviewed_at.timestamp() * 1_000_000) if edition.last_reviewed_at else 0
    if review_was_due(edition):
        # A new body, though no edition changed.
        stamp = f"{stamp}-due"
    dates = [edition.published_at, edition.last_reviewed_at, *(row["published_at"] for row in shown.rows)]
    # HTTP dates have whole seconds; compare in whole seconds or nothing is ever "not modified".
    last_modified = int(max(filter(None, dates)).timestamp())
    etag = f'"{edition.pk}-{edition.content_hash[:12]}-{stamp}-{shown.version()}{today.version}"'
    return {"etag": etag, "last_modified": last_modified}


def _page(request, edition: Edition, **extra):
    builder = registry.builder_for_kind(edition.kind)
    shown = Shown(edition)
    today = builder.served_today(edition)

    def render_page():
        review_line = render_to_string(
            registry.REVIEW_LINE_TEMPLATE,
            {
                "edition": edition,
                "preview": False,
                "history_url": builder.history_url(edition.slug),
                # An earlier version is not reviewed again; only the current page is.
                "review_due": None if extra.get("past") else review_due(edition),
                "review_was_due": review_was_due(edition),
                "reviewers": shown.reviewers(),
            },
        )
        if not extra.get("past"):
            review_line = notices.render(shown.retraction) + review_line
        links = shown.live_links()
        body = builder.page_body(
            edition.rendered_html, review_line=review_line, links=links, related_pages=shown.related_pages()
        )
        body = today.fill(body)
        head = edition.head
        context = {
            "body": body,
            "edition": edition,
            **http.page_meta(request, head["title"], head["description"], og_type="article"),
            # An earlier version's canonical page is the current one.
            "canonical_url": http.absolute_url(builder.url(edition.slug)),
            **extra,
        }
        if "schema_org" in head:
            schema = builder.schema_with_links(head["schema_org"], links) if "links" in head else head["schema_org"]
            schema = today.schema(schema)
            context["json_ld"] = json_ld(stamped_schema(edition, schema, reviewer_pages=shown.reviewer_pages()))
        return render(request, registry.PAGE_TEMPLATE, context)

    response = http.conditional(request, render_page, **_validators(edition, shown, today))
    return http.shared(response, [*shown.tags(), *today.tags])


def former_address(kind: str, slug: str) -> tuple[str, Edition] | None:
    """Where a page that once answered at (kind, slug) is now, when no current page does.

    ("moved", its current edition) when an approved edition gave it another slug;
    ("gone", the edition taken down) when it was taken down, under whichever slug it
    had; None when nothing public ever answered there.
    """
    was_public = Edition.objects.filter(kind=kind, slug=slug, published_at__isnull=False)
    last = was_public.order_by("-published_at", "-pk").only("content_type_id", "object_id").first()
    if last is None:
        return None
    editions = Edition.objects.filter(content_type_id=last.content_type_id, object_id=last.object_id)
    current = editions.current().only("kind", "object_id", "slug").first()
    if current is not None:
        return "moved", current
    taken_down = editions.filter(unpublished_at__isnull=False).only("kind", "object_id").first()
    return ("gone", taken_down) if taken_down is not None else None


def gone_or_missing(request, kind: str, slug: str, *, moved_to=None):
    """For an address with no current page: 301 to where the page moved when its slug
    changed (`moved_to(slug)` gives the same view's address under the new slug), 410
    for a page taken down, 404 for an address that never had a page."""
    found = former_address(kind, slug)
    if found is None:
        raise Http404(f"No published {kind} at this address.")
    state, edition = found
    if state == "moved" and moved_to is not None:
        # Tagged with the page: a later rename or a take-down purges the redirect too.
        return http.shared(HttpResponsePermanentRedirect(moved_to(edition.slug)), [edition.cache_tag])
    if state == "moved":
        raise Http404(f"No published {kind} at this address.")
    response = render(request, "public/gone.html", {"kind": kind, "page_title": "Page withdrawn"}, status=410)
    return http.gone(response, [edition.cache_tag, Edition.list_tag(kind)])


class EditionPageView(View):
    """The current Edition of (kind, slug)."""

    kind: str = ""

    def get(self, request, slug):
        edition = PAGES[self.kind](slug=slug)
        if edition is None:
            return gone_or_missing(request, self.kind, slug, moved_to=registry.builder_for_kind(self.kind).url)
        return _page(request, edition)


class EditionHistoryView(View):
    """ "What this page said on DATE": every edition that was public, newest first."""

    kind: str = ""

    def get(self, request, slug):
        builder = registry.builder_for_kind(self.kind)
        current = PAGES[self.kind](slug=slug)
        if current is None:
            return gone_or_missing(request, self.kind, slug, moved_to=builder.history_url)
        editions = selectors.public_history(current).defer("content", "facets", "rendered_html", "head")
        context = {
            "current": current,
            "editions": editions,
            "page_url": builder.url(slug),
            "kind": self.kind,
            **http.page_meta(request, f"Earlier versions: {current.title}"),
        }
        response = render(request, "public/versions.html", context)
        return http.with_body_etag(request, http.shared(response, [current.cache_tag]))


class PastEditionView(View):
    """What the page said from one date to another, with a banner saying so."""

    kind: str = ""

    def get(self, request, slug, edition_id):
        builder = registry.builder_for_kind(self.kind)
        current = PAGES[self.kind](slug=slug)
        if current is None:
            namespace = builder.model._meta.app_label
            return gone_or_missing(
                request, self.kind, slug, moved_to=lambda new: reverse(f"{namespace}:version", args=[new, edition_id])
            )
        editions = selectors.with_latest_change_note(selectors.public_history(current).defer("content", "facets"))
        edition = get_object_or_404(editions, pk=edition_id)
        return _page(request, edition, past=True, current_url=builder.url(slug))
