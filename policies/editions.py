"""A PolicyPage as Edition data, its Markdown body rendered to safe HTML once, at approval."""

from django.urls import reverse

from articles import markdown
from reviews import registry

from .models import PolicyPage


class PolicyEditionBuilder(registry.EditionBuilder):
    model = PolicyPage
    kind = "policy"
    fragment_template = "policies/_policy_body.html"
    labels = {"body_html": "Body (as rendered)"}

    def content(self, policy: PolicyPage) -> dict:
        return {
            "role": policy.role,
            "role_label": policy.get_role_display(),
            "title": policy.title,
            "slug": policy.slug,
            "summary": policy.summary,
            "body": policy.body,
            "body_html": markdown.render(policy.body),
        }

    def facets(self, content: dict) -> dict:
        # The footer finds each live policy by its role, from its current edition.
        return {"role": content["role"]}

    def schema_org(self, edition, url: str) -> dict:
        data = super().schema_org(edition, url) | {"@type": "WebPage", "description": edition.content["summary"]}
        return {key: value for key, value in data.items() if value}

    def url(self, slug: str) -> str:
        return reverse("policies:page", args=[slug])
