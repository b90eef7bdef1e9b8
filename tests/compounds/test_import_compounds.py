import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from reversion.models import Version

from compounds.models import Area, Compound, DosingProtocol, EvidenceLink, Verdict
from studies.models import Study
from tests import factories

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).parent.parent / "fixtures" / "compounds.json"
BENCH = Path(settings.BASE_DIR).parent / "shared" / "bench" / "content.json"


@pytest.fixture
def editor():
    return factories.editor(username="editor")


def counts():
    return [model.objects.count() for model in (Compound, Study, Area, DosingProtocol, EvidenceLink, Version)]


def write(tmp_path, data) -> Path:
    path = tmp_path / "compounds.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_compounds_import_as_drafts_with_their_rows_and_studies(capsys, editor):
    known = factories.StudyFactory(pmid="22282884", finding="Kept as it was", slug="heiss")

    call_command("import_compounds", str(FIXTURE), "--by", editor.username)

    selank = Compound.objects.get(slug="selank")
    assert (selank.state, selank.kind, selank.area.name) == ("draft", Compound.Kind.PRESCRIPTION_DRUG, "Sleep & mood")
    low = selank.dosing_protocols.get(position=1)
    assert (low.dose_min, low.dose_max, low.unit, low.route, low.basis) == (
        250,
        750,
        "mcg",
        "intranasal",
        "clinical_trial",
    )
    assert low.frequency == "per day, split into drops"
    vague = selank.dosing_protocols.get(position=2)
    assert (vague.dose_min, vague.unit, vague.note) == (None, "", "a few drops when stressed")
    verdict = selank.verdicts.get()
    assert (verdict.verdict, verdict.quality) == (Verdict.Finding.BENEFIT, Verdict.Quality.LOW)
    assert [link.study.pmid for link in selank.evidence_links.order_by("position")] == ["22282884", "25832905"]
    assert Study.objects.get(pk=known.pk).finding == "Kept as it was"
    assert selank.side_effects.count() == selank.cautions.count() == selank.faq_entries.count() == 1
    assert selank.key_takeaways.count() == 2
    assert Compound.objects.filter(slug__in=["zorbitol", "quellamine"]).count() == 2
    out = capsys.readouterr().out
    assert "Imported 3 compounds as drafts by editor; studies: 1 new, 1 reused." in out


def test_each_imported_compound_is_one_revision_holding_its_rows_not_its_studies(editor):
    call_command("import_compounds", str(FIXTURE), "--by", editor.username)
    selank = Compound.objects.get(slug="selank")

    (version,) = Version.objects.get_for_object(selank)
    models = {v.content_type.model for v in version.revision.version_set.all()}

    assert {"compound", "dosingprotocol", "evidencelink", "verdict", "sideeffect"} <= models
    assert "study" not in models


def test_an_imported_score_that_differs_from_the_rubric_becomes_an_override_with_its_reason(editor):
    call_command("import_compounds", str(FIXTURE), "--by", editor.username)
    filler = Compound.objects.get(slug="quellamine")
    assert filler.evidence_score_override == 2
    assert "the rubric computes 1" in filler.evidence_override_reason


def bad(mutate):
    data = json.loads(FIXTURE.read_text())
    mutate(data)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ('{"compounds": [\n  {"name": "x",}\n]}', "compounds.json:2:"),
        (bad(lambda d: d["compounds"][0].pop("name")), "item 1 (selank) name: missing"),
        (
            bad(lambda d: d["compounds"][0]["studies"][0].update(pmid="123456789")),
            "studies[1] pmid: A PubMed ID is 1 to 8 digits",
        ),
        (
            bad(lambda d: d["compounds"][0]["dosing"][0].update(basis="hearsay")),
            "dosing[1] basis: “hearsay” is not one we know",
        ),
        (
            bad(lambda d: d["compounds"][0]["dosing"][0].update(dose="-5 mg daily")),
            "dosing[1] dose_min: A dose cannot be negative.",
        ),
        (
            bad(lambda d: d["fillers"][1].update(slug="zorbitol")),
            "item 3 (zorbitol) slug: “zorbitol” is used by item 2 too",
        ),
        (bad(lambda d: d["compounds"][0]["side_effects"][0].update(frequency="often")), "frequency: “often”"),
        (bad(lambda d: d.pop("compounds") and d.pop("fillers")), "no compounds found"),
    ],
)
def test_a_malformed_file_is_refused_with_item_and_reason_and_nothing_is_saved(tmp_path, data, message, editor):
    before = counts()

    with pytest.raises(CommandError) as refused:
        call_command("import_compounds", str(write(tmp_path, data)), "--by", editor.username)

    assert message in str(refused.value)
    assert counts() == before


def test_a_slug_that_already_exists_is_refused(editor):
    factories.CompoundFactory(slug="selank")
    with pytest.raises(CommandError, match="a compound “selank” already exists"):
        call_command("import_compounds", str(FIXTURE), "--by", editor.username)


@pytest.mark.skipif(not BENCH.exists(), reason="the shared benchmark content is not beside this checkout")
def test_the_benchmark_content_imports_whole(capsys, editor):
    call_command("import_compounds", str(BENCH), "--by", editor.username)

    assert Compound.objects.count() == 301
    assert Study.objects.count() == 25
    cerebrolysin = Compound.objects.get(slug="cerebrolysin")
    assert cerebrolysin.evidence_links.count() == 25
    assert cerebrolysin.dosing_protocols.count() == 6
    assert cerebrolysin.side_effects.count() == 12
    assert "Imported 300 of 301 compounds" in capsys.readouterr().out
