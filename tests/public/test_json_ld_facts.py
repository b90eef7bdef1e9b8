"""The JSON-LD on each page, as a structured-data extractor (extruct) reads it, states
only facts the page holds: a prescription status only for prescription and
over-the-counter drugs, `isProprietary` only where an editor said so, a supplement as
a supplement."""

import extruct
import pytest

pytestmark = pytest.mark.django_db


def json_ld(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, url
    items = extruct.extract(response.content.decode(), syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert len(items) == 1, url
    return items[0]


def about(client, slug: str) -> dict:
    return json_ld(client, f"/compounds/{slug}/")["about"]


@pytest.mark.parametrize(
    "url", ["/compounds/cerebrolysin/", "/studies/heiss-2012-casta/", "/articles/cerebrolysin-guide/"]
)
def test_every_page_has_one_valid_json_ld_block_naming_its_reviewers(client, demo_site, url):
    data = json_ld(client, url)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    # One signer is a Person object, the two of a safety-critical change a list of them.
    signers = data["reviewedBy"] if isinstance(data["reviewedBy"], list) else [data["reviewedBy"]]
    assert signers and all(person["@type"] == "Person" and person["name"] for person in signers)


def test_a_branded_prescription_drug_says_so(client, demo_site):
    cerebrolysin = about(client, "cerebrolysin")
    assert cerebrolysin["@type"] == "Drug"
    assert cerebrolysin["prescriptionStatus"] == "PrescriptionOnly"
    assert cerebrolysin["isProprietary"] is True
    assert "FPF-1070" in cerebrolysin["alternateName"]


def test_a_generic_drug_is_not_proprietary(client, demo_site):
    assert about(client, "oxytocin")["isProprietary"] is False


@pytest.mark.parametrize("slug", ["melatonin", "creatine", "magnesium"])
def test_a_supplement_is_a_dietary_supplement_with_no_prescription_status(client, demo_site, slug):
    supplement = about(client, slug)
    assert supplement["@type"] == "DietarySupplement"
    assert {"prescriptionStatus", "isProprietary", "drugClass"}.isdisjoint(supplement)


def test_a_research_peptide_has_no_prescription_status_or_proprietary_claim(client, demo_site):
    peptide = about(client, "bpc-157")
    assert peptide["@type"] == "Drug"
    assert {"prescriptionStatus", "isProprietary"}.isdisjoint(peptide)
