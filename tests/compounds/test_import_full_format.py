"""The compound JSON can say everything a compound page holds, and studies are shared, not copied."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from reversion.models import Version

from compounds.importing import import_compounds
from compounds.models import Area, Compound
from studies.models import Study
from tests import factories

pytestmark = pytest.mark.django_db
FULL = Path(__file__).parent.parent / "fixtures" / "compound_full.json"


@pytest.fixture
def editor():
    return factories.editor(username="importer")


def test_every_section_of_a_compound_page_imports(editor):
    import_compounds(FULL, by=editor)

    compound = Compound.objects.get(slug="nocturnin")
    assert (compound.kind, compound.fda_status, compound.drug_class) == ("otc_drug", "not_approved", "Sleep aid")
    assert (compound.other_names, compound.manufacturer, compound.timing) == (
        "NCT-7, Nocturna",
        "Example Pharma",
        "Thirty minutes before bed.",
    )
    assert (compound.cycle_min_days, compound.cycle_optimal_days, compound.cycle_note) == (
        7,
        28,
        "Stop after four weeks.",
    )
    assert (compound.stacking_note, compound.what_it_is) == ("Not with alcohol.", "A small molecule.")
    assert (compound.evidence_score_override, compound.evidence_override_reason) == (
        3,
        "The trials are small and share authors.",
    )
    assert compound.area.description == "Falling asleep, stress and anxiety."
    assert list(compound.related_compounds.values_list("slug", flat=True)) == ["dormexa"]
    assert list(compound.mechanism_steps.values_list("title", flat=True)) == ["It shifts the clock"]
    assert list(compound.forms.values_list("name", "advice")) == [("Tablets", "recommended")]
    assert list(compound.side_effects.values_list("tip", flat=True)) == ["Take it earlier."]
    assert list(compound.cautions.order_by("position").values_list("kind", flat=True)) == [
        "interaction",
        "contraindication",
    ]
    assert list(compound.skip_items.values_list("title", flat=True)) == ["Gummies"]
    assert list(compound.faq_entries.values_list("question", flat=True)) == ["Is it habit-forming?"]
    assert list(compound.key_takeaways.order_by("position").values_list("text", flat=True)) == [
        "A sleep aid.",
        "Small trials only.",
    ]


def test_a_compound_with_no_side_effects_imports_why_none_are_known(editor, tmp_path):
    data = json.loads(FULL.read_text())
    reason = "Neither trial (120 people in all) recorded an adverse event."
    data["compounds"][1]["no_known_adverse_effects_reason"] = reason
    path = tmp_path / "compounds.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    import_compounds(path, by=editor)

    assert Compound.objects.get(slug="dormexa").no_known_adverse_effects_reason == reason
    assert Compound.objects.get(slug="nocturnin").no_known_adverse_effects_reason == ""


def test_structured_and_free_text_doses_both_import(editor):
    import_compounds(FULL, by=editor)

    structured, free_text = Compound.objects.get(slug="nocturnin").dosing_protocols.order_by("position")
    assert (structured.dose_min, structured.dose_max, structured.unit, structured.frequency) == (
        Decimal(1),
        Decimal(3),
        "mg",
        "once at bedtime",
    )
    assert (structured.route, structured.basis, structured.note) == ("oral", "clinical_trial", "Lowest dose first.")
    assert (free_text.use, free_text.dose_min, free_text.frequency, free_text.route) == (
        "Jet lag",
        Decimal("0.5"),
        "on arrival",
        "oral",
    )


def test_full_study_records_import_and_verdicts_cite_them_by_pmid_or_doi(editor):
    import_compounds(FULL, by=editor)

    study = Study.objects.get(pmid="31000001")
    assert (study.slug, study.population, study.risk_of_bias, study.direction, study.participants) == (
        "ames-2019-nocturnin",
        "Adults with insomnia",
        "low",
        "benefit",
        120,
    )
    verdict = Compound.objects.get(slug="nocturnin").verdicts.get()
    assert (verdict.verdict, verdict.quality) == ("benefit", "moderate")
    assert sorted(s.pmid or s.doi for s in verdict.studies.all()) == ["10.1000/nocturnin.2", "31000001"]
    # A study named only by its PubMed ID is the one given in full elsewhere in the import.
    dormexa = Compound.objects.get(slug="dormexa")
    assert [link.study for link in dormexa.evidence_links.all()] == [study]
    assert Study.objects.count() == 2


def test_studies_already_here_are_reused_by_pmid_then_doi_and_never_changed(editor):
    by_pmid = factories.StudyFactory(pmid="31000001", doi="", finding="As it was")
    by_doi = factories.StudyFactory(pmid="", doi="10.1000/nocturnin.2", finding="Also as it was")

    result = import_compounds(FULL, by=editor)

    assert (result.studies_created, result.studies_reused) == (0, 2)
    assert Study.objects.count() == 2
    linked = [link.study for link in Compound.objects.get(slug="nocturnin").evidence_links.order_by("position")]
    assert linked == [by_pmid, by_doi]
    assert Study.objects.get(pk=by_pmid.pk).finding == "As it was"


def test_a_study_named_by_identifier_alone_may_be_one_already_here(editor, tmp_path):
    known = factories.StudyFactory(pmid="", doi="10.1000/known")
    solo = {"name": "Solo", "class": "Mineral", "area": "Minerals", "summary": "S."}
    data = {"compounds": [{**solo, "studies": ["https://doi.org/10.1000/known"]}]}
    path = tmp_path / "solo.json"
    path.write_text(json.dumps(data))

    import_compounds(path, by=editor)

    assert [link.study for link in Compound.objects.get(slug="solo").evidence_links.all()] == [known]


def test_every_compound_and_new_study_is_one_revision_by_the_importing_user(editor):
    import_compounds(FULL, by=editor)

    for obj in (*Compound.objects.all(), *Study.objects.all()):
        (version,) = Version.objects.get_for_object(obj).select_related("revision__user")
        assert version.revision.user == editor, obj
        assert version.revision.get_comment() == "Imported from compound_full.json"
    nocturnin = Compound.objects.get(slug="nocturnin")
    revision = Version.objects.get_for_object(nocturnin).get().revision
    recorded = {v.content_type.model for v in revision.version_set.all()}
    assert recorded == {
        "compound",
        "mechanismstep",
        "evidencelink",
        "verdict",
        "dosingprotocol",
        "compoundform",
        "sideeffect",
        "caution",
        "skipitem",
        "faqentry",
        "keytakeaway",
    }
    (verdict,) = (v for v in revision.version_set.all() if v.content_type.model == "verdict")
    assert len(verdict.field_dict["studies"]) == 2
    assert Version.objects.get_for_object(nocturnin).get().field_dict["related_compounds"] == [
        Compound.objects.get(slug="dormexa").pk
    ]


def test_compounds_of_several_files_import_together_and_may_name_each_other(editor, tmp_path):
    data = json.loads(FULL.read_text())
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    first.write_text(json.dumps({"areas": data["areas"], "compounds": data["compounds"][:1]}))
    second.write_text(json.dumps({"compounds": data["compounds"][1:]}))

    result = import_compounds(first, second, by=editor)

    assert result.compounds == 2
    assert Compound.objects.get(slug="dormexa").related_compounds.get().slug == "nocturnin"
    comments = {v.revision.get_comment() for v in Version.objects.get_for_model(Compound)}
    assert comments == {"Imported from first.json", "Imported from second.json"}


def test_with_skip_existing_compounds_already_here_are_left_alone(editor):
    import_compounds(FULL, by=editor)
    versions, areas = Version.objects.count(), Area.objects.count()

    result = import_compounds(FULL, by=editor, skip_existing=True)

    assert (result.compounds, result.skipped) == (0, ["nocturnin", "dormexa"])
    assert (Version.objects.count(), Area.objects.count()) == (versions, areas)


def test_the_command_takes_several_files_and_names_the_compounds_it_left_alone(editor, tmp_path, capsys):
    import_compounds(FULL, by=editor)
    solo = tmp_path / "solo.json"
    compound = {"name": "Solo", "class": "Mineral", "area": "Minerals", "summary": "S."}
    solo.write_text(json.dumps({"compounds": [compound]}))

    call_command("import_compounds", str(FULL), str(solo), "--by", "importer", "--skip-existing")

    out = capsys.readouterr().out
    assert "Imported 1 compounds as drafts by importer" in out
    assert "Left alone, already here: nocturnin, dormexa." in out
    assert Compound.objects.count() == 3
