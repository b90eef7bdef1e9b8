"""The review framework's tables. It knows nothing of compounds, studies or articles:
content apps subclass `Reviewable` and plug in.

Imports go one way: cms -> content apps -> reviews.
"""

from .audit import AuditEvent
from .reviewable import OwnedRow, Reviewable, ReviewerProfile
from .workflow import Citation, ContentRef, Edition, ReviewFlag, ReviewStamp, Submission

__all__ = [
    "AuditEvent",
    "Citation",
    "ContentRef",
    "Edition",
    "OwnedRow",
    "ReviewFlag",
    "ReviewStamp",
    "Reviewable",
    "ReviewerProfile",
    "Submission",
]
