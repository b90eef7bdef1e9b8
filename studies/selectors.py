"""Public reads about studies, from their approved Editions only."""

from reviews import selectors
from reviews.models import Edition


def study_page(*, slug: str) -> Edition | None:
    """The current edition of the study page at `slug`, without the content it was rendered from."""
    return selectors.public_edition(kind="study", slug=slug)
