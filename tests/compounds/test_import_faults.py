"""Every fault in a compound file is refused with file, item, field and limit, and nothing is saved."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from reversion.models import Version

from compounds.models import Area, Compound, DosingProtocol, EvidenceLink
from studies.models import Study
from tests import factories

pytestmark = pytest.mark.django_db
FULL = Path(__file__).parent.parent / "fixtures" / "compound_full.json"


@pytest.fixture
def editor():
    return factories.editor(username="importer")


def counts():
    return [model.objects.count() for model in (Compound, Study, Area, DosingProtocol, EvidenceLink, Version)]


def full(mutate):
    data = json.loads(FULL.read_text())
    mutate(data)
    return data


def nocturnin(**changes):
    return full(lambda d: d["compounds"][0].update(changes))


def first_row(key, **changes):
    return full(lambda d: d["compounds"][0][key][0].update(changes))


def refused(tmp_path, editor, data) -> str:
    path = tmp_path / "compounds.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError) as error:
        call_command("import_compounds", str(path), "--by", editor.username)
    assert counts() == before
    return str(error.value)


CASES = {
    "misspelt key": (
        nocturnin(side_efects=[]),
        "item 1 (nocturnin) side_efects: is not a key we know; did you mean “side_effects”?",
    ),
    "misspelt top-level key": (full(lambda d: d.update(compunds=d.pop("compounds"))), "did you mean “compounds”?"),
    "misspelt row key": (
        first_row("dosing", frequncy="daily"),
        "dosing[1] frequncy: is not a key we know; did you mean “frequency”?",
    ),
    "misspelt study key": (
        first_row("studies", jornal="Sleep"),
        "studies[1] jornal: is not a key we know; did you mean “journal”?",
    ),
    "compounds a number": ({"compounds": 5}, "compounds: must be a list, not a number"),
    "fillers null": ({"fillers": None}, "no compounds found"),
    "slug not a slug": (nocturnin(slug="Not a slug!"), "item 1 (Not a slug!) slug: Enter a valid “slug”"),
    "slug a list": (nocturnin(slug=["a"]), "slug: must be text, not a list"),
    "title a list": (first_row("studies", title=["a", "b"]), "studies[1] title: must be text, not a list"),
    "name with no letters": (
        nocturnin(name="???", slug=None),
        "item 1 (???) slug: the name “???” gives no page address",
    ),
    "name too long": (
        nocturnin(name="N" * 121),
        "item 1 (nocturnin) name: Ensure this value has at most 120 characters (it has 121).",
    ),
    "area name too long": (
        nocturnin(area="A" * 101),
        "area name: Ensure this value has at most 100 characters (it has 101).",
    ),
    "approved_in too long": (
        nocturnin(approved_in="x" * 301),
        "approved_in: Ensure this value has at most 300 characters (it has 301).",
    ),
    "takeaway too long": (
        nocturnin(key_takeaways=["t" * 301]),
        "key_takeaways[1] text: Ensure this value has at most 300 characters (it has 301).",
    ),
    "frequency too long": (
        first_row("dosing", frequency="f" * 121),
        "dosing[1] frequency: Ensure this value has at most 120 characters (it has 121).",
    ),
    "duration too long": (
        first_row("dosing", duration="d" * 201),
        "dosing[1] duration: Ensure this value has at most 200 characters (it has 201).",
    ),
    "dose note too long": (
        first_row("dosing", note="n" * 301),
        "dosing[1] note: Ensure this value has at most 300 characters (it has 301).",
    ),
    "tip too long": (
        first_row("side_effects", tip="t" * 301),
        "side_effects[1] tip: Ensure this value has at most 300 characters (it has 301).",
    ),
    "study title too long": (
        first_row("studies", title="t" * 501),
        "studies[1] title: Ensure this value has at most 500 characters (it has 501).",
    ),
    "dose both ways": (
        first_row("dosing", dose="5 mg"),
        "dosing[1] dose: give the dose as text or as dose_min, dose_max and unit, not both",
    ),
    "dose not a number": (first_row("dosing", dose_min="lots"), "dosing[1] dose_min: “lots” is not a number"),
    "route unknown words": (first_row("dosing", route=""), "dosing[1] route: missing"),
    "quality unknown": (first_row("verdicts", quality="great"), "verdicts[1] quality: “great” is not one we know"),
    "verdict study not listed": (
        first_row("verdicts", studies=["99999"]),
        "verdicts[1] studies: “99999” is not among this compound's studies",
    ),
    "study nowhere": (
        full(lambda d: d["compounds"][1].update(studies=["424242"])),
        "item 2 (dormexa) studies: pmid 424242 is neither in the file nor here",
    ),
    "related unknown": (nocturnin(related=["nowhere"]), "related: no compound “nowhere” here or in the import"),
    "override and imported score": (
        nocturnin(evidence_score=4),
        "give an imported score or an override with its reason, not both",
    ),
    "override without reason": (
        nocturnin(evidence_override_reason=""),
        "evidence_override_reason: Explain why you override",
    ),
    "cycle the wrong way round": (
        nocturnin(cycle_min_days=40),
        "cycle_min_days: The minimum course (40 days) is longer than the optimal one (28 days).",
    ),
    "none known beside side effects": (
        nocturnin(no_known_adverse_effects_reason="No trial recorded any."),
        "item 1 (nocturnin) no_known_adverse_effects_reason: give side effects or cautions, or a reason none are "
        "known, not both",
    ),
    "none known a list": (
        full(lambda d: d["compounds"][1].update(no_known_adverse_effects_reason=["none"])),
        "item 2 (dormexa) no_known_adverse_effects_reason: must be text, not a list",
    ),
    "year as text": (first_row("studies", year="2019"), "studies[1] year: must be a whole number, not text"),
    "flag as text": (nocturnin(is_prescription="yes"), "is_prescription: must be true or false, not text"),
    "same study differently": (
        full(lambda d: d["compounds"][1].update(studies=[{**d["compounds"][0]["studies"][0], "finding": "Other."}])),
        "item 2 (dormexa) studies[1]: pmid 31000001 is given differently in",
    ),
}


@pytest.mark.parametrize(("data", "message"), CASES.values(), ids=CASES.keys())
def test_a_fault_is_refused_with_where_and_why_and_nothing_is_saved(tmp_path, editor, data, message):
    assert message in refused(tmp_path, editor, data)


def test_json_nested_a_hundred_thousand_deep_is_refused_without_a_traceback(tmp_path, editor):
    message = refused(tmp_path, editor, '{"compounds": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert "compounds.json: nested more than 50 levels deep; this is not an import file" in message


def test_every_problem_of_a_file_is_listed_at_once(tmp_path, editor):
    data = full(lambda d: d["compounds"][0].update(name="", side_efects=[], area="A" * 101))
    message = refused(tmp_path, editor, data)
    assert "3 problem(s)" in message
    assert "name: missing" in message and "side_efects" in message and "area name" in message


def test_a_study_slug_taken_by_another_study_is_refused(tmp_path, editor):
    factories.StudyFactory(slug="ames-2019-nocturnin", pmid="1")
    assert "studies[1] slug: a study “ames-2019-nocturnin” already exists" in refused(
        tmp_path, editor, json.loads(FULL.read_text())
    )
