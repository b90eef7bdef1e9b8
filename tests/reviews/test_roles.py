import pytest
from django.contrib.auth.models import Group

from reviews.roles import EDITORS, MANAGING_EDITORS, MEDICAL_REVIEWERS

pytestmark = pytest.mark.django_db

CONTENT = {"compound", "study", "article", "policypage", "person"}
ROWS = {
    "mechanismstep", "evidencelink", "verdict", "dosingprotocol", "compoundform", "sideeffect", "caution",
    "skipitem", "faqentry", "keytakeaway", "articlesource", "articleskipitem", "articlefaqentry",
    "articlekeytakeaway", "articleauthor", "disclosure",
}  # fmt: skip
LOOKUPS = {"area", "category", "tag"}
RECORDS = {"submission", "edition", "reviewstamp", "auditevent", "reviewflag"}


def permissions(role):
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


def test_editors_write_content_but_cannot_decide_reviews_or_delete_whole_pages():
    expected = (
        {f"{action}_{model}" for model in CONTENT | LOOKUPS for action in ("add", "change", "view")}
        | {f"{action}_{model}" for model in ROWS for action in ("add", "change", "delete", "view")}
        | {f"view_{model}" for model in RECORDS}
        | {"view_reviewerprofile", "view_credential"}
    )
    assert permissions(EDITORS) == expected


def test_medical_reviewers_read_everything_and_decide_reviews():
    expected = {f"view_{model}" for model in CONTENT | LOOKUPS | ROWS | RECORDS} | {
        "view_reviewerprofile",
        "view_credential",
        "approve_submission",
        "unpublish_edition",
    }
    assert permissions(MEDICAL_REVIEWERS) == expected


def test_managing_editors_record_and_verify_credentials_but_delete_none():
    assert permissions(MANAGING_EDITORS) == {
        "view_reviewerprofile",
        "view_credential",
        "add_credential",
        "change_credential",
        "verify_credential",
    }
