"""Loads the demo: users for each role, then studies, compounds and articles, each
written by the demo editor and approved by the demo reviewer through the workflow,
so the public site shows them exactly as it would show real content.

Idempotent: anything already present (by username, PMID or slug) is left alone.
"""

from dataclasses import dataclass, field

import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.text import slugify

from articles.models import Article, ArticleFaqEntry, ArticleKeyTakeaway, ArticleSkipItem, ArticleSource, Category, Tag
from compounds.models import (
    Area,
    Caution,
    Compound,
    CompoundForm,
    DosingProtocol,
    EvidenceLink,
    FaqEntry,
    KeyTakeaway,
    MechanismStep,
    SideEffect,
    SkipItem,
    Verdict,
)
from reviews import services
from reviews.models import ReviewerProfile
from reviews.roles import EDITORS, MEDICAL_REVIEWERS
from studies.models import Study

from .articles import ARTICLES
from .compounds import AREAS, COMPOUNDS
from .studies import STUDIES

# Fixed so that the README can tell a new user how to sign in; demo only.
USERS = [
    dict(username="editor", password="review-this-draft-26", first_name="Maya", last_name="Lindqvist", role=EDITORS),
    dict(username="reviewer", password="check-every-dose-26", first_name="Amara", last_name="Okafor", role=MEDICAL_REVIEWERS,
         profile=("Dr Amara Okafor", "MD, PhD")),
    dict(username="admin", password="manage-the-desk-26", first_name="Sam", last_name="Adeyemi", role=None,
         profile=("Sam Adeyemi", "PharmD")),
]  # fmt: skip


@dataclass
class Report:
    created: dict[str, int] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, *, new: bool) -> None:
        bucket = self.created if new else self.present
        bucket[kind] = bucket.get(kind, 0) + 1


@transaction.atomic
def load() -> Report:
    report = Report()
    users = {spec["username"]: _user(spec, report) for spec in USERS}
    editor, reviewer = users["editor"], users["reviewer"]
    studies = {}
    for spec in STUDIES:
        study, new = _study(spec, editor)
        studies[spec["pmid"]] = study
        report.count("studies", new=new)
        if new:
            _publish(study, editor, reviewer)
    areas = {name: Area.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0] for name in AREAS}
    drafts = []
    for spec in COMPOUNDS:
        existing = Compound.objects.filter(slug=spec["slug"]).first()
        report.count("compounds", new=existing is None)
        if existing is None:
            drafts.append((spec, _compound(spec, areas, studies, editor)))
    for spec, compound in drafts:
        with reversion.create_revision():
            compound.related_compounds.set(Compound.objects.filter(slug__in=spec["related"]))
            compound.save()
            reversion.set_user(editor)
            reversion.set_comment("Demo content: related compounds")
        _publish(compound, editor, reviewer)
    for spec in ARTICLES:
        existing = Article.objects.filter(slug=spec["slug"]).first()
        report.count("articles", new=existing is None)
        if existing is None:
            _publish(_article(spec, studies, editor), editor, reviewer)
    return report


def _user(spec: dict, report: Report):
    User = get_user_model()
    user = User.objects.filter(username=spec["username"]).first()
    report.count("users", new=user is None)
    if user is not None:
        return user
    validate_password(spec["password"])
    user = User.objects.create_user(
        username=spec["username"],
        password=spec["password"],
        email=f"{spec['username']}@example.org",
        first_name=spec["first_name"],
        last_name=spec["last_name"],
        is_staff=True,
        is_superuser=spec["role"] is None,
    )
    if spec["role"]:
        user.groups.add(Group.objects.get(name=spec["role"]))
    if "profile" in spec:
        name, credentials = spec["profile"]
        ReviewerProfile.objects.create(user=user, display_name=name, credentials=credentials)
    return user


def _saved(obj, editor, comment: str = "Demo content"):
    obj.full_clean()
    with reversion.create_revision():
        obj.save()
        reversion.set_user(editor)
        reversion.set_comment(comment)
    return obj


def _publish(obj, editor, reviewer) -> None:
    services.approve(services.submit(obj, by=editor), by=reviewer)


def _study(spec: dict, editor) -> tuple[Study, bool]:
    existing = Study.objects.filter(pmid=spec["pmid"]).first()
    if existing:
        return existing, False
    return _saved(Study(**spec), editor), True


def _rows(compound, model, rows, **kwargs):
    for position, row in enumerate(rows, 1):
        obj = model(compound=compound, position=position, **row, **kwargs)
        obj.full_clean()
        obj.save()


def _compound(spec: dict, areas: dict, studies: dict, editor) -> Compound:
    fields = {k: v for k, v in spec.items() if k in {f.name for f in Compound._meta.concrete_fields}}
    compound = Compound(**{**fields, "area": areas[spec["area"]]})
    compound.full_clean()
    with reversion.create_revision():
        compound.save()
        _rows(compound, KeyTakeaway, [{"text": t} for t in spec["key_takeaways"]])
        _rows(compound, MechanismStep, [{"title": t, "text": x} for t, x in spec["steps"]])
        _rows(compound, EvidenceLink, [{"study": studies[p]} for p in spec["studies"]])
        _rows(compound, DosingProtocol, [
            dict(zip(("use", "dose_min", "dose_max", "unit", "route", "frequency", "duration", "basis", "note"), row, strict=True))
            for row in spec["dosing"]
        ])  # fmt: skip
        _rows(
            compound, CompoundForm, [dict(zip(("name", "advice", "note"), row, strict=True)) for row in spec["forms"]]
        )
        _rows(
            compound,
            SideEffect,
            [dict(zip(("name", "frequency", "note", "tip"), row, strict=True)) for row in spec["side_effects"]],
        )
        _rows(compound, Caution, [dict(zip(("kind", "name", "note"), row, strict=True)) for row in spec["cautions"]])
        _rows(compound, SkipItem, [{"title": t, "text": x} for t, x in spec["skip"]])
        _rows(compound, FaqEntry, [{"question": q, "answer": a} for q, a in spec["faq"]])
        for position, (outcome, verdict, quality, note, pmids) in enumerate(spec["verdicts"], 1):
            row = Verdict(
                compound=compound, position=position, outcome=outcome, verdict=verdict, quality=quality, note=note
            )
            row.full_clean()
            row.save()
            row.studies.set(studies[p] for p in pmids)
        reversion.set_user(editor)
        reversion.set_comment("Demo content")
    return compound


def _article(spec: dict, studies: dict, editor) -> Article:
    name, slug = spec["category"]
    article = Article(
        kind=spec["kind"],
        slug=spec["slug"],
        title=spec["title"],
        description=spec["description"],
        category=Category.objects.get_or_create(slug=slug, defaults={"name": name})[0],
        body=spec["body"],
        author=editor,
        published_on=spec.get("published_on"),
        compound=Compound.objects.filter(slug=spec.get("compound")).first(),
        indication=spec.get("indication", ""),
        evidence_tier=spec.get("evidence_tier", ""),
        evidence_summary=spec.get("evidence_summary", ""),
        protocol_notes=spec.get("protocol_notes", ""),
    )
    article.full_clean()
    with reversion.create_revision():
        article.save()
        article.tags.set(Tag.objects.get_or_create(slug=slugify(t), defaults={"name": t})[0] for t in spec["tags"])
        article.related_compounds.set(Compound.objects.filter(slug__in=spec["related"]))
        for n, text in enumerate(spec["key_takeaways"], 1):
            ArticleKeyTakeaway.objects.create(article=article, position=n, text=text)
        for n, (question, answer) in enumerate(spec["faq"], 1):
            ArticleFaqEntry.objects.create(article=article, position=n, question=question, answer=answer)
        for n, (title, text) in enumerate(spec.get("skip", []), 1):
            ArticleSkipItem.objects.create(article=article, position=n, title=title, text=text)
        for n, pmid in enumerate(spec["sources"], 1):
            ArticleSource.objects.create(article=article, position=n, study=studies[pmid])
        reversion.set_user(editor)
        reversion.set_comment("Demo content")
    return article
