"""An Article as Edition data, with its body rendered to safe HTML once, at approval."""

from django.urls import reverse

from compounds import selectors as compounds_selectors
from people import selectors as people
from reviews import registry, selectors
from studies.editions import approved_editions, cited_edition_ids, current_citations, unapproved

from . import markdown
from .models import Article


def _numbered(sources: list[dict]) -> list[dict]:
    return [{**source, "number": n} for n, source in enumerate(sources, 1)]


def _body_html(body: str, sources: list[dict]) -> str:
    """The Markdown body as safe HTML, its PubMed citations numbered as in the source list."""
    numbers = {source["study"]["pmid"]: source["number"] for source in sources if source["study"]["pmid"]}
    return markdown.render(body, source_numbers=numbers)


def _live_articles(ids) -> dict[int, dict]:
    """{"id", "title", "slug"} of each article as its current Edition shows it, by article id."""
    editions = selectors.current_editions("article").filter(
        content_type=selectors.content_type(Article), object_id__in=list(ids)
    )
    return {
        e["object_id"]: {"id": e["object_id"], "title": e["title"], "slug": e["slug"]}
        for e in editions.values("object_id", "title", "slug")
    }


def _authors(article: Article) -> list[dict]:
    """The article's authors in byline order as their own approved pages name them (one
    not live is left out, and submitting says so), with what the article's JSON-LD says
    of them: their job and, for a reviewer, the credentials held on the approval day."""
    ids = list(article.authors.values_list("person_id", flat=True))
    live = people.live_people(ids)
    return [live[pk] for pk in ids if pk in live]


def _byline(content: dict) -> str:
    """ "A, B and C", for the feed; an edition from before named authors has its "author"."""
    names = [author["name"] for author in content.get("authors", [])]
    if not names:
        return content.get("author", "")
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _rows(queryset, *fields) -> list[dict]:
    return [{"id": row.pk, **{name: getattr(row, name) for name in fields}} for row in queryset]


class ArticleEditionBuilder(registry.EditionBuilder):
    model = Article
    kind = "article"
    fragment_template = "articles/_article_body.html"
    critical = ("body", "sources", "protocol_notes", "evidence_tier")
    ordered_links = ("authors",)
    labels = {
        "faq": "FAQ",
        "skip_items": "What to skip",
        "body_html": "Body (as rendered)",
        "related_articles": "Where to go next",
        "related_articles.title": "Title",
        "related_articles.slug": "Page address",
    }
    link_sections = {
        "byline": ("authors", "articles/_byline.html"),
        "related_compounds": ("related_compounds", "articles/_related_compounds.html"),
        "compound_name": ("compound", "articles/_compound_name.html"),
        "compound_profile": ("compound", "articles/_compound_profile.html"),
        "related_articles": ("related_articles", "articles/_related_articles.html"),
    }

    def content(self, article: Article) -> dict:
        rows = list(article.sources.select_related("study"))
        approved = approved_editions([source.study for source in rows])
        sources = _numbered(
            [
                {"id": source.pk, "note": source.note, "study": approved[source.study_id]}
                for source in rows
                if source.study_id in approved
            ]
        )
        # Linked compounds as their own approved pages name them: a draft rename never shows here.
        live = compounds_selectors.live_compounds(
            [*article.related_compounds.values_list("pk", flat=True), article.compound_id]
        )
        related = [live[pk] for pk in article.related_compounds.values_list("pk", flat=True) if pk in live]
        # As their own approved pages title them; one not live yet is left out, as a compound is.
        further = _live_articles(article.related_articles.exclude(pk=article.pk).values_list("pk", flat=True))
        return {
            "kind": article.kind,
            "kind_label": article.get_kind_display(),
            "title": article.title,
            "slug": article.slug,
            "description": article.description,
            "category": {"name": article.category.name, "slug": article.category.slug},
            "tags": [{"name": tag.name, "slug": tag.slug} for tag in article.tags.order_by("name")],
            "image": article.image.url if article.image else "",
            "image_alt": article.image_alt,
            "authors": _authors(article),
            "published_on": article.published_on,
            "read_time_minutes": article.read_time_minutes,
            "body": article.body,
            "body_html": _body_html(article.body, sources),
            "key_takeaways": _rows(article.key_takeaways.all(), "text"),
            "faq": _rows(article.faq_entries.all(), "question", "answer"),
            "skip_items": _rows(article.skip_items.all(), "title", "text"),
            "sources": sources,
            "related_compounds": sorted(related, key=lambda c: c["name"]),
            "related_articles": sorted(further.values(), key=lambda a: a["title"]),
            "compound": live.get(article.compound_id),
            "indication": article.indication,
            "evidence_tier": article.evidence_tier,
            "evidence_tier_label": article.get_evidence_tier_display() if article.evidence_tier else "",
            "evidence_summary": article.evidence_summary,
            "protocol_notes": article.protocol_notes,
        }

    def facets(self, content: dict) -> dict:
        return {
            "kind": content["kind"],
            "category": content["category"]["slug"],
            "tags": [tag["slug"] for tag in content["tags"]],
            # "|a|b|": lets every database find a tag with a plain substring match
            "tag_list": "|" + "|".join(tag["slug"] for tag in content["tags"]) + "|",
            "category_name": content["category"]["name"],
            "description": content["description"],
            "compound": content["compound"]["slug"] if content["compound"] else "",
            "related_compounds": [c["slug"] for c in content["related_compounds"]],
            # By id, which a rename keeps: the compound's page lists the articles about it.
            "compound_id": content["compound"].get("id") if content["compound"] else None,
            "related_compound_list": "|" + "|".join(str(c.get("id")) for c in content["related_compounds"]) + "|",
            "search": " ".join([content["title"], content["description"], content["indication"]]),
            # For the feed, which reads facets only: the byline and the date the page shows.
            "author": _byline(content),
            "author_pages": [{"name": a["name"], "slug": a["slug"]} for a in content.get("authors", [])],
            # "|3|7|": the pages of the people who wrote it list it, on every database.
            "author_list": "|" + "|".join(str(a["id"]) for a in content.get("authors", [])) + "|",
            "published_on": content["published_on"],
        }

    def links(self, content: dict) -> dict[str, list[dict]]:
        compound = [content["compound"]] if content["compound"] and "id" in content["compound"] else []
        related = [c for c in content["related_compounds"] if "id" in c]
        articles = [
            {"kind": "article", "id": a["id"], "name": a["title"], "slug": a["slug"]}
            for a in content.get("related_articles", [])
        ]
        return {
            # In byline order, each with what the JSON-LD says of them as approved.
            "authors": [{"kind": people.KIND, **a} for a in content.get("authors", [])],
            "compound": [{"kind": "compound", **c} for c in compound],
            "related_compounds": [{"kind": "compound", **c} for c in related],
            "related_articles": articles,
        }

    def schema_with_links(self, schema: dict, links: dict) -> dict:
        schema = {key: value for key, value in schema.items() if key not in ("about", "author")}
        authors = [people.person_schema(link) for link in links.get("authors", [])]
        if authors:
            schema["author"] = authors if len(authors) > 1 else authors[0]
        if links.get("compound"):
            schema["about"] = {"@type": "Drug", "name": links["compound"][0]["name"]}
        return schema

    def with_current_citations(self, content: dict) -> dict:
        sources = _numbered(current_citations(content["sources"])[0])
        return {**content, "sources": sources, "body_html": _body_html(content["body"], sources)}

    def problems(self, article: Article) -> list[str]:
        problems = unapproved([source.study for source in article.sources.select_related("study")])
        for row in article.authors.select_related("person"):
            if not row.person.is_live:
                problems.append(
                    f"The author “{row.person}” has no approved page yet, and the byline links to it: "
                    "submit their page for review first."
                )
        if article.compound_id and not compounds_selectors.live_compounds([article.compound_id]):
            problems.append(
                f"The compound “{article.compound}” this page is about has no approved page yet: "
                "submit it for review first."
            )
        listed = {source.study.pmid for source in article.sources.select_related("study")}
        unlisted = [pmid for pmid in markdown.cited_pmids(article.body) if pmid not in listed]
        if unlisted:
            problems.append(
                f"The body cites PubMed {', '.join(unlisted)}, which the source list does not include: "
                "add them as sources."
            )
        return problems

    def cited_editions(self, content: dict) -> list[int]:
        return cited_edition_ids(content["sources"])

    def schema_org(self, edition, url: str) -> dict:
        page = edition.content
        data = super().schema_org(edition, url) | {
            "headline": page["title"],
            "description": page["description"],
            "keywords": [tag["name"] for tag in page["tags"]],
            "citation": [s["study"]["pubmed_url"] for s in page["sources"] if s["study"]["pubmed_url"]],
        }
        authors = [people.person_schema({**a, "url": people.page_url(a["slug"])}) for a in page.get("authors", [])]
        if authors:
            data["author"] = authors if len(authors) > 1 else authors[0]
        if page["compound"]:
            data["about"] = {"@type": "Drug", "name": page["compound"]["name"]}
        return data

    def url(self, slug: str) -> str:
        return reverse("articles:page", args=[slug])
