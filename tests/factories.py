"""Test data. Content starts as a draft, the state editors create it in; later states
are reached through the workflow services, never by writing `state` directly.
"""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken

from articles.models import Article, ArticleAuthor, ArticleSource, Category, Tag
from compounds.models import (
    Area,
    Caution,
    Compound,
    DosingProtocol,
    EvidenceLink,
    FaqEntry,
    SideEffect,
    Verdict,
)
from reviews import credentials, second_factor, selectors, services, signatures
from reviews.models import Credential, Edition, ReviewerProfile
from reviews.roles import EDITORS, MANAGING_EDITORS, MEDICAL_REVIEWERS
from studies.models import Study

PASSWORD = "a-long-test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            self.groups.add(*(Group.objects.get(name=name) for name in names))
        if create:
            self.save()
            # Asked of a fresh copy: `has_perm` caches on the instance, and a test may add groups to this one.
            fresh = get_user_model().objects.get(pk=self.pk)
            if second_factor.requires_second_factor(fresh) and not second_factor.has_second_factor(fresh):
                enrol(self)


def authenticator_code(user) -> str:
    """What `user`'s authenticator app (or the one they are setting up) shows now."""
    return second_factor.code_shown_now(second_factor.authenticator(user) or second_factor.start_enrolment(user))


# Everyone enrolled by `enrol` holds these backup codes, so that a test can sign in with
# one without asking the database (the browser tests cannot while the browser runs).
BACKUP_CODES = tuple(f"backup-{n:02d}" for n in range(1, 31))


def enrol(user):
    """Two-factor sign-in set up as a person sets it up: an authenticator confirmed with
    its first code, then a list of backup codes (BACKUP_CODES). Everyone who signs has it."""
    device = second_factor.start_enrolment(user)
    second_factor.confirm_enrolment(user, device, authenticator_code(user))
    second_factor.issue_backup_codes(user, list(BACKUP_CODES))
    return user


def backup_code(user) -> str:
    """One of `user`'s backup codes, as read off their list (each is accepted once).
    Adds it to the list, so a test never runs out. "" for someone never enrolled."""
    device = second_factor.device_for_code(user, "backup")
    return device.token_set.create(token=StaticToken.random_token()).token if device else ""


def signature(user) -> signatures.Signature:
    """`user`'s signature as made at a first signing in a session: password and a code.
    Refused (SignatureRefused), as for anyone, if `user` has no second factor."""
    return signatures.sign(user, session={}, password=PASSWORD, code=backup_code(user))


def editor(**kwargs):
    return UserFactory(groups=[EDITORS], **kwargs)


def managing_editor(**kwargs):
    return UserFactory(groups=[MANAGING_EDITORS], **kwargs)


def reviewer(*, abbreviations=("MD",), **kwargs):
    """A medical reviewer who can sign: each of `abbreviations` is a licence a managing
    editor verified, valid for a year."""
    user = UserFactory(groups=[MEDICAL_REVIEWERS], **kwargs)
    profile, created = ReviewerProfile.objects.get_or_create(user=user, defaults={"display_name": user.get_full_name()})
    if created:
        for abbreviation in abbreviations:
            verified_credential(profile, abbreviation=abbreviation)
        profile.refresh_from_db(fields=["credentials"])
    return user


class CredentialFactory(factory.django.DjangoModelFactory):
    """An unverified licence, valid for a year; `verified_credential` verifies one."""

    class Meta:
        model = Credential

    kind = Credential.Kind.LICENCE
    abbreviation = "MD"
    issuing_body = "General Medical Council"
    number = factory.Sequence(lambda n: str(7000000 + n))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))


def verified_credential(profile: ReviewerProfile, *, by=None, **kwargs) -> Credential:
    """A credential of `profile`, verified through the service by a managing editor."""
    credential = CredentialFactory(reviewer=profile, **kwargs)
    return credentials.verify(credential, by=by or managing_editor(username="credentials-desk"))


class StudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Study

    pmid = factory.Sequence(lambda n: str(30000000 + n))
    slug = factory.LazyAttribute(lambda s: f"pmid-{s.pmid}")
    title = factory.Sequence(lambda n: f"A randomised trial of compound {n}")
    authors = "Doe J, Roe R"
    journal = "Trials"
    year = 2020
    design = Study.Design.RCT
    participants = 120
    funding = Study.Funding.INDEPENDENT
    finding = "The treated group improved more than placebo on the primary outcome."
    direction = Study.Direction.BENEFIT


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)

    name = "Neuro & cognition"
    slug = "neuro-cognition"


class CompoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Compound

    name = factory.Sequence(lambda n: f"Compound {n}")
    slug = factory.Sequence(lambda n: f"compound-{n}")
    kind = Compound.Kind.SUPPLEMENT
    drug_class = "Amino acid derivative"
    area = factory.SubFactory(AreaFactory)
    fda_status = Compound.FdaStatus.SUPPLEMENT
    summary = "A compound studied in small trials for memory."


class DosingProtocolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DosingProtocol

    compound = factory.SubFactory(CompoundFactory)
    use = "Memory"
    dose_min = 100
    dose_max = 200
    unit = DosingProtocol.Unit.MG
    route = DosingProtocol.Route.ORAL
    frequency = "once daily"
    duration = "8 weeks"
    basis = DosingProtocol.Basis.CLINICAL_TRIAL


class SideEffectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SideEffect

    compound = factory.SubFactory(CompoundFactory)
    name = factory.Sequence(lambda n: f"Side effect {n}")
    frequency = SideEffect.Frequency.COMMON


class CautionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Caution

    compound = factory.SubFactory(CompoundFactory)
    kind = Caution.Kind.INTERACTION
    name = "MAO inhibitors"


class FaqEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FaqEntry

    compound = factory.SubFactory(CompoundFactory)
    question = "Is it safe?"
    answer = "Only short trials exist."


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    compound = factory.SubFactory(CompoundFactory)
    outcome = "Memory"
    verdict = Verdict.Finding.MIXED
    quality = Verdict.Quality.LOW


class EvidenceLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceLink

    compound = factory.SubFactory(CompoundFactory)
    study = factory.SubFactory(StudyFactory)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = "Peptide guides"
    slug = "peptide-guides"


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    kind = Article.Kind.GUIDE
    title = factory.Sequence(lambda n: f"A guide to compound {n}")
    slug = factory.Sequence(lambda n: f"guide-{n}")
    description = "What the trials say, in plain words."
    category = factory.SubFactory(CategoryFactory)
    body = "## What it is\n\nA short body with a [citation](https://pubmed.ncbi.nlm.nih.gov/22282884/)."


class ArticleSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleSource

    article = factory.SubFactory(ArticleFactory)
    study = factory.SubFactory(StudyFactory)


NO_KNOWN_ADVERSE_EFFECTS = "Neither trial (120 people in all) recorded an adverse event."
CITED_STUDY_SLUG = "factory-cited-trial"


def cited_study() -> Study:
    """The published study that factory compounds with no study of their own cite, so
    that they can go to review (a compound must cite at least one)."""
    return Study.objects.filter(slug=CITED_STUDY_SLUG).first() or published_study(
        slug=CITED_STUDY_SLUG, pmid="39999999", title="A randomised trial the test compounds cite"
    )


def compound_with_rows(*, studies=3, dosing=2, side_effects=2, by=None, cite_when_no_studies=True, **kwargs):
    """A draft compound with child rows, saved as one revision as an editor's save is.

    It meets what submitting asks, once its studies are approved: with no study of its
    own it has a verdict citing `cited_study()` (unless `cite_when_no_studies` is
    false), and with no side effects it says why none are known.
    """
    if not side_effects:
        kwargs.setdefault("no_known_adverse_effects_reason", NO_KNOWN_ADVERSE_EFFECTS)
    # Published before the draft's revision opens: publishing writes revisions of its own.
    cited = cited_study() if not studies and cite_when_no_studies else None
    with services.drafting(by=by or editor(username="factory-editor"), comment="Created in a test"):
        compound = CompoundFactory(**kwargs)
        for position in range(dosing):
            DosingProtocolFactory(compound=compound, position=position)
        for position in range(side_effects):
            SideEffectFactory(compound=compound, position=position)
        for position in range(studies):
            EvidenceLinkFactory(compound=compound, position=position)
        if cited is not None:
            VerdictFactory(compound=compound, position=0).studies.add(cited)
    return compound


def approve(submission, *, by, **kwargs) -> Edition:
    """Publish `submission` with `by`'s approval as the one that publishes it: when its
    risk class needs more than one, other reviewers ("co-reviewer-2", ...) approve
    first, as a review desk would. `kwargs` (`publish_at`, `comment`) go with `by`'s."""
    for n in range(2, submission.approvals_required + 1):
        if not selectors.sign_off(submission).next_publishes:
            co_reviewer = reviewer(username=f"co-reviewer-{n}")
            services.approve(submission, by=co_reviewer, signature=signature(co_reviewer))
    return services.approve(submission, by=by, signature=signature(by), **kwargs)


def _publish(obj, *, author=None, approver=None):
    """Submit and approve `obj` through the workflow services, as people would: by
    `approver`, and by a second reviewer when the change needs two."""
    author = author or editor(username="factory-editor")
    approver = approver or reviewer(username="factory-reviewer")
    approve(services.submit(obj, by=author), by=approver)
    obj.refresh_from_db()
    return obj


def published_study(**kwargs) -> Study:
    return _publish(StudyFactory(**kwargs))


def published_compound(*, studies=3, dosing=2, side_effects=2, **kwargs) -> Compound:
    compound = compound_with_rows(
        studies=0, dosing=dosing, side_effects=side_effects, cite_when_no_studies=not studies, **kwargs
    )
    for position in range(studies):
        EvidenceLinkFactory(compound=compound, study=published_study(), position=position)
    return _publish(compound)


def published_article(*, authors=(), **kwargs) -> Article:
    """A live article citing one study; `authors` (live people) in byline order."""
    article = ArticleFactory(**kwargs)
    for position, person in enumerate(authors):
        ArticleAuthor.objects.create(article=article, person=person, position=position)
    ArticleSourceFactory(article=article, study=published_study(pmid="22282884", slug="heiss-2012"))
    return _publish(article)
