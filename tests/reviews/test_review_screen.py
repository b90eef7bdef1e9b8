"""The reviewer sees exactly what changed against the live page, safety first."""

import pytest
import reversion
from django.urls import reverse

from compounds.models import DosingProtocol
from reviews import services
from reviews.models import Submission
from tests import factories
from tests.reviews.conftest import edit, make_draft

pytestmark = pytest.mark.django_db


def live_compound(editor_user, reviewer_user):
    compound = make_draft("compound")
    factories.DosingProtocolFactory(compound=compound, use="Memory", dose_min=100, dose_max=200, unit="mg")
    edit(compound, by=editor_user)
    services.approve(services.submit(compound, by=editor_user), by=factories.reviewer(username="first-reviewer"))
    compound.refresh_from_db()
    return compound


def review_page(client, reviewer_user, submission):
    client.force_login(reviewer_user)
    return client.get(reverse("admin:reviews_submission_change", args=[submission.pk])).content.decode()


def test_the_review_screen_shows_row_changes_with_old_and_new_values_safety_first(client, editor_user, reviewer_user):
    compound = live_compound(editor_user, reviewer_user)
    with reversion.create_revision():
        compound.dosing_protocols.update(dose_max=300)
        factories.SideEffectFactory(compound=compound, name="Headache", frequency="common")
        compound.summary = "A new summary."
        compound.save()
    submission = services.submit(compound, by=editor_user)

    page = review_page(client, reviewer_user, submission)

    safety, other = page.split("Safety-critical changes")[1].split("Other changes")
    assert "Dosing" in safety and "Changed: Memory" in safety
    assert "200" in safety and "300" in safety
    assert "Added: Headache" in safety
    assert "A new summary." in other
    assert 'class="critical-mark">Safety' in page


def test_a_dose_unit_switch_or_tenfold_jump_is_flagged(client, editor_user, reviewer_user):
    compound = live_compound(editor_user, reviewer_user)
    with reversion.create_revision():
        DosingProtocol.objects.filter(compound=compound, use="Memory").update(unit="mcg")
        factories.DosingProtocolFactory(compound=compound, use="Sleep", dose_min=1, dose_max=2, unit="mg")
        compound.save()
    submission = services.submit(compound, by=editor_user)
    page = review_page(client, reviewer_user, submission)
    assert "the dose unit changed from mg to mcg" in page

    services.withdraw(submission, by=editor_user)
    compound.refresh_from_db()
    edit(compound, by=editor_user)
    compound.dosing_protocols.filter(use="Memory").update(unit="mg", dose_max=2000)
    page = review_page(client, reviewer_user, services.submit(compound, by=editor_user))
    assert "the maximum dose changed from 200 to 2000 mg, a 10-fold change" in page


def test_values_holding_markup_are_shown_as_text_in_the_diff(client, editor_user, reviewer_user):
    compound = live_compound(editor_user, reviewer_user)
    with reversion.create_revision():
        compound.summary = "<script>alert('x')</script>"
        factories.SideEffectFactory(compound=compound, name="<img src=x onerror=alert(1)>")
        compound.save()
    submission = services.submit(compound, by=editor_user)

    page = review_page(client, reviewer_user, submission)

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_first_publication_is_shown_as_all_new_content(client, editor_user, reviewer_user):
    study = make_draft("study")
    submission = services.submit(study, by=editor_user)

    page = review_page(client, reviewer_user, submission)

    assert "this would be the first publication" in page
    assert study.title in page


def test_the_review_screen_offers_decisions_only_to_reviewers(client, editor_user, reviewer_user):
    submission = services.submit(make_draft("study"), by=editor_user)

    assert "Approve and publish" in review_page(client, reviewer_user, submission)
    assert "Approve and publish" not in review_page(client, editor_user, submission)


def test_requesting_changes_without_a_comment_is_refused_with_a_message(client, editor_user, reviewer_user):
    submission = services.submit(make_draft("study"), by=editor_user)
    client.force_login(reviewer_user)

    response = client.post(reverse("admin:reviews_submission_request_changes", args=[submission.pk]), {"comment": ""})

    assert response.status_code == 200
    assert "Say what needs to change" in response.content.decode()
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.PENDING


def test_the_review_queue_lists_pending_submissions_oldest_first(client, editor_user, reviewer_user):
    first = services.submit(make_draft("study"), by=editor_user)
    second = services.submit(make_draft("study"), by=editor_user)
    client.force_login(reviewer_user)

    page = client.get(reverse("admin:reviews_submission_changelist")).content.decode()

    assert page.index(first.title) < page.index(second.title)
    assert "Review queue" in page and "Due for re-review" in page


def test_history_compares_two_revisions_and_offers_a_revert(client, editor_user):
    study = make_draft("study")
    edit(study, by=editor_user, finding="First finding.")
    edit(study, by=editor_user, finding="Second finding.")
    older, newer = reversed(list(reversion.models.Version.objects.get_for_object(study)[:2]))
    client.force_login(editor_user)

    page = client.get(
        reverse("admin:studies_study_compare", args=[study.pk]), {"from": older.pk, "to": newer.pk}
    ).content.decode()

    assert "First finding." in page and "Second finding." in page
    assert "Restore this older version as a draft" in page
