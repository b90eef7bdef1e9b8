import reversion
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from reviews import figures
from reviews.models import OwnedRow, Reviewable
from studies.models import Study

from . import scoring


class Area(models.Model):
    """A health area the directory groups compounds by ("Neuro & cognition")."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Compound(Reviewable):
    """A compound profile: the richest page type on the site."""

    class Kind(models.TextChoices):
        PRESCRIPTION_DRUG = "prescription_drug", _("Prescription drug")
        OTC_DRUG = "otc_drug", _("Over-the-counter drug")
        SUPPLEMENT = "supplement", _("Dietary supplement")
        RESEARCH_PEPTIDE = "research_peptide", _("Research peptide")
        INVESTIGATIONAL = "investigational", _("Investigational drug")

    class Cycling(models.TextChoices):
        REQUIRED = "required", _("Required")
        RECOMMENDED = "recommended", _("Recommended")
        NOT_REQUIRED = "not_required", _("Not required")

    class FdaStatus(models.TextChoices):
        APPROVED = "approved", _("FDA-approved")
        NOT_APPROVED = "not_approved", _("Not FDA-approved")
        SUPPLEMENT = "supplement", _("Sold as a supplement (not FDA-evaluated)")
        INVESTIGATIONAL = "investigational", _("Investigational in the US")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # The banner a reader sees above everything else, by kind. Kinds without one are
    # ordinary supplements and over-the-counter products.
    BANNERS = {
        Kind.PRESCRIPTION_DRUG: _(
            "Prescription medication, not a dietary supplement. Described here for reference, not as a "
            "recommendation: use it only as prescribed by a clinician."
        ),
        Kind.RESEARCH_PEPTIDE: _(
            "Research chemical, not approved for human use. Products sold online have unverified identity, "
            "purity and sterility."
        ),
        Kind.INVESTIGATIONAL: _(
            "Investigational drug: not approved for this use. Take it only within a clinical trial."
        ),
    }

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True, help_text='Part of the page address, e.g. "cerebrolysin".')
    other_names = models.CharField(
        max_length=300, blank=True, help_text='Comma-separated brand names, codes and synonyms, e.g. "FPF-1070".'
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    drug_class = models.CharField("class", max_length=120, help_text='e.g. "Neurotrophic peptide preparation".')
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="compounds")
    approved_in = models.CharField(
        "where approved", max_length=300, blank=True, help_text='e.g. "Prescription drug in Austria, Russia and China".'
    )
    fda_status = models.CharField("FDA status", max_length=20, choices=FdaStatus.choices)
    manufacturer = models.CharField(max_length=200, blank=True)
    is_proprietary = models.BooleanField(
        "proprietary product",
        null=True,
        blank=True,
        help_text="Yes: one maker's branded product (e.g. Cerebrolysin). No: generic, or made by many. "
        "Unknown: the page and its machine-readable data say nothing either way.",
    )
    standard_dose = models.CharField(
        max_length=300, blank=True, help_text="One line for the header; the dosing table below holds the detail."
    )
    summary = models.TextField(help_text="Two or three sentences shown at the top of the page and in the directory.")
    what_it_is = models.TextField("what it is", blank=True)
    mechanism = models.TextField(blank=True)
    evidence_appraisal = models.TextField(
        "honest appraisal", blank=True, help_text="Why the evidence earns its score, in plain words."
    )
    evidence_score_override = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(scoring.MIN_SCORE), MaxValueValidator(scoring.MAX_SCORE)],
        help_text="Leave empty to use the score computed from the linked studies. Overriding needs a reason.",
    )
    evidence_override_reason = models.TextField(
        blank=True, help_text="Shown to the medical reviewer: why the computed score is wrong for this compound."
    )
    no_known_adverse_effects_reason = models.TextField(
        "why no side effects or cautions are known",
        blank=True,
        help_text=(
            "Only for a page that lists no side effects and no cautions: say why none are known, e.g. "
            "“Neither trial (120 people in all) recorded an adverse event.” "
            "The medical reviewer reads it and the page shows it."
        ),
    )
    timing = models.TextField(
        "timing", blank=True, help_text="When and how it is taken: time of day, with or without food."
    )
    cycle_min_days = models.PositiveSmallIntegerField("minimum course (days)", null=True, blank=True)
    cycle_optimal_days = models.PositiveSmallIntegerField("optimal course (days)", null=True, blank=True)
    cycling = models.CharField(
        "cycling",
        max_length=20,
        choices=Cycling.choices,
        blank=True,
        help_text="Whether breaks between courses are needed. Leave empty when nobody knows.",
    )
    cycle_note = models.TextField("cycle note", blank=True)
    dose_response = models.TextField(
        "dose-response",
        blank=True,
        help_text="Whether more does more, as studies comparing doses show; say so when none did.",
    )
    higher_dose_note = models.TextField(
        "pushing higher",
        blank=True,
        help_text="What people do beyond the standard dose, and what goes wrong when they do.",
    )
    stacking_note = models.TextField("stacking", blank=True)
    related_compounds = models.ManyToManyField("self", blank=True, symmetrical=False, related_name="+")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(evidence_score_override__isnull=True) | ~models.Q(evidence_override_reason=""),
                name="compound_override_has_reason",
                violation_error_code="override_without_reason",
                violation_error_message=_("Explain why you override the computed score."),
            ),
            models.CheckConstraint(
                condition=models.Q(cycle_min_days__isnull=True)
                | models.Q(cycle_optimal_days__isnull=True)
                | models.Q(cycle_min_days__lte=models.F("cycle_optimal_days")),
                name="compound_cycle_min_not_above_optimal",
                violation_error_message=_("The minimum course is longer than the optimal one."),
            ),
        ]
        indexes = [models.Index(fields=["state", "-updated_at"], name="compound_state_updated")]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.evidence_score_override is not None and not self.evidence_override_reason.strip():
            errors["evidence_override_reason"] = ValidationError(
                _("Explain why you override the computed score; the medical reviewer will read it."),
                code="override_without_reason",
            )
        if (
            self.cycle_min_days is not None
            and self.cycle_optimal_days is not None
            and self.cycle_min_days > self.cycle_optimal_days
        ):
            errors["cycle_min_days"] = ValidationError(
                _("The minimum course (%(min)s days) is longer than the optimal one (%(opt)s days)."),
                code="cycle_min_above_optimal",
                params={"min": self.cycle_min_days, "opt": self.cycle_optimal_days},
            )
        if errors:
            raise ValidationError(errors)

    @property
    def banner(self) -> str:
        return self.BANNERS.get(self.kind, "")


@reversion.register()
class MechanismStep(OwnedRow):
    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="mechanism_steps")
    title = models.CharField(max_length=200, help_text='A short headline, e.g. "It mimics neurotrophic factors".')
    text = models.TextField()

    class Meta(OwnedRow.Meta):
        verbose_name = "“how it works” step"

    def __str__(self):
        return self.title


@reversion.register()
class EvidenceLink(OwnedRow):
    """A study this compound's page cites. The study itself is shared and never owned."""

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="evidence_links")
    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="evidence_links")
    note = models.CharField(max_length=300, blank=True, help_text="What this study shows for this compound.")
    pools = models.ManyToManyField(
        Study,
        blank=True,
        related_name="+",
        verbose_name="pools these studies",
        help_text="For a review: the trials cited on this page that it pools, so their people count once.",
    )

    class Meta(OwnedRow.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["compound", "study"],
                name="evidence_link_unique_study",
                violation_error_message=_("This study is already linked to the compound."),
            ),
        ]

    def __str__(self):
        return str(self.study_id and self.study)


@reversion.register()
class Verdict(OwnedRow):
    """What the evidence says for one outcome."""

    class Finding(models.TextChoices):
        BENEFIT = "benefit", _("Benefit")
        NO_BENEFIT = "no_benefit", _("No benefit")
        HARM = "harm", _("Harm")
        MIXED = "mixed", _("Mixed")
        INSUFFICIENT = "insufficient", _("Insufficient evidence")

    class Quality(models.TextChoices):
        HIGH = "high", _("High")
        MODERATE = "moderate", _("Moderate")
        LOW = "low", _("Low")
        VERY_LOW = "very_low", _("Very low")

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="verdicts")
    outcome = models.CharField(max_length=200, help_text='e.g. "Acute ischaemic stroke: death or dependency".')
    verdict = models.CharField(max_length=20, choices=Finding.choices)
    quality = models.CharField("quality of evidence", max_length=20, choices=Quality.choices)
    note = models.TextField(blank=True)
    studies = models.ManyToManyField(Study, blank=True, related_name="+", help_text="The studies behind this verdict.")

    def __str__(self):
        return self.outcome


@reversion.register()
class DosingProtocol(OwnedRow):
    class Unit(models.TextChoices):
        MG = "mg", "mg"
        MCG = "mcg", "mcg"
        G = "g", "g"
        ML = "mL", "mL"
        IU = "IU", "IU"
        MG_PER_KG = "mg/kg", "mg/kg"
        MCG_PER_KG = "mcg/kg", "mcg/kg"
        DROPS = "drops", _("drops")
        CFU = "CFU", "CFU"

    class Route(models.TextChoices):
        ORAL = "oral", _("Oral")
        SUBLINGUAL = "sublingual", _("Sublingual")
        INTRANASAL = "intranasal", _("Intranasal")
        SUBCUTANEOUS = "subcutaneous", _("Subcutaneous injection")
        INTRAMUSCULAR = "intramuscular", _("Intramuscular injection")
        INTRAVENOUS = "intravenous", _("Intravenous infusion")
        TOPICAL = "topical", _("Topical")
        OTHER = "other", _("Other")

    class Basis(models.TextChoices):
        CLINICAL_TRIAL = "clinical_trial", _("Clinical trial")
        LABEL = "label", _("Product label")
        COMMUNITY = "community", _("Community practice")

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="dosing_protocols")
    use = models.CharField("use or condition", max_length=200, help_text='e.g. "Acute ischaemic stroke".')
    dose_min = models.DecimalField(
        max_digits=10,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("A dose cannot be negative."))],
    )
    dose_max = models.DecimalField(
        max_digits=10,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("A dose cannot be negative."))],
        help_text="Same as the minimum for a single dose.",
    )
    unit = models.CharField(max_length=10, choices=Unit.choices, blank=True)
    route = models.CharField(max_length=20, choices=Route.choices)
    frequency = models.CharField(max_length=120, blank=True, help_text='e.g. "once daily".')
    duration = models.CharField(max_length=200, blank=True, help_text='e.g. "10 days, started within 12 h".')
    basis = models.CharField(max_length=20, choices=Basis.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta(OwnedRow.Meta):
        verbose_name = "dosing protocol"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(dose_min__isnull=True) | models.Q(dose_min__gte=0))
                & (models.Q(dose_max__isnull=True) | models.Q(dose_max__gte=0)),
                name="dosing_not_negative",
                violation_error_message=_("A dose cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(dose_min__isnull=True)
                | models.Q(dose_max__isnull=True)
                | models.Q(dose_min__lte=models.F("dose_max")),
                name="dosing_min_not_above_max",
                violation_error_message=_("The maximum dose is below the minimum."),
            ),
            models.CheckConstraint(
                condition=(models.Q(dose_min__isnull=True) & models.Q(dose_max__isnull=True)) | ~models.Q(unit=""),
                name="dosing_dose_has_unit",
                violation_error_message=_("Choose the unit this dose is in."),
            ),
        ]

    def __str__(self):
        return f"{self.use}: {self.dose_display}"

    def clean(self):
        errors = {}
        if self.dose_min is not None and self.dose_max is not None and self.dose_min > self.dose_max:
            errors["dose_max"] = ValidationError(
                _("The maximum dose (%(max)s) is below the minimum (%(min)s)."),
                code="dose_min_above_max",
                params={"min": self.dose_min, "max": self.dose_max},
            )
        if (self.dose_min is not None or self.dose_max is not None) and not self.unit:
            errors["unit"] = ValidationError(_("Choose the unit this dose is in."), code="dose_without_unit")
        if errors:
            raise ValidationError(errors)

    @property
    def dose_display(self) -> str:
        """ "10–30 mL", "30 mL" or "" when the row gives no figure."""
        low, high = self.dose_min, self.dose_max
        if low is None and high is None:
            return ""
        shown = [figures.figure(value) for value in (low, high) if value is not None]
        amount = shown[0] if len(set(shown)) == 1 else "–".join(shown)
        return f"{amount} {self.unit}"


@reversion.register()
class CompoundForm(OwnedRow):
    class Advice(models.TextChoices):
        RECOMMENDED = "recommended", _("Recommended")
        ACCEPTABLE = "acceptable", _("Acceptable")
        AVOID = "avoid", _("Avoid")

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="forms")
    name = models.CharField(max_length=200, help_text='e.g. "Injectable solution".')
    advice = models.CharField(max_length=20, choices=Advice.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta(OwnedRow.Meta):
        verbose_name = "form"

    def __str__(self):
        return self.name


@reversion.register()
class SideEffect(OwnedRow):
    class Frequency(models.TextChoices):
        COMMON = "common", _("Common")
        UNCOMMON = "uncommon", _("Uncommon")
        RARE = "rare", _("Rare")
        SERIOUS = "serious", _("Serious")

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="side_effects")
    name = models.CharField(max_length=200)
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    note = models.TextField(blank=True)
    tip = models.CharField(max_length=300, blank=True, help_text="What a reader can do about it.")

    def __str__(self):
        return self.name


@reversion.register()
class Caution(OwnedRow):
    """An interaction, a contraindication or a general caution."""

    class Kind(models.TextChoices):
        INTERACTION = "interaction", _("Interaction")
        CONTRAINDICATION = "contraindication", _("Contraindication")
        CAUTION = "caution", _("Caution")

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="cautions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200, help_text='e.g. "MAO inhibitors" or "Pregnancy".')
    note = models.TextField(blank=True)

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"


class SkipItemBase(OwnedRow):
    """A "what to skip" entry: a product, practice or claim readers should avoid."""

    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)

    class Meta(OwnedRow.Meta):
        abstract = True
        verbose_name = "“what to skip” entry"
        verbose_name_plural = "“what to skip” entries"

    def __str__(self):
        return self.title


class FaqEntryBase(OwnedRow):
    question = models.CharField(max_length=300)
    answer = models.TextField()

    class Meta(OwnedRow.Meta):
        abstract = True
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ"

    def __str__(self):
        return self.question


class KeyTakeawayBase(OwnedRow):
    text = models.CharField(max_length=300)

    class Meta(OwnedRow.Meta):
        abstract = True
        verbose_name = "key takeaway"

    def __str__(self):
        return self.text


@reversion.register()
class SkipItem(SkipItemBase):
    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="skip_items")


@reversion.register()
class FaqEntry(FaqEntryBase):
    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="faq_entries")


@reversion.register()
class KeyTakeaway(KeyTakeawayBase):
    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="key_takeaways")


# The compound's revision holds the compound and every row it owns; a Study is followed
# by nobody, so reverting a compound never rewrites or deletes a study others cite.
COMPOUND_OWNED_ROWS = (
    "mechanism_steps",
    "evidence_links",
    "verdicts",
    "dosing_protocols",
    "forms",
    "side_effects",
    "cautions",
    "skip_items",
    "faq_entries",
    "key_takeaways",
)
reversion.register(Compound, follow=COMPOUND_OWNED_ROWS, exclude=Compound.WORKFLOW_FIELDS)
