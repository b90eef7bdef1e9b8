"""Editors work on compounds in the admin: every save is one revision of the compound
and the rows it owns, and the richest page saves in one go."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Revision, Version

from compounds.models import Compound, EvidenceLink
from studies.models import Study
from tests import factories
from tests.admin_forms import compound_form

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:compounds_compound_add")


def compound_fields(area, **overrides):
    fields = {
        "name": "Cerebrolysin",
        "slug": "cerebrolysin",
        "other_names": "FPF-1070",
        "kind": Compound.Kind.PRESCRIPTION_DRUG,
        "drug_class": "Neurotrophic peptide preparation",
        "area": area.pk,
        "approved_in": "Austria, Russia, China",
        "fda_status": Compound.FdaStatus.NOT_APPROVED,
        "manufacturer": "EVER Neuro Pharma",
        "summary": "An injectable mixture of pig-brain peptides.",
        "standard_dose": "10-30 mL a day by infusion",
        "what_it_is": "A standardised peptide mixture.",
        "mechanism": "Said to act like neurotrophic factors.",
        "evidence_appraisal": "Independent reviews are null for acute stroke.",
        "evidence_score_override": "",
        "evidence_override_reason": "",
        "timing": "Given by a clinician.",
        "cycle_min_days": "10",
        "cycle_optimal_days": "21",
        "cycle_note": "Courses of 10 to 21 days.",
        "stacking_note": "Not stacked like a supplement.",
        "_save": "Save",
    }
    return fields | overrides


def dosing_row(position):
    return {
        "position": position,
        "use": f"Indication {position}",
        "dose_min": "10",
        "dose_max": "30",
        "unit": "mL",
        "route": "intravenous",
        "frequency": "once daily",
        "duration": "10 days",
        "basis": "clinical_trial",
        "note": "",
    }


def side_effect_row(position):
    return {"position": position, "name": f"Effect {position}", "frequency": "common", "note": "", "tip": "Slow down."}


def link_row(position, study):
    return {"position": position, "study": study.pk, "note": "Cited for stroke."}


def every_section(studies, *, dosing=1, side_effects=1):
    return {
        "key_takeaways": [{"position": 0, "text": "Injectable only."}],
        "mechanism_steps": [{"position": 0, "title": "A mixture", "text": "Small peptides."}],
        "evidence_links": [link_row(i, study) for i, study in enumerate(studies)],
        "verdicts": [
            {
                "position": 0,
                "outcome": "Acute stroke",
                "verdict": "no_benefit",
                "quality": "moderate",
                "note": "",
                "studies": [studies[0].pk],
            }
        ],
        "dosing_protocols": [dosing_row(i) for i in range(dosing)],
        "forms": [{"position": 0, "name": "Injectable solution", "advice": "recommended", "note": ""}],
        "side_effects": [side_effect_row(i) for i in range(side_effects)],
        "cautions": [{"position": 0, "kind": "interaction", "name": "MAO inhibitors", "note": ""}],
        "skip_items": [{"position": 0, "title": "Grey-market vials", "text": ""}],
        "faq_entries": [{"position": 0, "question": "Is it a supplement?", "answer": "No."}],
    }


def test_an_admin_save_with_inlines_is_one_revision_holding_the_compound_and_its_rows_not_the_studies(
    editor_client, editor_user
):
    area = factories.AreaFactory()
    studies = factories.StudyFactory.create_batch(3)

    response = editor_client.post(ADD_URL, compound_form(compound_fields(area), every_section(studies)))

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    compound = Compound.objects.get(slug="cerebrolysin")
    revision = Revision.objects.get()
    assert revision.user == editor_user
    assert revision.get_comment().startswith("Added.")
    stored = {version.content_type.model for version in revision.version_set.all()}
    assert stored == {
        "compound",
        "keytakeaway",
        "mechanismstep",
        "evidencelink",
        "verdict",
        "dosingprotocol",
        "compoundform",
        "sideeffect",
        "caution",
        "skipitem",
        "faqentry",
    }
    assert not Version.objects.get_for_model(Study).exists()
    assert compound.evidence_links.count() == 3


def test_the_richest_compound_saves_through_the_admin_in_one_form(editor_client):
    area = factories.AreaFactory()
    studies = factories.StudyFactory.create_batch(100)
    data = compound_form(compound_fields(area), every_section(studies, dosing=50, side_effects=40))
    assert len(data) > 1000  # more fields than Django accepts by default

    response = editor_client.post(ADD_URL, data)

    assert response.status_code == 302
    compound = Compound.objects.get(slug="cerebrolysin")
    assert compound.dosing_protocols.count() == 50
    assert compound.side_effects.count() == 40
    assert compound.evidence_links.count() == 100
    assert Revision.objects.count() == 1


def test_a_change_message_an_editor_saves_is_kept_on_the_revision(editor_client):
    compound = factories.compound_with_rows(studies=0, dosing=0, side_effects=0)
    url = reverse("admin:compounds_compound_change", args=[compound.pk])
    fields = compound_fields(
        compound.area, name="Renamed", slug=compound.slug, cycle_min_days="", cycle_optimal_days=""
    )

    response = editor_client.post(url, compound_form(fields))

    assert response.status_code == 302
    latest = Version.objects.get_for_object(compound).first().revision
    assert "Name" in latest.get_comment()


def test_reverting_a_compound_restores_its_rows_and_leaves_every_study_intact(editor_client):
    area = factories.AreaFactory()
    kept, dropped = factories.StudyFactory.create_batch(2)
    editor_client.post(
        ADD_URL, compound_form(compound_fields(area), {"evidence_links": [link_row(0, kept), link_row(1, dropped)]})
    )
    compound = Compound.objects.get(slug="cerebrolysin")
    first = Version.objects.get_for_object(compound).get().revision
    # Later the compound stops citing one study, gains a dosing row, and someone
    # corrects the other study's title.
    with reversion.create_revision():
        EvidenceLink.objects.filter(study=dropped).delete()
        factories.DosingProtocolFactory(compound=compound)
        compound.save()
    Study.objects.filter(pk=kept.pk).update(title="Corrected title")
    studies_before = list(Study.objects.order_by("pk").values())

    first.revert(delete=True)  # what the history page's revert does

    assert set(compound.evidence_links.values_list("study", flat=True)) == {kept.pk, dropped.pk}
    assert not compound.dosing_protocols.exists()
    assert list(Study.objects.order_by("pk").values()) == studies_before
