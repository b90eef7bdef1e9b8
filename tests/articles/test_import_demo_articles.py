"""The demo articles are data: Markdown files that the importer must take as they are."""

from pathlib import Path

import pytest

from articles import front_matter, markdown
from articles.importing import import_article
from articles.models import Article
from reviews import services
from tests import factories
from tests.people.factories import live_person

pytestmark = pytest.mark.django_db
DEMO_ARTICLES = Path(__file__).resolve().parents[2] / "cms" / "demo" / "data" / "articles"
FILES = sorted(DEMO_ARTICLES.glob("*.md"))


def references(path: Path) -> tuple[set[str], set[str]]:
    """The PubMed IDs and compound slugs an article file names."""
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta, _lines, _problems = front_matter.load(head)
    pmids = {str(source) for source in meta.get("sources", [])} | set(markdown.cited_pmids(body))
    compounds = set(meta.get("related_compounds", [])) | ({meta["compound"]} if meta.get("compound") else set())
    return pmids, compounds


def named_authors(path: Path) -> list[str]:
    """The page addresses of the people an article file names as its authors, in order."""
    _, head, _body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta, _lines, _problems = front_matter.load(head)
    return meta.get("authors") or [meta["author"]]


def test_every_demo_article_imports_cleanly_and_can_be_published(editor_user, reviewer_user):
    assert len(FILES) == 3
    pmids, compounds = set(), set()
    for path in FILES:
        found = references(path)
        pmids |= found[0]
        compounds |= found[1]
    for pmid in sorted(pmids):
        factories.published_study(pmid=pmid, slug=f"study-{pmid}")
    for slug in sorted(compounds):
        factories.published_compound(slug=slug, name=slug.capitalize(), studies=0)

    authors = {path: named_authors(path) for path in FILES}
    for slug in sorted(set().union(*authors.values())):
        live_person(name=slug.replace("-", " ").title(), slug=slug)

    articles = [import_article(path, by=editor_user) for path in FILES]

    assert [article.slug for article in articles] == [path.stem for path in FILES]
    assert {article.kind for article in articles} == set(Article.Kind.values)
    for path, article in zip(FILES, articles, strict=True):
        assert [row.person.slug for row in article.authors.all()] == authors[path]
        assert article.sources.count() and article.key_takeaways.count() and article.faq_entries.count()
        factories.approve(services.submit(article, by=editor_user), by=reviewer_user)
        article.refresh_from_db()
        assert article.is_live
