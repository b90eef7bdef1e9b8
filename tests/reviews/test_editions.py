"""Editions: immutable snapshots, one current per page and per address, scheduled
publication, the safety hold, and the review stamp they carry."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from reviews import registry, selectors, services
from reviews.exceptions import InvalidTransition
from reviews.models import Edition, ReviewStamp
from reviews.stamps import restamp
from tests import factories
from tests.reviews.conftest import TITLE_FIELD, edit, make_draft

pytestmark = pytest.mark.django_db


def publish(obj, editor_user, reviewer_user, **approve):
    edition = factories.approve(services.submit(obj, by=editor_user), by=reviewer_user, **approve)
    obj.refresh_from_db()
    return edition


def test_an_editions_content_cannot_be_changed_or_deleted(editor_user, reviewer_user):
    edition = publish(make_draft("study"), editor_user, reviewer_user)
    edition.content["title"] = "Rewritten history"
    with pytest.raises(ValueError):
        edition.save()
    with pytest.raises(ValueError):
        edition.delete()
    assert Edition.objects.get(pk=edition.pk).content["title"] != "Rewritten history"


def test_the_database_allows_one_current_edition_per_page(editor_user, reviewer_user):
    edition = publish(make_draft("study"), editor_user, reviewer_user)
    copy = Edition(
        **{f.attname: getattr(edition, f.attname) for f in Edition._meta.concrete_fields if not f.primary_key}
    )
    changed = edit(edition.working_copy, by=editor_user, title="Another title")
    copy.submission_id = services.submit(changed, by=editor_user).pk
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


def test_approval_stamps_the_edition_and_the_working_copy_on_commit(
    django_capture_on_commit_callbacks, kind, editor_user, reviewer_user
):
    obj = make_draft(kind)
    with django_capture_on_commit_callbacks(execute=True):
        edition = publish(obj, editor_user, reviewer_user)

    edition.refresh_from_db()
    obj.refresh_from_db()
    stamp = ReviewStamp.for_object(obj).get()
    assert (edition.last_reviewed_at, edition.reviewer_name, edition.reviewer_credentials) == (
        stamp.reviewed_at,
        reviewer_user.reviewer_profile.display_name,
        "MD",
    )
    assert obj.last_reviewed_at == stamp.reviewed_at
    assert obj.last_reviewed_by == reviewer_user.reviewer_profile
    assert obj.review_due_at is not None


def test_confirming_a_live_page_stamps_it_without_a_new_edition(
    django_capture_on_commit_callbacks, editor_user, reviewer_user
):
    obj = make_draft("compound")
    with django_capture_on_commit_callbacks(execute=True):
        edition = publish(obj, editor_user, reviewer_user)
    later = timezone.now() + timedelta(days=200)

    with django_capture_on_commit_callbacks(execute=True):
        stamp = services.confirm_still_accurate(obj, by=reviewer_user, signature=factories.signature(reviewer_user))
    ReviewStamp.objects.filter(pk=stamp.pk).update(reviewed_at=later)
    restamp(Edition.for_object(obj))

    edition.refresh_from_db()
    assert Edition.for_object(obj).count() == 1
    assert edition.last_reviewed_at == later


def test_an_approval_for_a_later_time_goes_live_only_when_the_sweep_reaches_it(client, editor_user, reviewer_user):
    obj = make_draft("study")
    publish_at = timezone.now() + timedelta(days=2)
    edition = publish(obj, editor_user, reviewer_user, publish_at=publish_at)
    url = registry.builder_for(obj).url(edition.slug)

    assert not obj.is_live and client.get(url).status_code == 404
    assert services.publish_scheduled(now=publish_at - timedelta(minutes=1)) == []

    assert services.publish_scheduled(now=publish_at) == [edition]
    assert services.publish_scheduled(now=publish_at) == []  # twice is harmless
    obj.refresh_from_db()
    assert obj.is_live and client.get(url).status_code == 200


def test_a_scheduled_approval_publishes_the_approved_content_even_if_the_draft_changed(editor_user, reviewer_user):
    obj = make_draft("study")
    edit(obj, by=editor_user, title="Approved title")
    publish_at = timezone.now() + timedelta(hours=1)
    publish(obj, editor_user, reviewer_user, publish_at=publish_at)
    edit(obj, by=editor_user, title="Later draft title")

    (edition,) = services.publish_scheduled(now=publish_at)

    assert edition.content["title"] == "Approved title"
    assert selectors.current_edition(obj).title == "Approved title"


def test_unpublishing_takes_the_page_down_at_once_and_it_answers_410(
    client, kind, editor_user, reviewer_user, django_capture_on_commit_callbacks
):
    obj = make_draft(kind)
    edition = publish(obj, editor_user, reviewer_user)
    url = registry.builder_for(obj).url(edition.slug)
    assert client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):  # as when the request's transaction commits
        services.unpublish(
            obj,
            by=reviewer_user,
            reason="A reader reported a dosing error.",
            signature=factories.signature(reviewer_user),
        )

    obj.refresh_from_db()
    assert not obj.is_live
    assert client.get(url).status_code == 410
    with pytest.raises(InvalidTransition, match="Give the reason"):
        services.unpublish(obj, by=reviewer_user, reason=" ", signature=factories.signature(reviewer_user))


def test_an_address_never_published_answers_404(client):
    assert client.get(reverse("compounds:page", args=["never-existed"])).status_code == 404


def test_a_draft_page_answers_404_at_its_address(client, kind):
    obj = make_draft(kind)
    assert client.get(registry.builder_for(obj).url(obj.slug)).status_code == 404


def test_the_staff_preview_renders_the_working_copy_marked_and_never_cached(client, kind, editor_user):
    obj = make_draft(kind)
    edit(obj, by=editor_user, **{TITLE_FIELD[kind]: "Unreviewed wording"})
    client.force_login(editor_user)
    opts = obj._meta

    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_preview", args=[obj.pk]))

    assert response.status_code == 200
    assert "Unreviewed wording" in response.text
    assert "Preview" in response.text and "not been approved" in response.text
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
