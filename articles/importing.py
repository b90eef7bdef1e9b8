"""Importing an article written in Markdown with YAML front matter (see docs/imports.md).

The file becomes one draft article, saved by a named user as one revision through
`reviews.services.drafting`. Its PubMed links and its `sources` become its numbered
sources, its "Key Takeaways" box and FAQ section (or the same lists in the front
matter) its rows. The whole file is checked first, against the same limits as the
admin (the model fields'), and any problem refuses it with every problem listed by
file, line and field; nothing is saved, shortened or dropped.
"""

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify
from PIL import Image, UnidentifiedImageError

from compounds.models import Compound
from people.models import Person
from reviews.services import drafting
from studies.importing import ImportRefused, StudyRecord, save_studies
from studies.models import Study

from . import body_sections, front_matter
from .import_sources import SourceRules
from .models import (
    Article,
    ArticleAuthor,
    ArticleFaqEntry,
    ArticleKeyTakeaway,
    ArticleSkipItem,
    ArticleSource,
    Category,
    Tag,
)

MAX_FILE_BYTES = 1_000_000  # the seed pages are under 15 kB: room for any article, not for a flood
FENCE = "---"
TEXT_KEYS = (
    "title", "description", "slug", "kind", "image", "image_alt", "author",
    "compound", "indication", "evidence_tier", "evidence_summary", "protocol_notes",
)  # fmt: skip
LIST_KEYS = (
    "authors",
    "tags",
    "related_compounds",
    "related_articles",
    "key_takeaways",
    "faq",
    "what_to_skip",
    "sources",
)
KEYS = (*TEXT_KEYS, *LIST_KEYS, "category", "published")
REQUIRED = ("title", "description", "category")
# Article fields whose front-matter key has another name.
KEY_OF_FIELD = {"published_on": "published"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_IMAGE_BYTES = 2_000_000  # a lead image for the web, not a print original
IMAGE_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}


@dataclass
class PlannedArticle:
    """A checked article, not yet saved: what `save_article` will write."""

    path: Path
    article: Article
    category: Category  # unsaved when new
    tags: list[Tag]  # the new ones unsaved
    related: list[Compound]
    related_articles: list[Article]
    rows: list  # takeaways, FAQ entries and "what to skip" items, positioned, unsaved
    sources: list[tuple[str, str]]  # (study key, note) in the order readers see them
    studies: dict[str, Study]  # the studies already here, by key
    authors: list[Person]  # in byline order; the new ones unsaved, saved as draft pages
    new_studies: list[StudyRecord]  # cited in the body and not here yet: created as drafts
    notes: list[str] = field(default_factory=list)  # what the file names but the import does not bring in
    image: tuple[str, bytes] | None = None  # (file name, checked image bytes) from beside the file


def import_article(path: Path, *, by, kind: str | None = None) -> Article:
    """Check `path` and save it as a draft article by `by`; raises ImportRefused, saving nothing."""
    return save_article(check_article(path, by=by, kind=kind), by=by)


def check_article(path: Path, *, by, kind: str | None = None) -> PlannedArticle:
    """Everything an import needs, checked against the database; saves nothing."""
    path = Path(path)
    if not by.has_perm("articles.add_article"):
        raise ImportRefused([f"{path}: {by.get_username()} may not add articles; import as an editor"])
    meta, lines, problems, body_lines, body_line = _read(path)
    return _Reader(path, meta, lines, problems, body_lines, body_line).plan(by=by, kind=kind)


def save_article(plan: PlannedArticle, *, by) -> Article:
    """Write a checked plan in one transaction: new studies first, then the article as one revision."""
    article, name = plan.article, plan.path.name
    try:
        with transaction.atomic():
            if plan.category.pk is None:
                plan.category.save()
            article.category = plan.category
            for tag in plan.tags:
                if tag.pk is None:
                    tag.save()
            studies = dict(plan.studies)
            if plan.new_studies:
                studies |= save_studies(plan.new_studies, by=by, comment=f"Cited by {name}")[0]
            for person in plan.authors:
                if person.pk is None:
                    with drafting(by=by, comment=f"Named as an author in {name}"):
                        person.save()
            with drafting(by=by, comment=f"Imported from {name}"):
                if plan.image is not None:
                    article.image.save(plan.image[0], ContentFile(plan.image[1]), save=False)
                article.save()
                article.tags.set(plan.tags)
                article.related_compounds.set(plan.related)
                article.related_articles.set(plan.related_articles)
                for row in plan.rows:
                    row.article = article
                    row.save()
                for position, person in enumerate(plan.authors, 1):
                    ArticleAuthor.objects.create(article=article, person=person, position=position)
                for position, (key, note) in enumerate(plan.sources, 1):
                    ArticleSource.objects.create(article=article, study=studies[key], position=position, note=note)
    except IntegrityError as exc:
        # Only a concurrent write gets here: everything else was checked first.
        raise ImportRefused([f"{plan.path}: not saved, something changed while importing ({exc}); try again"]) from exc
    return article


def _is_web_address(name: str) -> bool:
    """An address on a website ("/images/x.webp", "https://…"), not a file beside the article."""
    return name.startswith("/") or "://" in name


def _read(path: Path) -> tuple[dict, dict[tuple, int], list, list[str], int]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportRefused([f"{path}: the file is {size:,} bytes; at most {MAX_FILE_BYTES:,} are accepted"])
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark is not part of the text
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportRefused([f"{path}: cannot be read: {exc}"]) from exc
    lines = text.splitlines()
    nul = next((n for n, line in enumerate(lines, 1) if "\x00" in line), None)
    if nul:
        raise ImportRefused([f"{path}:{nul}: contains a NUL character, which no text field can hold"])
    if not lines or lines[0].strip() != FENCE:
        raise ImportRefused([f"{path}:1: the file must start with “---” and YAML front matter"])
    closing = next((n for n in range(1, len(lines)) if lines[n].strip() == FENCE), None)
    if closing is None:
        raise ImportRefused([f"{path}:1: the front matter is never closed by a “---” line"])
    try:
        meta, value_lines, problems = front_matter.load("\n".join(lines[1:closing]), first_line=2)
    except front_matter.FrontMatterError as exc:
        raise ImportRefused([f"{path}:{exc.line}: {exc.message}"]) from exc
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ImportRefused([f"{path}:2: front matter must be “key: value” lines"])
    return meta, value_lines, problems, lines[closing + 1 :], closing + 2


class _Reader(SourceRules, front_matter.Fields):
    """One file's article rules: what each key may hold and what must exist already."""

    def __init__(self, path: Path, meta: dict, lines: dict, problems: list, body_lines: list[str], body_line: int):
        super().__init__(path, meta, lines, problems)
        self.body_lines, self.body_line = body_lines, body_line

    def body_problem(self, index: int, message: str) -> None:
        self.problems.append(f"{self.path}:{self.body_line + index}: {message}")

    def plan(self, *, by, kind: str | None) -> PlannedArticle:
        meta = self.meta
        for key in meta:
            self.known(key, KEYS, (str(key),))
        text = {key: self.text(key) for key in TEXT_KEYS}
        for key in REQUIRED:
            if key not in self.flagged and not (text.get(key) or meta.get(key)):
                self.problems.append(f"{self.path}:1: front matter has no “{key}”")
                self.flagged.add(key)
        kind = self.kind(text["kind"], kind)
        sections = body_sections.lift(self.body_lines, title=text["title"])
        for index, message in sections.problems:
            self.body_problem(index, message)
        article = Article(
            kind=kind,
            title=text["title"],
            slug=self.slug(text["slug"], text["title"]),
            description=text["description"],
            body=sections.body,
            published_on=self.published(),
            image_alt=text["image_alt"],
            compound=self.compound(text["compound"]),
            indication=text["indication"],
            evidence_tier=self.choice("evidence_tier", text["evidence_tier"], Article.EvidenceTier.values),
            evidence_summary=text["evidence_summary"],
            protocol_notes=text["protocol_notes"],
        )
        self.check_article(article)
        rows = self.takeaways(sections.takeaways) + self.faq(sections.faq) + self.skip_items()
        sources, studies, new_studies = self.sources()
        plan = PlannedArticle(
            path=self.path,
            article=article,
            category=self.category(),
            tags=self.tags(),
            related=self.related(),
            related_articles=self.related_articles(),
            rows=rows,
            sources=sources,
            studies=studies,
            new_studies=new_studies,
            authors=self.authors(text["author"]),
        )
        plan.notes += [
            f"The author “{person.name}” has no page yet: a draft page was made for them; complete it and have it "
            "approved before the article goes to review."
            for person in plan.authors
            if person.pk is None
        ]
        if text["image"] and _is_web_address(text["image"]):
            plan.notes.append(f"The image {text['image']} was not imported: upload it in the admin.")
        elif text["image"]:
            plan.image = self.image(text["image"], text["image_alt"])
        self.permissions(plan, by)
        if self.problems:
            raise ImportRefused(self.problems)
        return plan

    def kind(self, value: str, option: str | None) -> str:
        if option and value and option != value:
            self.problem(("kind",), f"is “{value}” but the command asked for {option}; remove one")
        kind = option or value or Article.Kind.GUIDE
        return self.choice("kind", kind, Article.Kind.values)

    def choice(self, key: str, value: str, choices: list[str]) -> str:
        if value and value not in choices:
            close = difflib.get_close_matches(value, choices, n=1)
            hint = f"did you mean “{close[0]}”?" if close else ""
            self.problem((key,), f"“{value}” is not one of {', '.join(choices)}. {hint}".strip())
            return ""
        return value

    def slug(self, given: str, title: str) -> str:
        if given:
            if given != slugify(given):
                self.problem(("slug",), f"“{given}” is not a slug; use lowercase letters, digits and hyphens, "
                             f"e.g. “{slugify(given) or 'my-article'}”")  # fmt: skip
                return ""
            slug = given
        else:
            slug = slugify(title)
            if title and not slug:
                self.problem(("title",), "gives an empty page address; add “slug:” with letters or digits")
        if slug and Article.objects.filter(slug=slug).exists():
            self.problem(
                ("slug",) if given else ("title",),
                f"an article “{slug}” already exists; change the title or give another slug",
            )
        return slug

    def published(self) -> date | None:
        value = self.meta.get("published")
        if value is front_matter.UNREADABLE:
            return None
        if isinstance(value, str) and ISO_DATE.match(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError as exc:
                self.problem(("published",), f"“{value}” is not a real date ({exc})")
                return None
        if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
            return value
        self.problem(("published",), f"“{value}” is not a date like 2026-02-14")
        return None

    def authors(self, author: str) -> list[Person]:
        """The people `author` (one) or `authors` (a list) name, each by their page's
        address, their name, or the username of a reviewer with a page; anyone else gets
        a new draft page under the name given (a username: the user's full name)."""
        named = self.texts("authors")
        if author and named:
            self.problem(("author",), "is given with “authors”; list every author under “authors”")
        found = {}
        for where, value in [(("author",), author)] if author else [(("authors", n), v) for n, v in named]:
            person = self._person(value, where)
            if person is not None:
                found.setdefault(person.slug, person)
        return list(found.values())

    def _person(self, value: str, where: tuple) -> Person | None:
        person = Person.objects.filter(Q(slug=value) | Q(name__iexact=value)).first()
        if person is not None:
            return person
        user = get_user_model().objects.filter(username=value).select_related("reviewer_profile__person").first()
        if user is not None:
            profile = getattr(user, "reviewer_profile", None)
            if profile is not None and hasattr(profile, "person"):
                return profile.person
            value = user.get_full_name() or value
            person = Person.objects.filter(name__iexact=value).first()
            if person is not None:
                return person
        person = Person(name=value, slug=Person.unique_slug(value, max_length=100))
        self._clean(person, where, validate_unique=False)
        return person

    def compound(self, slug: str) -> Compound | None:
        if not slug:
            return None
        return self._compounds([slug], ("compound",)).get(slug)

    def related(self) -> list[Compound]:
        slugs = self.texts("related_compounds")
        found = self._compounds([slug for _n, slug in slugs], ("related_compounds",))
        return [found[slug] for _n, slug in slugs if slug in found]

    def related_articles(self) -> list[Article]:
        slugs = self.texts("related_articles")
        found = {a.slug: a for a in Article.objects.filter(slug__in=[slug for _n, slug in slugs])}
        for n, slug in slugs:
            if slug not in found:
                close = difflib.get_close_matches(slug, Article.objects.values_list("slug", flat=True), n=1)
                hint = f"; did you mean “{close[0]}”?" if close else "; import that article first"
                self.problem(("related_articles", n), f"there is no article “{slug}”{hint}")
        return [found[slug] for _n, slug in slugs if slug in found]

    def image(self, name: str, alt: str) -> tuple[str, bytes] | None:
        """The image file named beside the article, checked to be a web image; None (reported) otherwise."""
        folder = self.path.resolve().parent
        file = (folder / name).resolve()
        if not file.is_relative_to(folder):
            self.problem(("image",), f"“{name}” is outside the article's folder; put the image beside the file")
            return None
        if not alt:
            self.problem(("image_alt",), "describe the image for readers who cannot see it")
        try:
            size = file.stat().st_size
            if size > MAX_IMAGE_BYTES:
                self.problem(("image",), f"“{name}” is {size:,} bytes; at most {MAX_IMAGE_BYTES:,} are accepted")
                return None
            data = file.read_bytes()
            with Image.open(file) as image:
                image.verify()
                kind = image.format
        except FileNotFoundError:
            self.problem(("image",), f"there is no file “{name}” beside the article")
            return None
        except (OSError, UnidentifiedImageError, SyntaxError) as exc:
            self.problem(("image",), f"“{name}” cannot be read as an image ({exc})")
            return None
        if kind not in IMAGE_FORMATS:
            self.problem(("image",), f"“{name}” is a {kind} image; use {', '.join(sorted(IMAGE_FORMATS))}")
            return None
        if file.suffix.lower() not in {IMAGE_FORMATS[kind], ".jpeg" if kind == "JPEG" else IMAGE_FORMATS[kind]}:
            self.problem(("image",), f"“{name}” holds a {kind} image; name it with {IMAGE_FORMATS[kind]}")
            return None
        return file.name, data

    def _compounds(self, slugs: list[str], where: tuple) -> dict[str, Compound]:
        found = {c.slug: c for c in Compound.objects.filter(slug__in=slugs)}
        for slug in slugs:
            if slug not in found:
                close = difflib.get_close_matches(slug, Compound.objects.values_list("slug", flat=True), n=1)
                hint = f"; did you mean “{close[0]}”?" if close else "; import the compound first"
                self.problem(where, f"there is no compound “{slug}”{hint}")
        return found

    def category(self) -> Category:
        value = self.meta.get("category")
        description = ""
        if isinstance(value, dict):
            item = self.mapping(value, ("name", "description"), ("category",)) or {}
            name, description = item.get("name") or "", item.get("description") or ""
            if "name" not in value:
                self.problem(("category",), "has no “name”")
        else:
            name = self.as_text(value, ("category",)) or ""
        slug = slugify(name)
        if name == slug:  # written as a slug: "peptide-guides" names "Peptide guides"
            name = slug.replace("-", " ").capitalize()
        existing = Category.objects.filter(Q(slug=slug) | Q(name=name)).first() if slug else None
        if existing:
            return existing
        category = Category(name=name, slug=slug, description=description)
        if name and not slug:
            self.problem(("category",), f"“{name}” gives an empty address; use letters or digits")
        elif name:
            self._clean(category, ("category",), validate_unique=False)
        return category

    def tags(self) -> list[Tag]:
        tags = {}
        for n, name in self.texts("tags"):
            slug = slugify(name)
            if not slug:
                self.problem(("tags", n), f"“{name}” gives an empty address; use letters or digits")
                continue
            tag = Tag.objects.filter(Q(slug=slug) | Q(name=name)).first() or Tag(name=name, slug=slug)
            if tag.pk is None:
                self._clean(tag, ("tags", n), validate_unique=False)
            tags.setdefault(tag.slug, tag)
        return list(tags.values())

    # Rows --------------------------------------------------------------------

    def takeaways(self, from_body: list[tuple[int, str]]) -> list:
        given = self.texts("key_takeaways")
        if given and from_body:
            self.problem(("key_takeaways",), "are also in the body's Key Takeaways box; keep one of the two")
        rows = []
        for position, (n, text) in enumerate(given, 1):
            rows.append(self._row(ArticleKeyTakeaway(position=position, text=text), ("key_takeaways", n)))
        for position, (index, text) in enumerate(from_body, 1):
            rows.append(self._row(ArticleKeyTakeaway(position=position, text=text), index=index))
        return rows

    def faq(self, from_body: list[tuple[int, str, str]]) -> list:
        given = self.mappings("faq", ("question", "answer"), required=("question", "answer"))
        if given and from_body:
            self.problem(("faq",), "is also in the body's FAQ section; keep one of the two")
        rows = []
        for position, (n, item) in enumerate(given, 1):
            rows.append(self._row(ArticleFaqEntry(position=position, **item), ("faq", n)))
        for position, (index, question, answer) in enumerate(from_body, 1):
            rows.append(self._row(ArticleFaqEntry(position=position, question=question, answer=answer), index=index))
        return rows

    def skip_items(self) -> list:
        items = self.mappings("what_to_skip", ("title", "text"), required=("title",))
        return [
            self._row(ArticleSkipItem(position=position, **item), ("what_to_skip", n))
            for position, (n, item) in enumerate(items, 1)
        ]

    def _row(self, row, where: tuple = (), *, index: int | None = None):
        try:
            row.full_clean(exclude=["article", "study"], validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    if index is None:
                        self.problem((*where, name), message)
                    else:
                        label = "key takeaway" if isinstance(row, ArticleKeyTakeaway) else "FAQ"
                        self.body_problem(index, f"{label} {row.position}: {name}: {message}")
        return row

    # Whole-article checks ------------------------------------------------------

    def check_article(self, article: Article) -> None:
        try:
            article.full_clean(exclude=["category"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                from_title = name == "slug" and not self.meta.get("slug")
                key = "title" if from_title else KEY_OF_FIELD.get(name, name)
                if key in self.flagged:
                    continue
                for message in messages:
                    if name == "body":
                        self.body_problem(0, f"body: {message}")
                    elif from_title:
                        self.problem(("title",), f"the page address made from it: {message}")
                    else:
                        self.problem((key,), message)

    def _clean(self, obj, where: tuple, **options) -> None:
        try:
            obj.full_clean(**options)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.problem(where, f"{name}: {message}")

    def permissions(self, plan: PlannedArticle, by) -> None:
        needed = {
            "categories": (["articles.add_category"] if plan.category.pk is None and plan.category.name else []),
            "tags": ["articles.add_tag"] if any(tag.pk is None for tag in plan.tags) else [],
            "studies": ["studies.add_study", "studies.change_study"] if plan.new_studies else [],
            "author pages": ["people.add_person"] if any(person.pk is None for person in plan.authors) else [],
        }
        for what, permissions in needed.items():
            if not by.has_perms(permissions):
                self.problems.append(f"{self.path}: {by.get_username()} may not add {what}, which this file needs")
