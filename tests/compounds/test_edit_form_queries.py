"""The compound edit form costs the same queries however many studies, rows and
verdicts a page has: the rows' studies come with the rows, the pickers fetch what they
show once per inline."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def compound_citing(studies: int):
    compound = factories.compound_with_rows(studies=studies, dosing=studies, side_effects=studies)
    for position, link in enumerate(compound.evidence_links.select_related("study")[:3]):
        verdict = factories.VerdictFactory(compound=compound, position=position)
        verdict.studies.add(link.study)
    return compound


def queries_to_open_the_edit_form(client, compound) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("admin:compounds_compound_change", args=[compound.pk]))
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_the_edit_form_costs_the_same_queries_for_2_and_for_25_linked_studies(editor_client):
    small, large = compound_citing(2), compound_citing(25)
    queries_to_open_the_edit_form(editor_client, small)  # the session and permissions, once

    few = queries_to_open_the_edit_form(editor_client, small)
    many = queries_to_open_the_edit_form(editor_client, large)

    assert len(many) == len(few), "\n".join(many)


@pytest.mark.parametrize("studies", [2, 25])
def test_the_edit_form_shows_every_linked_study_by_its_picker_label(editor_client, studies):
    compound = compound_citing(studies)

    page = editor_client.get(reverse("admin:compounds_compound_change", args=[compound.pk])).content.decode()

    for link in compound.evidence_links.select_related("study"):
        assert f'<option value="{link.study.pk}" selected>{link.study.picker_label}</option>' in page
