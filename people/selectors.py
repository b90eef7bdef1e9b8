"""Public reads about people, from their approved Editions, and the one thing their
pages read besides: the credentials a reviewer holds today, from the verified records.

The pages a reviewer signs link to that reviewer's page, found by the reviewer's user
id in the page's own query for the other objects it shows (`public.pages.Shown`), so
the link costs no query of its own.
"""

import hashlib
from dataclasses import dataclass, field

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from reviews import registry, selectors
from reviews.models import Credential, Edition, ReviewerProfile

KIND = "person"
# Facets of a person's edition that the pages naming them read with their own query.
REVIEWER_USER = "reviewer_user"
JOB_TITLE = "job_title"
SHOWN_FIELDS = (f"facets__{REVIEWER_USER}", f"facets__{JOB_TITLE}")
# The kinds of pages whose reviewer a person's page lists.
REVIEWED_KINDS = ("compound", "study", "article", "policy")
CREDENTIALS_MARK = "<!--person-credentials-->"
# The category of a credential as a review recorded it: the review day's line keeps each
# credential's abbreviation ("MD"), not whether it was a degree or a licence.
SIGNED_CREDENTIAL = "professional credential"


def person_page(*, slug: str) -> Edition | None:
    """The current edition of the person at `slug`, with its facets (which reviewer it is
    about) but without the content it was rendered from."""
    return selectors.current_editions(KIND).filter(slug=slug).defer("content").first()


def live_people(ids) -> dict[int, dict]:
    """{"id", "name", "slug", "job_title", "credentials"} of each person as their current
    edition names them, by person id; "credentials" are a reviewer's printed today."""
    editions = selectors.current_editions(KIND).filter(object_id__in=list(ids))
    rows = list(editions.values("object_id", "title", "slug", f"facets__{JOB_TITLE}", "facets__reviewer_profile"))
    profiles = [row["facets__reviewer_profile"] for row in rows if row["facets__reviewer_profile"]]
    printed = dict(ReviewerProfile.objects.filter(pk__in=profiles).values_list("pk", "credentials"))
    return {
        row["object_id"]: {
            "id": row["object_id"],
            "name": row["title"],
            "slug": row["slug"],
            "job_title": row[f"facets__{JOB_TITLE}"] or "",
            "credentials": printed.get(row["facets__reviewer_profile"], ""),
        }
        for row in rows
    }


def page_url(slug: str) -> str:
    return registry.builder_for_kind(KIND).url(slug)


def person_schema(person: dict) -> dict:
    """A schema.org Person from {"name", "url", "job_title", "credentials"} (an author or a
    reviewer as a page names them); `url` is made absolute when the page is served."""
    data = {"@type": "Person", "name": person["name"], "url": person.get("url"), "jobTitle": person.get("job_title")}
    held = [name.strip() for name in (person.get("credentials") or "").split(",") if name.strip()]
    if held:
        data["hasCredential"] = [credential_schema(name, SIGNED_CREDENTIAL) for name in held]
    return {key: value for key, value in data.items() if value}


def reviewed_by(person: Edition) -> Q:
    """The pages `person` (a reviewer's page) last reviewed or whose live edition they approved."""
    user = (person.facets or {}).get(REVIEWER_USER)
    if user is None:
        return Q(pk__in=[])
    return Q(last_reviewed_by_id=user) | Q(approved_by_id=user)


def signed_by(user_ids) -> Q:
    """The live pages of the reviewers with these user ids (for a review line)."""
    return Q(kind=KIND, **{f"facets__{REVIEWER_USER}__in": sorted(user_ids)})


def reviewer_pages(rows) -> dict[int, dict]:
    """{reviewer's user id: {"url", "job_title"}} from rows of `Shown`'s query."""
    builder = registry.builder_for_kind(KIND)
    pages = {}
    for row in rows:
        user = row.get(f"facets__{REVIEWER_USER}")
        if row["kind"] == KIND and user is not None:
            pages[user] = {"url": builder.url(row["slug"]), "job_title": row.get(f"facets__{JOB_TITLE}") or ""}
    return pages


def credentials_tag(profile_id: int) -> str:
    """Names, in shared caches, every page showing this reviewer's credentials held today:
    verifying a credential or its expiry purges it."""
    return f"reviewer-credentials-{profile_id}"


@dataclass
class HeldToday(registry.ServedToday):
    """A reviewer's verified, unexpired credentials today, for their page."""

    profile_id: int | None = None
    credentials: list[dict] = field(default_factory=list)

    @property
    def tags(self) -> list[str]:
        return [credentials_tag(self.profile_id)] if self.profile_id else []

    @property
    def version(self) -> str:
        return hashlib.sha256(repr(self.credentials).encode()).hexdigest()[:12] if self.profile_id else ""

    def fill(self, html: str) -> str:
        if CREDENTIALS_MARK not in html:
            return html
        part = render_to_string("people/_credentials.html", {"credentials": self.credentials}).strip()
        # Our own template's output, autoescaped when rendered, in our own fragment.
        return mark_safe(html.replace(CREDENTIALS_MARK, part))

    def schema(self, schema: dict) -> dict:
        if not self.credentials or "mainEntity" not in schema:
            return schema
        held = [credential_schema(c["abbreviation"], c["kind"]) for c in self.credentials]
        return {**schema, "mainEntity": {**schema["mainEntity"], "hasCredential": held}}


def held_today(profile_id: int | None) -> HeldToday:
    """The credentials the reviewer with this profile holds today (one query), or none for
    an author who is not a reviewer (no query)."""
    if profile_id is None:
        return HeldToday()
    records = Credential.objects.held(on=timezone.localdate()).filter(reviewer_id=profile_id).order_by("pk")
    credentials = [
        {
            "abbreviation": c.abbreviation,
            "kind": c.kind,
            "kind_label": c.get_kind_display(),
            "issuing_body": c.issuing_body,
            "verified_on": c.verified_on,
            "expires_on": c.expires_on,
        }
        for c in records
    ]
    return HeldToday(profile_id=profile_id, credentials=credentials)


def credential_schema(name: str, category: str) -> dict:
    return {"@type": "EducationalOccupationalCredential", "name": name, "credentialCategory": category}
