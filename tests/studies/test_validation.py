import pytest
from django.core.exceptions import ValidationError

from studies.models import Study
from tests.factories import StudyFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("pmid", "123456789", "invalid_pmid"),
        ("pmid", "12a45", "invalid_pmid"),
        ("pmid", "PMID 1234", "invalid_pmid"),
        ("doi", "11.1000/abc", "invalid_doi"),
        ("doi", "10.12/abc", "invalid_doi"),
        ("doi", "10.1000/has space", "invalid_doi"),
        ("year", 1700, "implausible_year"),
        ("year", 2999, "implausible_year"),
        ("participants", -1, "min_value"),
    ],
)
def test_a_study_with_a_bad_value_is_refused_with_its_reason_and_not_saved(field, value, code):
    study = StudyFactory.build(**{field: value})
    with pytest.raises(ValidationError) as caught:
        study.full_clean()
    assert code in [error.code for error in caught.value.error_dict[field]]
    assert caught.value.message_dict[field][0]
    assert not Study.objects.exists()


def test_a_study_needs_a_pubmed_id_or_a_doi():
    study = StudyFactory.build(pmid="", doi="")
    with pytest.raises(ValidationError) as caught:
        study.full_clean()
    assert caught.value.message_dict == {"pmid": ["Add a PubMed ID or a DOI so readers can find the paper."]}


def test_a_doi_pasted_as_a_link_is_stored_as_the_bare_identifier():
    study = StudyFactory.build(pmid="", doi="https://doi.org/10.1161/STROKEAHA.111.646810")
    study.full_clean()
    assert study.doi == "10.1161/STROKEAHA.111.646810"


def test_two_studies_cannot_share_a_pubmed_id():
    StudyFactory(pmid="22282884")
    duplicate = StudyFactory.build(pmid="22282884", slug="another")
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert "pmid" in str(caught.value) or "PubMed" in str(caught.value)
