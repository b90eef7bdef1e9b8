"""Importing a guide written in Markdown with YAML front matter (see docs/imports.md).

The file becomes one draft article. Its PubMed links become its numbered sources
(studies reused by PMID, new ones created as drafts for an editor to complete), its
"Key Takeaways" blockquote becomes takeaway rows and its FAQ section FAQ rows. Any
problem refuses the whole file, with the line and the reason, and nothing is saved.
"""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import reversion
import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from compounds.importing import ImportRefused
from studies.importing import StudyRecord, save_studies

from . import markdown
from .models import Article, ArticleFaqEntry, ArticleKeyTakeaway, ArticleSource, Category, Tag

FENCE = "---"
REQUIRED = ("title", "description", "category")
TAKEAWAYS_START = re.compile(r"^>\s*\*\*Key Takeaways?\*\*\s*$", re.IGNORECASE)
FAQ_HEADING = re.compile(r"^##\s+(Frequently Asked Questions|FAQ)\s*$", re.IGNORECASE)
CITATION_TEXT = re.compile(r"^(?P<author>[^,\d]+?)(?:\s+et al\.?)?,?\s+(?P<year>(?:18|19|20)\d\d)$")


@dataclass
class ArticleImport:
    article: Article
    new_studies: list[str]


def import_article(path: Path, *, kind: str | None = None) -> ArticleImport:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportRefused([f"{path}: cannot be read: {exc}"]) from exc
    meta, body, body_line = _split_front_matter(text, path)
    problems = [f"{path}:1: front matter has no “{key}”" for key in REQUIRED if not str(meta.get(key) or "").strip()]
    kind = kind or meta.get("kind") or Article.Kind.GUIDE
    if kind not in (Article.Kind.GUIDE, Article.Kind.JOURNAL_POST):
        problems.append(f"{path}:1: kind “{kind}” cannot be imported; use guide or journal_post")
    published = meta.get("published")
    if published is not None and not isinstance(published, date):
        problems.append(f"{path}:1: published “{published}” is not a date like 2026-02-14")
    tags = meta.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        problems.append(f"{path}:1: tags must be a list of words")
        tags = []
    title = str(meta.get("title") or "").strip()
    citations = _citations(body, path, body_line, problems)  # before lifting, so line numbers hold
    body = _drop_title_heading(body, title)
    body, takeaways = _lift_takeaways(body)
    body, faq = _lift_faq(body)
    if problems:
        raise ImportRefused(problems)
    slug = slugify(meta.get("slug") or title)[:200]
    if Article.objects.filter(slug=slug).exists():
        raise ImportRefused([f"{path}:1: an article “{slug}” already exists; change the title or give a slug"])
    article = Article(
        kind=kind,
        title=title,
        slug=slug,
        description=str(meta["description"]).strip(),
        body=body.strip() + "\n",
        published_on=published,
    )
    _check(article, path, exclude=["category"])
    return _save(article, meta, tags, takeaways, faq, citations, path)


def _split_front_matter(text: str, path: Path) -> tuple[dict, str, int]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE:
        raise ImportRefused([f"{path}:1: the file must start with “---” and YAML front matter"])
    try:
        closing = next(n for n in range(1, len(lines)) if lines[n].strip() == FENCE)
    except StopIteration:
        raise ImportRefused([f"{path}:1: the front matter is never closed by a “---” line"]) from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:closing])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for the opening fence, +1 as lines count from 1
        raise ImportRefused([f"{path}:{line}: front matter is not valid YAML: {getattr(exc, 'problem', exc)}"]) from exc
    if not isinstance(meta, dict):
        raise ImportRefused([f"{path}:2: front matter must be “key: value” lines"])
    return meta, "\n".join(lines[closing + 1 :]), closing + 2


def _drop_title_heading(body: str, title: str) -> str:
    lines = body.splitlines()
    for n, line in enumerate(lines):
        if line.strip():
            if line.startswith("# ") and line[2:].strip() == title:
                del lines[n]
            break
    return "\n".join(lines)


def _lift_takeaways(body: str) -> tuple[str, list[str]]:
    lines = body.splitlines()
    for start, line in enumerate(lines):
        if TAKEAWAYS_START.match(line.strip()):
            end = start + 1
            while end < len(lines) and lines[end].startswith(">"):
                end += 1
            items = [re.sub(r"^>\s*[-*]\s+", "", line).strip() for line in lines[start + 1 : end]]
            items = [_plain(item) for item in items if item and not item.startswith(">")]
            return "\n".join(lines[:start] + lines[end:]), [item for item in items if item]
    return body, []


def _lift_faq(body: str) -> tuple[str, list[tuple[str, str]]]:
    lines = body.splitlines()
    start = next((n for n, line in enumerate(lines) if FAQ_HEADING.match(line.strip())), None)
    if start is None:
        return body, []
    end = next((n for n in range(start + 1, len(lines)) if lines[n].startswith("## ")), len(lines))
    entries, question, answer = [], None, []
    for line in lines[start + 1 : end]:
        if line.startswith("### "):
            if question:
                entries.append((question, "\n".join(answer).strip()))
            question, answer = line[4:].strip(), []
        elif question:
            answer.append(line)
    if question:
        entries.append((question, "\n".join(answer).strip()))
    return "\n".join(lines[:start] + lines[end:]), entries


def _plain(text: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*", r"\1", text)


def _citations(body: str, path: Path, body_line: int, problems: list[str]) -> dict[str, StudyRecord]:
    records: dict[str, StudyRecord] = {}
    for link in markdown.pubmed_links(body):
        if not markdown.VALID_PMID.match(link.pmid):
            problems.append(f"{path}:{body_line + link.line - 1}: “{link.pmid}” is not a PubMed ID (1 to 8 digits)")
            continue
        if link.pmid in records:
            continue
        fields = {"pmid": link.pmid, "doi": "", "title": "", "authors": "", "journal": "", "year": None, "design": ""}
        match = CITATION_TEXT.match(link.text.strip())
        if match:
            fields["authors"], fields["year"] = match["author"].strip(), int(match["year"])
        records[link.pmid] = StudyRecord(key=f"pmid:{link.pmid}", fields=fields)
    return records


def _check(obj, path: Path, *, exclude=()) -> None:
    try:
        obj.full_clean(exclude=list(exclude), validate_constraints=False)
    except ValidationError as exc:
        raise ImportRefused(
            [f"{path}: {name}: {message}" for name, messages in exc.message_dict.items() for message in messages]
        ) from exc


@transaction.atomic
def _save(article, meta, tags, takeaways, faq, citations, path: Path) -> ArticleImport:
    category_slug = slugify(meta["category"])
    article.category = Category.objects.get_or_create(
        slug=category_slug, defaults={"name": category_slug.replace("-", " ").capitalize()}
    )[0]
    studies, _created, _reused = save_studies(citations.values(), comment=f"Cited by {path.name}")
    with reversion.create_revision(atomic=False):
        article.save()
        article.tags.set(Tag.objects.get_or_create(slug=slugify(tag), defaults={"name": tag})[0] for tag in tags)
        for n, text in enumerate(takeaways, 1):
            ArticleKeyTakeaway.objects.create(article=article, position=n, text=text[:300])
        for n, (question, answer) in enumerate(faq, 1):
            ArticleFaqEntry.objects.create(article=article, position=n, question=question[:300], answer=answer)
        for n, record in enumerate(citations.values(), 1):
            ArticleSource.objects.create(article=article, study=studies[record.key], position=n)
        reversion.set_comment(f"Imported from {path.name}")
    incomplete = [
        f"{study.citation}: add its {', '.join(study.missing_details)}"
        for study in studies.values()
        if study.missing_details
    ]
    return ArticleImport(article, incomplete)
