"""Policy pages for tests, reached through the workflow services as people reach them."""

from policies.models import PolicyPage
from reviews import services
from tests import factories

Role = PolicyPage.Role
SLUGS = {
    Role.EDITORIAL: "editorial-policy",
    Role.MEDICAL_REVIEW: "medical-review-policy",
    Role.CORRECTIONS: "corrections-policy",
    Role.DISCLAIMER: "disclaimer",
}
BODY = "## Who writes\n\nOur editors write every page, and a [rubric](/how-we-score/) grades the evidence."


def draft_policy(role=Role.EDITORIAL, *, by=None, slug: str = "", body: str = BODY) -> PolicyPage:
    """A draft policy page saved as one revision by an editor, as the admin saves it."""
    label = str(Role(role).label)
    with services.drafting(by=by or factories.editor(username="factory-editor"), comment="Written in a test"):
        return PolicyPage.objects.create(
            role=role, slug=slug or SLUGS[role], title=label, summary=f"Our {label.lower()}.", body=body
        )


def live_policy(role=Role.EDITORIAL, **kwargs) -> PolicyPage:
    """A policy page an editor wrote and a reviewer approved."""
    return factories._publish(draft_policy(role, **kwargs))
