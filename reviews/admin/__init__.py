"""Admin for the review framework. Content apps subclass `ReviewableAdmin`."""

from . import audit, comments, flags, people, queue  # noqa: F401  (registers the framework's own admins)
from .reviewable import OwnedRowInline, OwnedRowStackedInline, ReviewableAdmin, run_transition

__all__ = ["OwnedRowInline", "OwnedRowStackedInline", "ReviewableAdmin", "run_transition"]
