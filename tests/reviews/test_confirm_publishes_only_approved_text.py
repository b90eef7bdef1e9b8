"""Confirming a page "still accurate" stamps what was approved; it never publishes a
draft of that page or of any page it links to, whoever made the draft."""

import pytest

from reviews import services, sweeps
from reviews.exceptions import NotAllowed
from reviews.models import Edition, ReviewFlag
from reviews.roles import EDITORS, MEDICAL_REVIEWERS
from tests import factories
from tests.public_surfaces import public_text
from tests.reviews.conftest import edit

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_reviewer(db):
    return factories.reviewer(username="second-reviewer")


@pytest.fixture
def guide(editor_user, reviewer_user):
    """A live compound (Selank) and a live guide about it citing one live study."""
    selank = factories.compound_with_rows(name="Selank", slug="selank", studies=0)
    factories.approve(services.submit(selank, by=editor_user), by=reviewer_user)
    study = factories.published_study(pmid="22282884", slug="heiss-2012", title="The approved trial title")
    article = factories.ArticleFactory(title="Approved guide title", slug="approved-guide", compound=selank)
    article.tags.add(factories.TagFactory(name="nootropics", slug="nootropics"))
    article.related_compounds.add(selank)
    factories.ArticleSourceFactory(article=article, study=study)
    factories.approve(services.submit(article, by=editor_user), by=reviewer_user)
    for obj in (selank, study, article):
        obj.refresh_from_db()
    return {"selank": selank, "study": study, "article": article}


def republish(study, *, by, approver, **fields):
    """Edit, submit and approve a cited study, and bring back the pages that cite it."""
    edit(study, by=by, **fields)
    factories.approve(
        services.submit(study, by=by, change_note="The finding now reads as the paper reports it."), by=approver
    )
    sweeps.flag_stale_citations()


def test_a_confirm_after_a_cited_study_changed_keeps_the_approved_title_off_the_draft(
    client, guide, editor_user, reviewer_user, other_reviewer
):
    edit(guide["article"], by=editor_user, title="Unreviewed draft title")
    republish(guide["study"], by=editor_user, approver=other_reviewer, finding="A newly approved finding.")
    assert ReviewFlag.for_object(guide["article"]).filter(resolved_at=None).exists()

    services.confirm_still_accurate(guide["article"], by=reviewer_user, signature=factories.signature(reviewer_user))

    text = public_text(client, cached=False)
    assert "Unreviewed draft title" not in text
    assert "Approved guide title" in text
    assert "A newly approved finding." in client.get("/articles/approved-guide/").content.decode()


def test_a_confirm_keeps_the_live_address_when_the_draft_moves_the_slug(
    client, guide, editor_user, reviewer_user, other_reviewer
):
    edit(guide["article"], by=editor_user, slug="moved-by-a-draft")
    republish(guide["study"], by=editor_user, approver=other_reviewer, finding="A newly approved finding.")

    services.confirm_still_accurate(guide["article"], by=reviewer_user, signature=factories.signature(reviewer_user))

    assert client.get("/articles/approved-guide/").status_code == 200
    assert client.get("/articles/moved-by-a-draft/").status_code == 404
    assert "moved-by-a-draft" not in public_text(client, cached=False)
    assert Edition.for_object(guide["article"]).current().get().slug == "approved-guide"


def test_a_draft_rename_of_a_related_compound_stays_off_the_pages_that_link_to_it(
    client, guide, editor_user, reviewer_user, other_reviewer
):
    edit(guide["selank"], by=editor_user, name="Selank draft rename")
    republish(guide["study"], by=editor_user, approver=other_reviewer, finding="A newly approved finding.")

    services.confirm_still_accurate(guide["article"], by=reviewer_user, signature=factories.signature(reviewer_user))

    assert "Selank draft rename" not in public_text(client, cached=False)


def test_a_page_approved_while_a_related_compound_has_a_draft_rename_shows_its_approved_name(
    client, guide, editor_user, reviewer_user
):
    edit(guide["selank"], by=editor_user, name="Selank draft rename")
    edit(guide["article"], by=editor_user, description="A second approved description.")
    factories.approve(services.submit(guide["article"], by=editor_user), by=reviewer_user)

    content = Edition.for_object(guide["article"]).current().get().content
    selank = {"id": guide["selank"].pk, "name": "Selank", "slug": "selank"}
    assert content["compound"] == selank
    assert content["related_compounds"] == [selank]
    assert "Selank draft rename" not in public_text(client, cached=False)


def test_someone_in_both_roles_cannot_publish_their_own_rename_by_confirming_a_page(
    client, guide, editor_user, other_reviewer
):
    both = factories.UserFactory(username="both-roles", groups=[EDITORS, MEDICAL_REVIEWERS])
    factories.reviewer(username="both-roles")  # their reviewer profile
    edit(guide["selank"], by=both, name="Own unreviewed rename")
    republish(guide["study"], by=editor_user, approver=other_reviewer, finding="A newly approved finding.")

    services.confirm_still_accurate(guide["article"], by=both, signature=factories.signature(both))

    assert "Own unreviewed rename" not in public_text(client, cached=False)


def test_a_reviewer_who_edited_the_republished_study_cannot_confirm_the_pages_citing_it(guide, other_reviewer):
    both = factories.UserFactory(username="both-roles", groups=[EDITORS, MEDICAL_REVIEWERS])
    factories.reviewer(username="both-roles")
    republish(guide["study"], by=both, approver=other_reviewer, finding="A finding both-roles wrote.")

    with pytest.raises(NotAllowed):
        services.confirm_still_accurate(guide["article"], by=both, signature=factories.signature(both))
    services.confirm_still_accurate(guide["article"], by=other_reviewer, signature=factories.signature(other_reviewer))
    assert "A finding both-roles wrote." in str(Edition.for_object(guide["article"]).current().get().content)


def test_a_confirm_without_a_changed_study_publishes_no_new_edition(guide, editor_user, reviewer_user):
    edit(guide["article"], by=editor_user, title="Unreviewed draft title")
    before = Edition.for_object(guide["article"]).current().get()

    services.confirm_still_accurate(guide["article"], by=reviewer_user, signature=factories.signature(reviewer_user))

    after = Edition.for_object(guide["article"]).current().get()
    assert (after.pk, after.title, after.content_hash) == (before.pk, "Approved guide title", before.content_hash)


def test_a_study_with_a_title_of_five_hundred_characters_goes_through_review(client, editor_user, reviewer_user):
    title = "A randomised trial " + "of a very long title " * 23
    title = title[:500]
    study = factories.StudyFactory(title=title, slug="long-title")

    factories.approve(services.submit(study, by=editor_user), by=reviewer_user)

    assert Edition.for_object(study).current().get().title == title
    assert client.get("/studies/long-title/").status_code == 200
