"""Loads the demo: a user per role, then studies, compounds and articles.

Each content object is written by the demo editor in one django-reversion revision
("Demo content") holding the object and every row it owns, then submitted and approved
by the demo reviewer through `reviews.services`, so the public pages show demo content
exactly as they would show real content. Every object and row goes through
`full_clean()` first: demo data obeys the validation editors face.

Idempotent: anything already present (users by username, studies by slug, PMID or DOI,
everything else by slug) is left alone, so a second run creates no rows, no revisions
and no new password hashes. The whole load is one transaction.
"""

from dataclasses import dataclass, field

import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.db.models import Q
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
from studies.models import Study

from .articles import ARTICLES, CATEGORIES
from .compounds import AREAS, COMPOUNDS
from .studies import STUDIES
from .users import USERS

COMMENT = "Demo content"
COMPOUND_FIELDS = {f.name for f in Compound._meta.concrete_fields} - {"id", "area"}

# How the tuples in the compound data map onto each child model.
COMPOUND_ROWS = (
    ("steps", MechanismStep, ("title", "text")),
    ("dosing", DosingProtocol, ("use", "dose_min", "dose_max", "unit", "route", "frequency", "duration", "basis", "note")),
    ("forms", CompoundForm, ("name", "advice", "note")),
    ("side_effects", SideEffect, ("name", "frequency", "note", "tip")),
    ("cautions", Caution, ("kind", "name", "note")),
    ("skip", SkipItem, ("title", "text")),
    ("faq", FaqEntry, ("question", "answer")),
)  # fmt: skip


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
        study = _existing_study(spec)
        report.count("studies", new=study is None)
        if study is None:
            study = _saved(Study(**spec), editor)
            _publish(study, editor, reviewer)
        studies[spec["pmid"] or spec["doi"]] = study

    areas = {name: _lookup(Area, name=name, description=description) for name, description in AREAS}
    new_compounds = []
    for spec in COMPOUNDS:
        compound = Compound.objects.filter(slug=spec["slug"]).first()
        report.count("compounds", new=compound is None)
        if compound is None:
            compound = Compound(**{k: v for k, v in spec.items() if k in COMPOUND_FIELDS}, area=areas[spec["area"]])
            compound.full_clean()
            # Saved bare first, outside any revision, so that related compounds exist when the
            # one "Demo content" revision below records each compound with all its rows.
            compound.save()
            new_compounds.append((spec, compound))
    for spec, compound in new_compounds:
        _fill_compound(compound, spec, studies, editor)
        _publish(compound, editor, reviewer)

    for spec in ARTICLES:
        exists = Article.objects.filter(slug=spec["slug"]).exists()
        report.count("articles", new=not exists)
        if not exists:
            _publish(_article(spec, studies, editor), editor, reviewer)
    return report


def _user(spec: dict, report: Report):
    User = get_user_model()
    user = User.objects.filter(username=spec["username"]).first()
    report.count("users", new=user is None)
    if user is not None:
        return user  # never touch an existing account, least of all its password
    user = User(
        username=spec["username"],
        email=f"{spec['username']}@example.org",
        first_name=spec["first_name"],
        last_name=spec["last_name"],
        is_staff=True,
        is_superuser=spec["is_superuser"],
    )
    validate_password(spec["password"], user)
    user.set_password(spec["password"])
    user.full_clean()
    user.save()
    user.groups.set(Group.objects.filter(name__in=spec["groups"]))
    if spec["profile"]:
        display_name, credentials, bio = spec["profile"]
        _clean_save(ReviewerProfile(user=user, display_name=display_name, credentials=credentials, bio=bio))
    return user


def _existing_study(spec: dict) -> Study | None:
    match = Q(slug=spec["slug"])
    for identifier in ("pmid", "doi"):
        if spec.get(identifier):
            match |= Q(**{identifier: spec[identifier]})
    return Study.objects.filter(match).first()


def _lookup(model, *, name: str, **fields):
    """Areas, categories and tags are shared labels, not reviewed content: no revision."""
    slug = slugify(name)
    return model.objects.filter(slug=slug).first() or _clean_save(model(name=name, slug=slug, **fields))


def _clean_save(obj):
    obj.full_clean()
    obj.save()
    return obj


def _saved(obj, editor):
    obj.full_clean()
    with reversion.create_revision():
        obj.save()
        reversion.set_user(editor)
        reversion.set_comment(COMMENT)
    return obj


def _publish(obj, editor, reviewer) -> None:
    services.approve(services.submit(obj, by=editor), by=reviewer)


def _rows(owner: dict, model, rows: list[dict]) -> list:
    return [_clean_save(model(position=position, **owner, **row)) for position, row in enumerate(rows, 1)]


def _fill_compound(compound: Compound, spec: dict, studies: dict, editor) -> None:
    owner = {"compound": compound}
    with reversion.create_revision():
        for key, model, columns in COMPOUND_ROWS:
            _rows(owner, model, [dict(zip(columns, row, strict=True)) for row in spec.get(key, [])])
        _rows(owner, KeyTakeaway, [{"text": text} for text in spec.get("key_takeaways", [])])
        _rows(owner, EvidenceLink, [{"study": studies[key]} for key in spec.get("studies", [])])
        verdicts = [
            dict(outcome=outcome, verdict=verdict, quality=quality, note=note)
            for outcome, verdict, quality, note, _ in spec.get("verdicts", [])
        ]
        for row, (*_, keys) in zip(_rows(owner, Verdict, verdicts), spec.get("verdicts", []), strict=True):
            row.studies.set(studies[key] for key in keys)
        compound.related_compounds.set(Compound.objects.filter(slug__in=spec.get("related", [])))
        compound.full_clean()
        compound.save()
        reversion.set_user(editor)
        reversion.set_comment(COMMENT)


def _article(spec: dict, studies: dict, editor) -> Article:
    name, description = CATEGORIES[spec["category"]]
    article = Article(
        kind=spec["kind"],
        slug=spec["slug"],
        title=spec["title"],
        description=spec["description"],
        category=_lookup(Category, name=name, description=description),
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
    owner = {"article": article}
    with reversion.create_revision():
        article.save()
        article.tags.set(_lookup(Tag, name=tag) for tag in spec["tags"])
        article.related_compounds.set(Compound.objects.filter(slug__in=spec["related"]))
        _rows(owner, ArticleKeyTakeaway, [{"text": text} for text in spec["key_takeaways"]])
        _rows(owner, ArticleFaqEntry, [{"question": q, "answer": a} for q, a in spec["faq"]])
        _rows(owner, ArticleSkipItem, [{"title": t, "text": x} for t, x in spec.get("skip", [])])
        _rows(owner, ArticleSource, [{"study": studies[key]} for key in spec["sources"]])
        reversion.set_user(editor)
        reversion.set_comment(COMMENT)
    return article
