"""The path every page takes: draft → in review → changes requested → in review →
approved → live, and a live page keeps its approved edition while it is edited."""

import pytest

from reviews import registry, selectors, services
from reviews.models import Edition, Reviewable, Submission
from tests import factories
from tests.reviews.conftest import TITLE_FIELD, edit, make_draft

pytestmark = pytest.mark.django_db
State = Reviewable.State


def test_a_page_goes_from_draft_through_changes_requested_to_live(kind, editor_user, reviewer_user, client):
    obj = make_draft(kind)
    edit(obj, by=editor_user, **{TITLE_FIELD[kind]: "First wording"})
    assert (obj.state, obj.is_live) == (State.DRAFT, False)

    first = services.submit(obj, by=editor_user, note="New page")
    obj.refresh_from_db()
    assert obj.state == State.IN_REVIEW

    services.request_changes(first, by=reviewer_user, comment="Cite the Cochrane review.")
    obj.refresh_from_db()
    assert obj.state == State.CHANGES_REQUESTED
    assert Edition.objects.count() == _editions_before(kind)

    edit(obj, by=editor_user, **{TITLE_FIELD[kind]: "Second wording"})
    second = services.submit(obj, by=editor_user)
    edition = factories.approve(second, by=reviewer_user)

    obj.refresh_from_db()
    assert (obj.state, obj.is_live) == (State.PUBLISHED, True)
    assert Edition.objects.current().filter(pk=edition.pk).exists()
    assert edition.title == "Second wording"
    assert edition.revision == second.revision
    assert Submission.objects.get(pk=first.pk).status == Submission.Status.CHANGES_REQUESTED
    assert Submission.objects.get(pk=second.pk).status == Submission.Status.APPROVED
    response = client.get(_public_url(obj, edition))
    assert response.status_code == 200
    assert "Second wording" in response.text


def test_a_live_page_keeps_its_edition_while_a_new_draft_is_written_and_reviewed(
    kind, editor_user, reviewer_user, client, django_capture_on_commit_callbacks
):
    obj = make_draft(kind)
    edit(obj, by=editor_user, **{TITLE_FIELD[kind]: "Approved wording"})
    factories.approve(services.submit(obj, by=editor_user), by=reviewer_user)
    url = _public_url(obj, selectors.current_edition(obj))

    edit(obj, by=editor_user, **{TITLE_FIELD[kind]: "Draft wording"})
    assert obj.state == State.DRAFT
    assert "Approved wording" in client.get(url).text
    submission = services.submit(obj, by=editor_user)
    page = client.get(url).text
    assert "Approved wording" in page and "Draft wording" not in page

    with django_capture_on_commit_callbacks(execute=True):  # the approval commits, the cache drops the page
        factories.approve(submission, by=reviewer_user)

    page = client.get(url).text
    assert "Draft wording" in page and "Approved wording" not in page
    assert Edition.for_object(obj).count() == 2
    assert Edition.for_object(obj).current().count() == 1


def _public_url(obj, edition):
    return registry.builder_for(obj).url(edition.slug)


def _editions_before(kind):
    # compounds and articles cite a study that was approved while making the draft
    return 0 if kind == "study" else 1
