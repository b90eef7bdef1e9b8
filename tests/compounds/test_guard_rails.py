"""Before a compound goes to review it cites a study, and it lists side effects or
cautions or says why none are known; otherwise submitting refuses with what to add."""

import pytest
from django.urls import reverse

from compounds.editions import CompoundEditionBuilder
from compounds.models import Compound
from reviews import selectors, services
from reviews.exceptions import NotReady, WorkflowError
from reviews.models import Submission
from tests import factories

pytestmark = pytest.mark.django_db

REASON = "Neither trial (120 people in all) recorded an adverse event."


def draft(*, cited=True, side_effects=0, reason="", cautions=0):
    """A draft with the given safety content, citing a published study or none."""
    compound = factories.compound_with_rows(
        studies=0,
        dosing=1,
        side_effects=side_effects,
        cite_when_no_studies=cited,
        no_known_adverse_effects_reason=reason,
    )
    for position in range(cautions):
        factories.CautionFactory(compound=compound, position=position)
    return compound


def refusal(compound) -> str:
    with pytest.raises(NotReady) as refused:
        services.submit(compound, by=factories.editor(username="factory-editor"))
    return str(refused.value)


def test_a_compound_citing_no_study_is_refused_and_stays_a_draft():
    compound = draft(cited=False, side_effects=1)

    message = refusal(compound)

    assert message.startswith("Cite at least one study")
    compound.refresh_from_db()
    assert compound.state == Compound.State.DRAFT
    assert not Submission.objects.filter(object_id=compound.pk).exists()


def test_a_study_named_only_by_a_verdict_counts_as_cited():
    compound = draft(cited=True, side_effects=1)
    assert not compound.evidence_links.exists()

    assert services.submit(compound, by=factories.editor(username="factory-editor"))


def test_a_linked_study_counts_as_cited():
    compound = draft(cited=False, side_effects=1)
    factories.EvidenceLinkFactory(compound=compound, study=factories.published_study())

    assert CompoundEditionBuilder().problems(compound) == []


def test_a_compound_with_no_side_effects_no_cautions_and_no_reason_is_refused():
    message = refusal(draft())

    assert "Add side effects or cautions, or say why none are known" in message


def test_a_caution_alone_is_enough():
    assert CompoundEditionBuilder().problems(draft(cautions=1)) == []


def test_a_reason_that_none_are_known_is_enough_and_blank_space_is_not_a_reason():
    assert CompoundEditionBuilder().problems(draft(reason=REASON)) == []
    assert "say why none are known" in " ".join(CompoundEditionBuilder().problems(draft(reason="   ")))


def test_rows_and_a_none_known_reason_together_are_refused():
    message = refusal(draft(side_effects=1, reason=REASON))

    assert "also says none are known" in message


def test_every_missing_thing_is_named_at_once():
    problems = CompoundEditionBuilder().problems(draft(cited=False))

    assert [problem.split(" ")[0] for problem in problems] == ["Cite", "Add"]


def test_the_refusal_is_a_workflow_error_the_admin_shows_as_a_message(editor_client):
    compound = draft(cited=False)
    url = reverse("admin:compounds_compound_workflow", args=[compound.pk, "submit"])

    response = editor_client.post(url, {"submit-note": ""}, follow=True)

    assert issubclass(NotReady, WorkflowError)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cite at least one study" in page and "say why none are known" in page
    compound.refresh_from_db()
    assert compound.state == Compound.State.DRAFT


def test_the_reason_is_in_the_content_the_reviewer_compares_and_on_the_published_page(client):
    compound = draft(reason=f"  {REASON}  ")
    content = CompoundEditionBuilder().content(compound)
    assert content["no_known_adverse_effects_reason"] == REASON
    assert "no_known_adverse_effects_reason" in CompoundEditionBuilder.critical

    factories._publish(compound)

    edition = selectors.current_edition(compound)
    assert edition.content["no_known_adverse_effects_reason"] == REASON
    page = client.get(f"/compounds/{compound.slug}/").content.decode()
    assert f"No side effects or cautions are known: {REASON}" in page


def test_a_page_with_side_effects_does_not_say_none_are_known(client):
    compound = factories.published_compound(studies=1, side_effects=1)

    page = client.get(f"/compounds/{compound.slug}/").content.decode()

    assert "No side effects or cautions are known" not in page
    assert 'id="side-effects"' in page
