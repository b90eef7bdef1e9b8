"""Demo sign-ins, one per role.

The passwords are fixed, not generated, so the README and the command's output can name
them and a second run changes nothing. They pass Django's password validators. They are
for a local demo only: never load the demo into a database anyone else can reach.
"""

from reviews.roles import EDITORS, MEDICAL_REVIEWERS

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
        username="reviewer",
        password="check-every-dose-26",
        first_name="Amara",
        last_name="Okafor",
        groups=[MEDICAL_REVIEWERS],
        is_superuser=False,
        role="Medical reviewers: approve or request changes",
        profile=("Dr Amara Okafor", "MD, PhD", "Clinical pharmacologist; reviews dosing and safety sections."),
    ),
    dict(
        username="second-reviewer",
        password="two-pairs-of-eyes-26",
        first_name="Jordan",
        last_name="Reyes",
        groups=[MEDICAL_REVIEWERS],
        is_superuser=False,
        role="Medical reviewers: the second approval a safety-critical change needs",
        profile=("Jordan Reyes", "PharmD", "Clinical pharmacist; checks interactions and contraindications."),
    ),
    dict(
        username="admin",
        password="manage-the-desk-26",
        first_name="Sam",
        last_name="Adeyemi",
        groups=[],
        is_superuser=True,
        role="Managing editor (superuser)",
        profile=("Sam Adeyemi", "PharmD", "Managing editor."),
    ),
]
