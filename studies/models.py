import re

import reversion
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reviews.models import Reviewable

EARLIEST_YEAR = 1800
# Ends an author list too long for its column ("Heiss WD, Brainin M, et al.").
ET_AL = "et al."
# Long enough to tell two papers apart, short enough to fit a picker's line.
PICKER_TITLE_LENGTH = 90
NO_IDENTIFIER = _("Add a PubMed ID or a DOI so readers can find the paper.")
NOTICE_WITHOUT_STATUS = _(
    "A notice's date, link or reason needs its kind: retracted, corrected or expression of concern."
)
NOTICE_WITHOUT_LINK = _("Link to the notice (its DOI or PubMed page) so readers can read it.")

# What a journal's notice about a paper is recorded in, on the study.
NOTICE_FIELDS = ("integrity_status", "integrity_notice_date", "integrity_notice_url", "integrity_reason")

validate_pmid = RegexValidator(
    r"^[0-9]{1,8}\Z",
    message=_('A PubMed ID is 1 to 8 digits and nothing else, e.g. "32662068".'),
    code="invalid_pmid",
)
validate_doi = RegexValidator(
    r"^10\.[0-9]{4,9}/\S+\Z",
    message=_('A DOI starts with "10.", a registrant number, "/" and a suffix, e.g. "10.1161/STROKEAHA.111.646810".'),
    code="invalid_doi",
)

# People paste DOIs as links or with a "doi:" label; the identifier is what follows.
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def normalise_doi(value: str) -> str:
    return _DOI_PREFIX.sub("", value.strip())


def validate_publication_year(year: int) -> None:
    latest = timezone.now().year + 1  # in-press papers carry next year's date
    if not EARLIEST_YEAR <= year <= latest:
        raise ValidationError(
            _("%(year)s is not a plausible publication year; use one between %(earliest)s and %(latest)s."),
            code="implausible_year",
            params={"year": year, "earliest": EARLIEST_YEAR, "latest": latest},
        )


class Study(Reviewable):
    """One paper, cited by compound profiles and articles.

    A Study is shared: pages cite it, never own it, so it is versioned and reviewed on
    its own and no page's revert can rewrite it.
    """

    class Design(models.TextChoices):
        META_ANALYSIS = "meta_analysis", _("Meta-analysis")
        SYSTEMATIC_REVIEW = "systematic_review", _("Systematic review")
        RCT = "rct", _("Randomised controlled trial")
        NON_RANDOMISED = "non_randomised", _("Non-randomised trial")
        OBSERVATIONAL = "observational", _("Observational study")
        CASE_REPORT = "case_report", _("Case report")
        NARRATIVE_REVIEW = "narrative_review", _("Narrative review")
        ANIMAL = "animal", _("Animal study")
        IN_VITRO = "in_vitro", _("In vitro study")

    class Funding(models.TextChoices):
        INDEPENDENT = "independent", _("Independent")
        INDUSTRY = "industry", _("Industry")
        MIXED = "mixed", _("Mixed")
        UNKNOWN = "unknown", _("Unknown")

    class RiskOfBias(models.TextChoices):
        LOW = "low", _("Low")
        SOME_CONCERNS = "some_concerns", _("Some concerns")
        HIGH = "high", _("High")
        UNCLEAR = "unclear", _("Unclear")

    class IntegrityStatus(models.TextChoices):
        NONE = "none", _("No notice")
        RETRACTED = "retracted", _("Retracted")
        CORRECTED = "corrected", _("Corrected")
        EXPRESSION_OF_CONCERN = "expression_of_concern", _("Expression of concern")

    class Direction(models.TextChoices):
        BENEFIT = "benefit", _("Benefit")
        NO_EFFECT = "no_effect", _("No clear effect")
        HARM = "harm", _("Harm")
        MIXED = "mixed", _("Mixed")
        UNCLEAR = "unclear", _("Unclear")

    HUMAN_DESIGNS = frozenset(
        {
            Design.META_ANALYSIS,
            Design.SYSTEMATIC_REVIEW,
            Design.RCT,
            Design.NON_RANDOMISED,
            Design.OBSERVATIONAL,
            Design.CASE_REPORT,
        }
    )
    # Pooled designs re-count the people of the trials they pool.
    PRIMARY_HUMAN_DESIGNS = HUMAN_DESIGNS - {Design.META_ANALYSIS, Design.SYSTEMATIC_REVIEW}

    slug = models.SlugField(max_length=100, unique=True, help_text='Part of the page address, e.g. "heiss-2012-casta".')
    pmid = models.CharField(
        "PubMed ID", max_length=8, blank=True, validators=[validate_pmid], help_text='Digits, e.g. "31234567".'
    )
    doi = models.CharField(
        "DOI", max_length=200, blank=True, validators=[validate_doi], help_text='e.g. "10.1002/14651858.CD007026.pub6".'
    )
    title = models.CharField(max_length=500, blank=True, help_text="As published.")
    authors = models.CharField(
        max_length=500, blank=True, help_text='Comma-separated, first author first, e.g. "Heiss WD, Brainin M".'
    )
    journal = models.CharField(max_length=200, blank=True, help_text='Abbreviated as in PubMed, e.g. "Stroke".')
    year = models.PositiveSmallIntegerField(null=True, blank=True, validators=[validate_publication_year])
    design = models.CharField(max_length=20, choices=Design.choices, blank=True)
    participants = models.IntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("Participants cannot be negative; leave it empty if unknown."))],
        help_text="People studied (for a meta-analysis: in the pooled trials). Empty if not reported.",
    )
    population = models.CharField(
        "population or indication",
        max_length=300,
        blank=True,
        help_text='e.g. "Adults within 12 h of ischaemic stroke".',
    )
    funding = models.CharField(max_length=20, choices=Funding.choices, default=Funding.UNKNOWN)
    risk_of_bias = models.CharField(max_length=20, choices=RiskOfBias.choices, default=RiskOfBias.UNCLEAR)
    finding = models.CharField(max_length=500, blank=True, help_text="One sentence: what the study found.")
    direction = models.CharField(
        "direction of result", max_length=20, choices=Direction.choices, default=Direction.UNCLEAR
    )

    abstract = models.TextField(blank=True, help_text="As published; filled by the PubMed import.")
    integrity_status = models.CharField(
        "publication notice",
        max_length=24,
        choices=IntegrityStatus.choices,
        default=IntegrityStatus.NONE,
        help_text="A retraction, correction or expression of concern the journal published about this paper.",
    )
    integrity_notice_date = models.DateField(
        "date of the notice", null=True, blank=True, help_text="When the journal published the notice."
    )
    integrity_notice_url = models.URLField(
        "link to the notice",
        max_length=500,
        blank=True,
        help_text='e.g. "https://doi.org/10.1161/STR.0000000000000001".',
    )
    integrity_reason = models.TextField(
        "reason given", blank=True, help_text='As the notice or Retraction Watch gives it, e.g. "Duplication of data".'
    )

    class Meta:
        verbose_name_plural = "studies"
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["pmid"], condition=~models.Q(pmid=""), name="study_unique_pmid"),
            models.UniqueConstraint(fields=["doi"], condition=~models.Q(doi=""), name="study_unique_doi"),
            models.CheckConstraint(
                condition=~models.Q(pmid="", doi=""),
                name="study_has_pmid_or_doi",
                violation_error_code="no_identifier",
                violation_error_message=NO_IDENTIFIER,
            ),
            models.CheckConstraint(
                condition=models.Q(participants__isnull=True) | models.Q(participants__gte=0),
                name="study_participants_not_negative",
                violation_error_message=_("Participants cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__isnull=True) | models.Q(year__gte=EARLIEST_YEAR),
                name="study_year_plausible",
                violation_error_message=_("The publication year is implausibly early."),
            ),
            models.CheckConstraint(
                condition=~models.Q(integrity_status="none")
                | models.Q(integrity_notice_date__isnull=True, integrity_notice_url="", integrity_reason=""),
                name="study_integrity_notice_has_status",
                violation_error_code="notice_without_status",
                violation_error_message=NOTICE_WITHOUT_STATUS,
            ),
        ]
        indexes = [models.Index(fields=["state", "-updated_at"], name="study_state_updated")]

    def __str__(self):
        return self.citation

    def clean_fields(self, exclude=None):
        self.pmid = self.pmid.strip()
        self.doi = normalise_doi(self.doi)
        super().clean_fields(exclude=exclude)

    def clean(self):
        errors = {}
        if not (self.pmid or self.doi):
            errors["pmid"] = ValidationError(NO_IDENTIFIER, code="no_identifier")
        if self.has_notice and not self.integrity_notice_url:
            errors["integrity_notice_url"] = ValidationError(NOTICE_WITHOUT_LINK, code="notice_without_link")
        if not self.has_notice and (self.integrity_notice_date or self.integrity_notice_url or self.integrity_reason):
            errors["integrity_status"] = ValidationError(NOTICE_WITHOUT_STATUS, code="notice_without_status")
        if errors:
            raise ValidationError(errors)

    @property
    def has_notice(self) -> bool:
        """The journal published a retraction, correction or expression of concern about it."""
        return self.integrity_status != self.IntegrityStatus.NONE

    @property
    def is_retracted(self) -> bool:
        return self.integrity_status == self.IntegrityStatus.RETRACTED

    @property
    def first_author(self) -> str:
        return self.authors.split(",")[0].strip()

    def free_slug(self) -> str:
        """A slug no study holds, for a new study, from its first author's surname, year
        and PubMed ID ("heiss-2012-22282884")."""
        surname = self.authors.split(" ")[0] or "study"
        return Study.unique_slug(f"{surname} {self.year or ''} {self.pmid or ''}")

    @property
    def citation(self) -> str:
        """Short form for lists and pickers: "Heiss WD et al. (2012) PMID 22282884"."""
        who = self.first_author or "Unknown author"
        if "," in self.authors:
            who += " et al."
        when = f" ({self.year})" if self.year else ""
        ident = f"PMID {self.pmid}" if self.pmid else f"DOI {self.doi}"
        return f"{who}{when} {ident}"

    @property
    def picker_label(self) -> str:
        """What an editor choosing a study to cite reads: "Heiss WD 2012 · Cerebrolysin in
        patients with acute ischemic stroke in Asia · PMID 22282884"."""
        title = self.title
        if len(title) > PICKER_TITLE_LENGTH:
            title = title[:PICKER_TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
        ident = f"PMID {self.pmid}" if self.pmid else f"DOI {self.doi}"
        who = " ".join(part for part in (self.first_author or "Unknown author", str(self.year or "")) if part)
        return " · ".join(part for part in (who, title, ident) if part)

    @property
    def pubmed_url(self) -> str:
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid else ""

    @property
    def is_human(self) -> bool:
        return self.design in self.HUMAN_DESIGNS

    @property
    def missing_details(self) -> list[str]:
        """What an editor still has to fill in before a reviewer can judge this study."""
        required = {
            "title": self.title,
            "authors": self.authors,
            "journal": self.journal,
            "year": self.year,
            "design": self.design,
        }
        return [name for name, value in required.items() if not value]


reversion.register(Study, exclude=Study.WORKFLOW_FIELDS)
