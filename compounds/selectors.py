"""Reads for compound pages."""

import json

from django.db import connection

from reviews.models import Edition

# Run on every compound page view. On PostgreSQL the JSON containment test finds the
# articles in the database; SQLite has no containment operator, so it reads every
# live article's facets and the caller filters. Raw SQL skips the ORM's compilation,
# which cost more than the query.
_ARTICLES_ABOUT_SQL = {
    "postgresql": f"""
        SELECT title, slug, facets FROM {Edition._meta.db_table}
         WHERE kind = 'article' AND published_at IS NOT NULL AND superseded_at IS NULL AND unpublished_at IS NULL
           AND (facets ->> 'compound' = %s OR facets -> 'related_compounds' @> %s::jsonb)
         ORDER BY published_at DESC, id DESC
    """,
    "sqlite": f"""
        SELECT title, slug, facets FROM {Edition._meta.db_table}
         WHERE kind = 'article' AND published_at IS NOT NULL AND superseded_at IS NULL AND unpublished_at IS NULL
           AND %s IS NOT NULL AND %s IS NOT NULL
         ORDER BY published_at DESC, id DESC
    """,
}


def articles_about(slug: str) -> list[tuple[str, str]]:
    """(title, slug) of live articles about the compound `slug` or naming it as related."""
    with connection.cursor() as cursor:
        cursor.execute(_ARTICLES_ABOUT_SQL[connection.vendor], [slug, json.dumps([slug])])
        rows = cursor.fetchall()
    found = []
    for title, article, facets in rows:
        facets = json.loads(facets) if isinstance(facets, str) else facets
        if facets.get("compound") == slug or slug in facets.get("related_compounds", []):
            found.append((title, article))
    return found
