import pytest
import reversion
from reversion.models import Version

from reviews import selectors, services
from reviews.exceptions import Locked, RevertBlocked
from reviews.models import AuditEvent, Reviewable
from studies.models import Study
from tests import factories
from tests.reviews.conftest import TITLE_FIELD, edit, make_draft

pytestmark = pytest.mark.django_db


def test_revert_makes_a_draft_and_leaves_the_live_edition_as_it_was(kind, editor_user, reviewer_user):
    obj = make_draft(kind)
    edit(obj, by=editor_user, **{TITLE_FIELD[kind]: "Original wording"})
    original = Version.objects.get_for_object(obj).first()
    edit(obj, by=editor_user, **{TITLE_FIELD[kind]: "Live wording"})
    factories.approve(services.submit(obj, by=editor_user), by=reviewer_user)
    live = selectors.current_edition(obj)

    services.revert(obj, to=original, by=editor_user)

    obj.refresh_from_db()
    assert getattr(obj, TITLE_FIELD[kind]) == "Original wording"
    assert (obj.state, obj.is_live) == (Reviewable.State.DRAFT, True)
    assert selectors.current_edition(obj) == live
    assert live.title == "Live wording"
    assert Version.objects.get_for_object(obj).first().revision.get_comment().startswith("Reverted to the version of")
    assert AuditEvent.objects.filter(action="content.reverted", actor=editor_user).count() == 1


def test_revert_restores_the_rows_a_compound_owned_then(editor_user):
    compound = factories.compound_with_rows(studies=0, dosing=1, side_effects=0)
    edit(compound, by=editor_user)
    before = Version.objects.get_for_object(compound).first()
    with reversion.create_revision():
        factories.DosingProtocolFactory(compound=compound, use="Added later")
        compound.save()

    services.revert(compound, to=before, by=editor_user)

    assert list(compound.dosing_protocols.values_list("use", flat=True)) == ["Memory"]


def test_revert_across_a_deleted_study_is_refused_with_its_name(editor_user):
    compound = factories.compound_with_rows(studies=0)
    with reversion.create_revision():
        study = factories.StudyFactory(authors="Gauthier S, Proano JV", year=2015, pmid="25832905")
    with reversion.create_revision():
        link = factories.EvidenceLinkFactory(compound=compound, study=study)
        compound.save()
        reversion.set_user(editor_user)
    citing = Version.objects.get_for_object(compound).first()
    with reversion.create_revision():
        link.delete()
        compound.save()
    with reversion.create_revision():
        Study.objects.get(pk=study.pk).delete()

    with pytest.raises(RevertBlocked) as refused:
        services.revert(compound, to=citing, by=editor_user)

    assert "Gauthier S et al. (2015) PMID 25832905" in str(refused.value)
    assert "has since been deleted" in str(refused.value)
    assert not compound.evidence_links.exists()


def test_a_page_in_review_cannot_be_reverted(editor_user):
    obj = make_draft("study")
    edit(obj, by=editor_user)
    services.submit(obj, by=editor_user)

    with pytest.raises(Locked, match="withdraw the submission"):
        services.revert(obj, to=Version.objects.get_for_object(obj).last(), by=editor_user)
