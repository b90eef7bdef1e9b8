"""Demo sign-ins, one per role, and the reviewers' credentials.

The passwords are fixed, not generated, so the README and the command's output can name
them and a second run changes nothing. They pass Django's password validators. They are
for a local demo only: never load the demo into a database anyone else can reach.
"""

import hashlib

from reviews.roles import EDITORS, MANAGING_EDITORS, MEDICAL_REVIEWERS


def licence(abbreviation, issuing_body, number, *, expires_in_days):
    """A licence the demo managing editor verifies; it expires that many days after loading."""
    return dict(
        kind="licence", abbreviation=abbreviation, issuing_body=issuing_body, number=number, expires_in=expires_in_days
    )


def degree(abbreviation, issuing_body):
    return dict(kind="degree", abbreviation=abbreviation, issuing_body=issuing_body, number="", expires_in=None)


USERS = [
    dict(
        username="editor",
        password="review-this-draft-26",
        first_name="Maya",
        last_name="Lindqvist",
        groups=[EDITORS],
        is_superuser=False,
        role="Editors: write and submit for review",
        profile=None,
    ),
    dict(
        username="managing-editor",
        password="verify-each-licence-26",
        first_name="Priya",
        last_name="Nair",
        groups=[MANAGING_EDITORS],
        is_superuser=False,
        role="Managing editors: record and verify reviewers' credentials",
        profile=None,
    ),
    dict(
        username="reviewer",
        password="check-every-dose-26",
        first_name="Amara",
        last_name="Okafor",
        groups=[MEDICAL_REVIEWERS],
        is_superuser=False,
        role="Medical reviewers: approve or request changes",
        profile=("Dr Amara Okafor", "Clinical pharmacologist; reviews dosing and safety sections."),
        credentials=[
            licence("MD", "General Medical Council", "7012345", expires_in_days=400),
            degree("PhD", "University of Edinburgh"),
        ],
    ),
    dict(
        username="second-reviewer",
        password="two-pairs-of-eyes-26",
        first_name="Jordan",
        last_name="Reyes",
        groups=[MEDICAL_REVIEWERS],
        is_superuser=False,
        role="Medical reviewers: the second approval a safety-critical change needs",
        profile=("Jordan Reyes", "Clinical pharmacist; checks interactions and contraindications."),
        # Expires within 30 days: the daily job tells Jordan and the managing editors.
        credentials=[licence("PharmD", "California State Board of Pharmacy", "RPH 78214", expires_in_days=21)],
    ),
    dict(
        username="admin",
        password="manage-the-desk-26",
        first_name="Sam",
        last_name="Adeyemi",
        groups=[],
        is_superuser=True,
        role="Admin (superuser)",
        profile=("Sam Adeyemi", "Editor-in-chief."),
        credentials=[licence("PharmD", "Texas State Board of Pharmacy", "RPH 55120", expires_in_days=500)],
    ),
]

# Two-factor sign-in. Everyone who signs (the reviewers, the managing editor, the admin)
# comes enrolled: an authenticator key of their own, for anyone who wants to add it to
# an app, and the same printed backup codes, so the demo needs no phone. A backup code
# works once per user; loading the demo again (`make run`) gives back the used ones.
BACKUP_CODES = [f"demo{n:02d}" for n in range(1, 11)]


def authenticator_key(username: str) -> str:
    """The demo user's fixed authenticator key, as django-otp stores it (hex), so the
    README and a second run agree."""
    return hashlib.sha1(f"compound-cms demo authenticator: {username}".encode()).hexdigest()
