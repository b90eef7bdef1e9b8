"""The people readers meet on pages: the authors who write them and the medical
reviewers who sign them. A person's page is reviewed and published like any other."""

import reversion
from django.db import models
from django.utils.translation import gettext_lazy as _

from reviews.models import OwnedRow, Reviewable, ReviewerProfile


class Person(Reviewable):
    """An author or a medical reviewer as readers see them. An author need not be a
    user of the CMS; a reviewer who signs pages is linked to their reviewer profile."""

    name = models.CharField(max_length=120, help_text='As printed in bylines, e.g. "Jordan Reyes".')
    slug = models.SlugField(max_length=100, unique=True, help_text='Part of the page address, e.g. "jordan-reyes".')
    job_title = models.CharField(max_length=120, blank=True, help_text='What they do, e.g. "Clinical pharmacist".')
    specialties = models.CharField(
        max_length=300,
        blank=True,
        help_text='Comma-separated, as readers see them, e.g. "Drug interactions, Geriatric pharmacy".',
    )
    bio = models.TextField(
        blank=True,
        help_text="Markdown: training, experience, what they write or review. Raw HTML is not passed through.",
    )
    reviewer = models.OneToOneField(
        ReviewerProfile,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="person",
        help_text="The medical reviewer this page is about, if they sign reviews: the review line of every page "
        "they review links here, and their verified credentials are shown.",
    )

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "people"
        ordering = ["name"]
        indexes = [models.Index(fields=["state", "-updated_at"], name="person_state_updated")]

    def __str__(self):
        return self.name

    def people_it_is_about(self) -> set[int]:
        # A reviewer never approves the page about themselves.
        return {self.reviewer.user_id} if self.reviewer_id else set()

    @property
    def specialty_list(self) -> list[str]:
        return [part.strip() for part in self.specialties.split(",") if part.strip()]


@reversion.register()
class Disclosure(OwnedRow):
    """A conflict of interest the person declares: what the relationship is and who pays."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disclosures")
    interest = models.CharField(
        max_length=300, help_text='The relationship, e.g. "Speaker fees for talks on anticoagulants".'
    )
    funder = models.CharField(
        max_length=200, help_text='Who pays or paid, e.g. "Bayer AG". Write "None" for an unpaid role.'
    )
    period = models.CharField(max_length=60, blank=True, help_text='When, e.g. "2022–2024" or "since 2021".')

    class Meta(OwnedRow.Meta):
        verbose_name = _("disclosure")

    def __str__(self):
        return f"{self.interest} ({self.funder})"


reversion.register(Person, follow=("disclosures",), exclude=Person.WORKFLOW_FIELDS)
