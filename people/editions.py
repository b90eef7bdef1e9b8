"""A Person as Edition data: their name, job, specialties, bio (Markdown rendered to safe
HTML once, at approval) and disclosures. The credentials they hold are not part of it:
those are records a managing editor verifies, read whenever the page is served."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from articles import markdown
from reviews import registry

from . import selectors
from .models import Person

# Where the pages they reviewed or wrote go, filled whenever the page is served.
PAGES_MARK = "<!--person-pages-->"


class PersonEditionBuilder(registry.EditionBuilder):
    model = Person
    kind = selectors.KIND
    fragment_template = "people/_person_body.html"
    labels = {
        "bio_html": "Bio (as rendered)",
        "disclosures": "Disclosures (conflicts of interest)",
        "reviewer": "Signs reviews as",
    }

    def content(self, person: Person) -> dict:
        profile = person.reviewer
        return {
            "name": person.name,
            "slug": person.slug,
            "job_title": person.job_title,
            "specialties": person.specialty_list,
            "bio": person.bio,
            "bio_html": markdown.render(person.bio),
            "disclosures": [
                {"id": row.pk, "interest": row.interest, "funder": row.funder, "period": row.period}
                for row in person.disclosures.all()
            ],
            # Which reviewer this page is about: the review lines of the pages they sign link here.
            "reviewer": {"id": profile.pk, "user": profile.user_id, "name": profile.display_name} if profile else None,
        }

    def facets(self, content: dict) -> dict:
        reviewer = content["reviewer"]
        return {
            # The pages a reviewer signs find their page by this (see `selectors.signed_by`).
            selectors.REVIEWER_USER: reviewer["user"] if reviewer else None,
            "reviewer_profile": reviewer["id"] if reviewer else None,
            selectors.JOB_TITLE: content["job_title"],
            "name": content["name"],
        }

    def problems(self, person: Person) -> list[str]:
        if not person.job_title.strip():
            return ['Add their job title, as readers will see it under their name, e.g. "Clinical pharmacist".']
        return []

    def title_of(self, content: dict) -> str:
        return content["name"]

    def page_description(self, content: dict) -> str:
        specialties = ", ".join(content["specialties"])
        return f"{content['name']}, {content['job_title']}" + (f": {specialties}" if specialties else "")

    def schema_org(self, edition, url: str) -> dict:
        page = edition.content
        person = {
            "@type": "Person",
            "name": page["name"],
            "url": url,
            "jobTitle": page["job_title"],
            "knowsAbout": page["specialties"],
        }
        return {
            "@context": "https://schema.org",
            "@type": "ProfilePage",
            "name": edition.title,
            "url": url,
            "datePublished": edition.published_at.isoformat() if edition.published_at else None,
            "mainEntity": {key: value for key, value in person.items() if value},
        }

    def page_body(self, fragment: str, *, review_line: str, links: dict, related_pages: list[dict]) -> SafeString:
        html = super().page_body(fragment, review_line=review_line, links=links, related_pages=[])
        pages = render_to_string("people/_person_pages.html", {"pages": related_pages}).strip()
        # Our own templates' output, autoescaped when rendered.
        return mark_safe(html.replace(PAGES_MARK, pages))

    def served_today(self, edition) -> "selectors.HeldToday":
        return selectors.held_today(edition.facets.get("reviewer_profile"))

    def preview_body(self, content: dict) -> SafeString:
        body = super().preview_body(content)
        profile = content["reviewer"]["id"] if content["reviewer"] else None
        return selectors.held_today(profile).fill(body)

    def url(self, slug: str) -> str:
        return reverse("people:page", args=[slug])
