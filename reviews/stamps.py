"""Copying review stamps onto what readers see. Derived, idempotent work for jobs."""

from . import selectors
from .models import Reviewable, ReviewerProfile, ReviewStamp


def stamp_from_latest(obj: Reviewable) -> None:
    """Copy the latest review stamp onto the current Edition and the working copy.

    Derived and idempotent: the stamps are the truth; running this twice, or late,
    converges on the same values.
    """
    stamp = ReviewStamp.for_object(obj).select_related("reviewer").order_by("-reviewed_at", "-pk").first()
    edition = selectors.current_edition(obj)
    if stamp is None or edition is None:
        return
    edition.last_reviewed_at = stamp.reviewed_at
    edition.last_reviewed_by = stamp.reviewer
    edition.reviewer_name = stamp.reviewer_name
    edition.reviewer_credentials = stamp.reviewer_credentials
    edition.save(update_fields=["last_reviewed_at", "last_reviewed_by", "reviewer_name", "reviewer_credentials"])
    profile = ReviewerProfile.objects.filter(user=stamp.reviewer).first()
    obj.set_workflow(
        last_reviewed_at=stamp.reviewed_at,
        last_reviewed_by=profile,
        review_due_at=selectors.review_due(obj, reviewed_at=stamp.reviewed_at),
    )
