"""The site's policy pages: how pages are written, reviewed and corrected, and what
they are not (medical advice). Reviewed and published like any other page."""

import reversion
from django.db import models
from django.utils.translation import gettext_lazy as _

from reviews.models import Reviewable


class PolicyPage(Reviewable):
    """One of the site's standing policies, found by its role wherever it is linked."""

    class Role(models.TextChoices):
        # In the order the footer lists them.
        EDITORIAL = "editorial", _("Editorial policy")
        MEDICAL_REVIEW = "medical_review", _("Medical review policy")
        CORRECTIONS = "corrections", _("Corrections policy")
        DISCLAIMER = "disclaimer", _("Disclaimer")

    role = models.CharField(
        max_length=20,
        choices=Role.choices,
        unique=True,
        help_text="Which policy this is: the footer, the review line and the disclaimer link to it by this.",
    )
    title = models.CharField(max_length=200, help_text='As readers see it, e.g. "How we review pages".')
    slug = models.SlugField(max_length=100, unique=True, help_text='Part of the page address, e.g. "medical-review".')
    summary = models.CharField(
        max_length=300, blank=True, help_text="One or two sentences under the title, in plain words."
    )
    body = models.TextField(
        help_text="Markdown: ## headings, lists, links. Raw HTML is not passed through.",
    )

    class Meta:
        verbose_name = "policy page"
        ordering = ["role"]
        indexes = [models.Index(fields=["state", "-updated_at"], name="policy_state_updated")]

    def __str__(self):
        return self.title


reversion.register(PolicyPage, exclude=PolicyPage.WORKFLOW_FIELDS)
