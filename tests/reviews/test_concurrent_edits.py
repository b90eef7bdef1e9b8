"""Two editors on one draft: the save made from a stale form is refused and neither
editor's text is lost."""

import pytest
from django.urls import reverse

from compounds.models import Compound
from reviews import services
from tests import factories
from tests.admin_forms import compound_form
from tests.compounds.test_admin_editing import compound_fields

pytestmark = pytest.mark.django_db


def test_a_second_save_from_a_stale_form_is_refused_and_loses_neither_text(client):
    compound = factories.compound_with_rows(studies=0, dosing=0, side_effects=0)
    url = reverse("admin:compounds_compound_change", args=[compound.pk])
    alice, bob = factories.editor(username="alice"), factories.editor(username="bob")
    opened_version = compound.version  # both open the form now
    fields = compound_fields(compound.area, slug=compound.slug, cycle_min_days="", cycle_optimal_days="")

    client.force_login(alice)
    first = client.post(url, compound_form(fields | {"summary": "Alice's summary", "loaded_version": opened_version}))
    assert first.status_code == 302

    client.force_login(bob)
    second = client.post(url, compound_form(fields | {"summary": "Bob's summary", "loaded_version": opened_version}))

    assert second.status_code == 200
    page = second.content.decode()
    assert "saved this page after you opened it" in page
    assert "Alice&#x27;s summary" in page  # the other editor's saved text is shown
    assert "Bob&#x27;s summary" in page  # and this editor's text is still in the form
    assert Compound.objects.get(pk=compound.pk).summary == "Alice's summary"


def test_a_save_from_a_current_form_goes_through_and_moves_the_version_on(editor_client):
    compound = factories.compound_with_rows(studies=0, dosing=0, side_effects=0)
    url = reverse("admin:compounds_compound_change", args=[compound.pk])
    fields = compound_fields(compound.area, slug=compound.slug, cycle_min_days="", cycle_optimal_days="")

    response = editor_client.post(url, compound_form(fields | {"loaded_version": compound.version}))

    assert response.status_code == 302
    assert Compound.objects.get(pk=compound.pk).version == compound.version + 1


def test_a_page_in_review_refuses_edits_and_says_who_submitted_it_and_how_to_withdraw(editor_client):
    compound = factories.compound_with_rows(studies=0, dosing=0, side_effects=0)
    submitter = factories.editor(username="sam", first_name="Sam", last_name="Lee")
    services.submit(compound, by=submitter)
    compound.refresh_from_db()
    url = reverse("admin:compounds_compound_change", args=[compound.pk])
    fields = compound_fields(compound.area, slug=compound.slug, cycle_min_days="", cycle_optimal_days="")

    response = editor_client.post(
        url, compound_form(fields | {"summary": "Sneaky", "loaded_version": compound.version})
    )

    assert response.status_code == 200
    assert "Sam Lee submitted this for review" in response.content.decode()
    assert "withdraw the submission" in response.content.decode()
    assert Compound.objects.get(pk=compound.pk).summary != "Sneaky"
