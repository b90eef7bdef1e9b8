"""The review framework's tables. It knows nothing of compounds, studies or articles:
content apps subclass `Reviewable` and plug in.

Imports go one way: cms -> content apps -> reviews.
"""

from .audit import AuditEvent
from .comments import ReviewComment
from .credentials import Credential, CredentialNotice
from .reviewable import OwnedRow, Reviewable, ReviewerProfile
from .workflow import Approval, ChangeKind, Citation, ContentRef, Edition, ReviewFlag, ReviewStamp, Submission

__all__ = [
    "Approval",
    "AuditEvent",
    "ChangeKind",
    "Citation",
    "ContentRef",
    "Credential",
    "CredentialNotice",
    "Edition",
    "OwnedRow",
    "ReviewComment",
    "ReviewFlag",
    "ReviewStamp",
    "Reviewable",
    "ReviewerProfile",
    "Submission",
]
