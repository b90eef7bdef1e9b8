"""The edit form: saving and submitting in one step, rows ordered without typed
positions, and the preview of the saved draft."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from compounds.models import Compound
from reviews import selectors
from reviews.models import Submission
from tests import factories
from tests.admin_forms import change_form_data, compound_form
from tests.compounds.test_admin_editing import compound_fields

pytestmark = pytest.mark.django_db

SAVE_AND_SUBMIT = {"_save_and_submit": "Save and submit for medical review"}


def change_url(compound):
    return reverse("admin:compounds_compound_change", args=[compound.pk])


def ready_compound(**kwargs):
    """A draft that passes the checks before review: it cites an approved study."""
    compound = factories.compound_with_rows(studies=0, dosing=2, side_effects=1, **kwargs)
    factories.EvidenceLinkFactory(compound=compound, study=factories.published_study())
    return compound


def post_change(client, compound, **changes):
    form = client.get(change_url(compound))
    return client.post(change_url(compound), change_form_data(form, **changes))


def messages_of(response):
    return [(message.level_tag, message.message) for message in get_messages(response.wsgi_request)]


def submitted_summary(submission: Submission) -> str:
    version = submission.revision.version_set.get(content_type__model="compound")
    return version.field_dict["summary"]


def test_save_and_submit_saves_the_unsaved_edit_and_submits_exactly_what_was_saved(editor_client):
    compound = ready_compound()

    response = post_change(
        editor_client,
        compound,
        summary="Edited in the form and never saved on its own.",
        **{"submit-note": "New summary."},
        **SAVE_AND_SUBMIT,
    )

    assert response.status_code == 302
    assert response.url == change_url(compound)
    compound.refresh_from_db()
    assert compound.summary == "Edited in the form and never saved on its own."
    assert compound.state == Compound.State.IN_REVIEW
    submission = selectors.pending_submission(compound)
    assert submission.note == "New summary."
    assert submitted_summary(submission) == "Edited in the form and never saved on its own."
    assert messages_of(response) == [("success", "Saved and submitted for medical review.")]


def test_a_new_page_is_saved_and_submitted_from_the_add_form_in_one_step(editor_client):
    fields = compound_fields(factories.AreaFactory(), slug="added-and-submitted", **{"submit-note": "New page."})
    fields.pop("_save")
    rows = {
        "evidence_links": [{"study": factories.published_study().pk, "note": ""}],
        "side_effects": [{"name": "Nausea", "frequency": "common", "note": "", "tip": ""}],
    }
    data = compound_form(fields, rows) | SAVE_AND_SUBMIT

    response = editor_client.post(reverse("admin:compounds_compound_add"), data)

    compound = Compound.objects.get(slug="added-and-submitted")
    assert response.status_code == 302
    assert response.url == change_url(compound)
    assert compound.state == Compound.State.IN_REVIEW
    assert selectors.pending_submission(compound).note == "New page."


def test_an_invalid_form_submits_nothing_and_shows_its_errors_and_the_note(editor_client):
    compound = ready_compound()

    response = post_change(
        editor_client, compound, name="", **{"submit-note": "Kept for the retry."}, **SAVE_AND_SUBMIT
    )

    assert response.status_code == 200
    assert "name" in response.context["adminform"].form.errors
    assert "Kept for the retry." in response.content.decode()
    compound.refresh_from_db()
    assert compound.state == Compound.State.DRAFT
    assert selectors.pending_submission(compound) is None


def test_a_refused_submission_keeps_the_save_and_says_why_it_was_not_submitted(editor_client):
    compound = factories.compound_with_rows(studies=1)  # cites a study nobody has approved

    response = post_change(editor_client, compound, summary="Saved even though review refuses it.", **SAVE_AND_SUBMIT)

    assert response.status_code == 302
    compound.refresh_from_db()
    assert compound.summary == "Saved even though review refuses it."
    assert compound.state == Compound.State.DRAFT
    assert selectors.pending_submission(compound) is None
    [(level, text)] = messages_of(response)
    assert level == "error"
    assert text.startswith("Your changes were saved, but not submitted for review: ")
    assert "has not been approved yet" in text


def test_the_edit_form_offers_save_and_submit_and_no_separate_submit_form(editor_client):
    compound = ready_compound()

    page = editor_client.get(change_url(compound)).content.decode()

    assert 'name="_save_and_submit"' in page
    assert 'name="submit-note"' in page
    assert reverse("admin:compounds_compound_workflow", args=[compound.pk, "submit"]) not in page


def rows(compound):
    return list(compound.dosing_protocols.values_list("use", "position"))


def test_rows_submitted_without_positions_are_numbered_in_their_order_and_new_rows_go_last(editor_client):
    compound = ready_compound()
    first, second = compound.dosing_protocols.order_by("position")
    form = editor_client.get(change_url(compound))
    data = change_form_data(form)
    for index in range(2):
        data.pop(f"dosing_protocols-{index}-position")
    data.update(
        {
            "dosing_protocols-TOTAL_FORMS": "3",
            "dosing_protocols-2-use": "Added last",
            "dosing_protocols-2-dose_min": "1",
            "dosing_protocols-2-unit": "mg",
            "dosing_protocols-2-route": "oral",
            "dosing_protocols-2-basis": "clinical_trial",
        }
    )

    response = editor_client.post(change_url(compound), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert rows(compound) == [(first.use, 0), (second.use, 1), ("Added last", 2)]


def test_rows_moved_on_the_page_are_saved_in_their_new_order(editor_client):
    compound = ready_compound()
    first, second = compound.dosing_protocols.order_by("position")
    compound.dosing_protocols.filter(pk=second.pk).update(use="Second")

    # The move buttons wrote the new order into the hidden positions.
    response = post_change(
        editor_client, compound, **{"dosing_protocols-0-position": "1", "dosing_protocols-1-position": "0"}
    )

    assert response.status_code == 302
    assert rows(compound) == [("Second", 0), (first.use, 1)]


def test_an_added_row_left_empty_is_not_saved(editor_client):
    compound = ready_compound()
    form = editor_client.get(change_url(compound))
    data = change_form_data(form, **{"dosing_protocols-TOTAL_FORMS": "3", "dosing_protocols-2-position": "2"})

    response = editor_client.post(change_url(compound), data)

    assert response.status_code == 302
    assert compound.dosing_protocols.count() == 2


def test_positions_are_not_a_field_an_editor_types(editor_client):
    compound = ready_compound()

    response = editor_client.get(change_url(compound))

    formset = next(
        f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "dosing_protocols"
    )
    assert formset.forms[0]["position"].is_hidden


def test_the_preview_is_never_cached_never_indexed_and_marked_as_a_preview(editor_client):
    compound = ready_compound(name="Previewed compound")

    response = editor_client.get(reverse("admin:compounds_compound_preview", args=[compound.pk]))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    page = response.content.decode()
    assert "preview-banner" in page
    assert "Previewed compound" in page


def test_the_edit_form_links_to_the_preview(editor_client):
    compound = ready_compound()

    page = editor_client.get(change_url(compound)).content.decode()

    assert reverse("admin:compounds_compound_preview", args=[compound.pk]) in page


@pytest.mark.parametrize(("who", "status"), [("outsider", 403), ("anonymous", 302)])
def test_only_people_who_may_see_the_page_can_preview_it(client, who, status):
    compound = ready_compound()
    if who == "outsider":
        client.force_login(factories.UserFactory(username="outsider"))  # staff, in no group

    response = client.get(reverse("admin:compounds_compound_preview", args=[compound.pk]))

    assert response.status_code == status
    if status == 302:
        assert response.url.startswith(reverse("admin:login"))


def article_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_dates_in_the_edit_form_are_shown_and_read_day_first_as_in_british_english(editor_client):
    article = factories.ArticleFactory(published_on=datetime.date(2025, 12, 31))

    form = editor_client.get(article_url(article))
    page = form.content.decode()

    assert 'value="31/12/2025"' in page
    assert 'placeholder="dd/mm/yyyy"' in page
    response = editor_client.post(article_url(article), change_form_data(form, published_on="01/02/2026"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.published_on == datetime.date(2026, 2, 1)


def test_a_us_style_date_is_refused_with_a_message_not_read_as_another_day(editor_client):
    article = factories.ArticleFactory(published_on=datetime.date(2025, 12, 31))

    form = editor_client.get(article_url(article))
    response = editor_client.post(article_url(article), change_form_data(form, published_on="12/31/2025"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["published_on"] == ["Enter a valid date."]
