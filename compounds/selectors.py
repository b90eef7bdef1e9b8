"""Reads for compound pages."""

import json

from django.db import connection

from reviews.models import Edition

_LIVE_ARTICLE = f"""
    FROM {Edition._meta.db_table} article
   WHERE article.kind = 'article' AND article.published_at IS NOT NULL
     AND article.superseded_at IS NULL AND article.unpublished_at IS NULL
"""

# The live articles about the compound whose edition row is `page` (their `compound`
# facet) or naming it as related, as one JSON array of [title, slug, published_at, id].
# A correlated subquery, so that the compound page reads them in the query that reads
# its edition. SQLite has no JSON containment operator; json_each does the same there.
ARTICLES_ABOUT_SQL = {
    "postgresql": f"""(
        SELECT COALESCE(json_agg(json_build_array(article.title, article.slug, article.published_at, article.id)),
                        '[]'::json)
        {_LIVE_ARTICLE}
           AND (article.facets ->> 'compound' = page.slug
                OR article.facets -> 'related_compounds' @> jsonb_build_array(page.slug))
    )""",
    "sqlite": f"""(
        SELECT json_group_array(json_array(article.title, article.slug, article.published_at, article.id))
        {_LIVE_ARTICLE}
           AND (json_extract(article.facets, '$.compound') = page.slug
                OR EXISTS (SELECT 1 FROM json_each(article.facets, '$.related_compounds') related
                            WHERE related.value = page.slug))
    )""",
}


def article_links(found) -> list[tuple[str, str]]:
    """(title, slug) from what ARTICLES_ABOUT_SQL found, newest first."""
    rows = json.loads(found) if isinstance(found, str) else found
    return [(title, slug) for title, slug, *_ in sorted(rows, key=lambda row: (row[2], row[3]), reverse=True)]


def articles_about(slug: str) -> list[tuple[str, str]]:
    """(title, slug) of live articles about the compound `slug` or naming it as related."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {ARTICLES_ABOUT_SQL[connection.vendor]} FROM (SELECT %s AS slug) page", [slug])
        return article_links(cursor.fetchone()[0])
