import math
import re

import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from compounds.models import Compound, FaqEntryBase, KeyTakeawayBase, SkipItemBase
from people.models import Person
from reviews.models import OwnedRow, Reviewable
from studies.models import Study

WORDS_PER_MINUTE = 220


class Category(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Article(Reviewable):
    """A guide, a journal post, or a use-case page ("why people use X for Y")."""

    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide")
        JOURNAL_POST = "journal_post", _("Journal post")
        USE_CASE = "use_case", _("Use-case page")

    class EvidenceTier(models.TextChoices):
        STRONG = "strong", _("Strong clinical")
        MODERATE = "moderate", _("Moderate")
        EMERGING = "emerging", _("Emerging")
        PRELIMINARY = "preliminary", _("Preliminary")
        PRECLINICAL = "preclinical", _("Preclinical only")
        ANECDOTAL = "anecdotal", _("Anecdotal")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="Part of the page address.")
    description = models.CharField(
        max_length=300, help_text="One or two sentences for the article list, search results and feeds."
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="articles")
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    image = models.ImageField(upload_to="articles/", blank=True)
    image_alt = models.CharField(
        "image description",
        max_length=250,
        blank=True,
        help_text="What the image shows, for readers who cannot see it.",
    )
    body = models.TextField(
        help_text="Markdown. Cite a study with a PubMed link, e.g. [Heiss 2012](https://pubmed.ncbi.nlm.nih.gov/22282884/)."
    )
    published_on = models.DateField(
        null=True, blank=True, help_text="The date shown on the article; empty until first publication."
    )
    related_compounds = models.ManyToManyField(Compound, blank=True, related_name="+")
    related_articles = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="+",
        help_text="Listed under “Where to go next”, in name order, while they are live.",
    )
    # Use-case pages only: the compound and indication the page is about.
    compound = models.ForeignKey(
        Compound,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="use_case_pages",
        help_text="Use-case pages: the compound the page is about.",
    )
    indication = models.CharField(max_length=200, blank=True, help_text='Use-case pages: e.g. "stroke recovery".')
    evidence_tier = models.CharField(
        max_length=20, choices=EvidenceTier.choices, blank=True, help_text="Use-case pages: for this indication."
    )
    evidence_summary = models.TextField(blank=True, help_text="Use-case pages: what the evidence says.")
    protocol_notes = models.TextField(blank=True, help_text="Use-case pages: how it is used for this indication.")

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="use_case") | (models.Q(compound__isnull=False) & ~models.Q(indication="")),
                name="article_use_case_names_compound_and_indication",
                violation_error_message=_("A use-case page needs its compound and its indication."),
            ),
        ]
        indexes = [models.Index(fields=["state", "-updated_at"], name="article_state_updated")]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.kind == self.Kind.USE_CASE:
            if not self.compound_id:
                errors["compound"] = ValidationError(
                    _("A use-case page is about one compound: choose it."), code="use_case_without_compound"
                )
            if not self.indication.strip():
                errors["indication"] = ValidationError(
                    _('Say what the compound is used for on this page, e.g. "stroke recovery".'),
                    code="use_case_without_indication",
                )
        if self.image and not self.image_alt.strip():
            errors["image_alt"] = ValidationError(
                _("Describe the image for readers who cannot see it."), code="image_without_alt"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def read_time_minutes(self) -> int:
        words = len(re.findall(r"\w+", self.body))
        return max(1, math.ceil(words / WORDS_PER_MINUTE))


@reversion.register()
class ArticleSource(OwnedRow):
    """A study in the article's numbered source list, in the order readers see it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="article_sources")
    note = models.CharField(max_length=300, blank=True)

    class Meta(OwnedRow.Meta):
        verbose_name = "source"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "study"],
                name="article_source_unique_study",
                violation_error_message=_("This study is already in the article's sources."),
            )
        ]

    def __str__(self):
        return str(self.study_id and self.study)


@reversion.register()
class ArticleAuthor(OwnedRow):
    """A named author of the article, in the order the byline names them. An author is a
    person with a page of their own, not necessarily a user of the CMS."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="articles")

    class Meta(OwnedRow.Meta):
        verbose_name = "author"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person"],
                name="article_author_once",
                violation_error_message=_("This person is already among the article's authors."),
            )
        ]

    def __str__(self):
        return str(self.person_id and self.person)


@reversion.register()
class ArticleSkipItem(SkipItemBase):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="skip_items")


@reversion.register()
class ArticleFaqEntry(FaqEntryBase):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="faq_entries")


@reversion.register()
class ArticleKeyTakeaway(KeyTakeawayBase):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="key_takeaways")


# Tags, categories, compounds and studies are shared: the article's revision stores
# which ones it points at, never the records themselves.
reversion.register(
    Article,
    follow=("authors", "sources", "skip_items", "faq_entries", "key_takeaways"),
    exclude=Article.WORKFLOW_FIELDS,
)
