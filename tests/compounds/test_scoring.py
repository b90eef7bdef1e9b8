import json
from pathlib import Path

import pytest
from django.conf import settings

from compounds import scoring
from compounds.editions import CompoundEditionBuilder
from reviews import diff, selectors, services
from studies.importing import parse_study
from studies.models import Study
from tests import factories
from tests.factories import StudyFactory

D, F, R = Study.Design, Study.Funding, Study.Direction
DEMO_COMPOUNDS = Path(settings.BASE_DIR) / "cms" / "demo" / "data" / "compounds"
# The Noopept page: one meta-analysis, paid for by its maker, that finds a benefit.
NOOPEPT = ((D.META_ANALYSIS, F.INDUSTRY, R.BENEFIT, None),)


def studies(*specs):
    return [
        StudyFactory.build(design=design, funding=funding, direction=direction, participants=people)
        for design, funding, direction, people in specs
    ]


def test_no_studies_scores_as_anecdotal():
    evidence = scoring.assess([])
    assert (evidence.score, evidence.tier) == (1, "Anecdotal")
    assert evidence.summary_line == "0 studies · 0 meta-analyses · 0 RCTs · 0 participants"


def test_only_animal_work_scores_as_preclinical():
    evidence = scoring.assess(studies((D.ANIMAL, F.INDEPENDENT, R.BENEFIT, None)))
    assert (evidence.score, evidence.tier) == (2, "Preclinical")


def test_one_independent_positive_trial_is_emerging():
    evidence = scoring.assess(studies((D.RCT, F.INDEPENDENT, R.BENEFIT, 80)))
    assert (evidence.score, evidence.tier) == (4, "Emerging")


def test_two_independent_positive_meta_analyses_are_strong():
    evidence = scoring.assess(
        studies((D.META_ANALYSIS, F.INDEPENDENT, R.BENEFIT, 900), (D.SYSTEMATIC_REVIEW, F.INDEPENDENT, R.BENEFIT, 500))
    )
    assert (evidence.score, evidence.tier) == (8, "Strong")


def test_industry_funded_positives_and_a_null_independent_review_pull_the_score_down():
    evidence = scoring.assess(
        studies(
            (D.META_ANALYSIS, F.INDUSTRY, R.BENEFIT, None),
            (D.RCT, F.INDUSTRY, R.BENEFIT, 1070),
            (D.META_ANALYSIS, F.INDEPENDENT, R.NO_EFFECT, 1601),
        )
    )
    # level 4 (an industry-funded review counts for less), +1 for 1,070 trial participants,
    # -1 industry, -1 null independent review
    assert (evidence.score, evidence.tier) == (3, "Preliminary")
    assert len(evidence.reasons) == 4


def test_an_override_replaces_the_score_and_keeps_the_computed_one_for_the_reviewer():
    evidence = scoring.assess([], override=4, override_reason="Community reports are consistent.")
    assert (evidence.score, evidence.computed_score, evidence.tier) == (4, 1, "Emerging")
    assert evidence.is_overridden
    assert evidence.override_reason == "Community reports are consistent."


@pytest.mark.parametrize(("score", "tier"), [(0, "Anecdotal"), (3, "Preliminary"), (7, "Moderate"), (10, "Strong")])
def test_each_score_falls_in_one_tier(score, tier):
    assert scoring.tier_for(score) == tier


def demo_compound(slug: str) -> dict:
    return json.loads((DEMO_COMPOUNDS / f"{slug}.json").read_text())["compounds"][0]


def demo_studies(slug: str) -> list[Study]:
    """The demo compound's studies as the importer reads them, unsaved."""
    problems = []
    records = [parse_study(item, slug, problems) for item in demo_compound(slug)["studies"]]
    assert problems == []
    scored = ("design", "funding", "direction", "participants")
    return [Study(**{name: record.fields.get(name) for name in scored}) for record in records]


def test_a_single_industry_funded_meta_analysis_no_longer_reaches_the_moderate_level():
    evidence = scoring.assess(studies(*NOOPEPT))
    # Under the first rubric it started at 6 and scored 5.
    assert (evidence.score, evidence.tier) == (3, "Preliminary")
    assert any("paid for by industry starts here" in reason for reason in evidence.reasons)


@pytest.mark.parametrize(
    "larger_body",
    [
        pytest.param(
            (
                (D.RCT, F.INDEPENDENT, R.BENEFIT, 200),
                (D.OBSERVATIONAL, F.INDEPENDENT, R.BENEFIT, 500),
                (D.RCT, F.INDUSTRY, R.NO_EFFECT, 150),
            ),
            id="one-independent-trial-and-an-observational-study",
        ),
        pytest.param(
            ((D.RCT, F.INDEPENDENT, R.BENEFIT, 90), (D.RCT, F.UNKNOWN, R.MIXED, 60)),
            id="two-small-trials",
        ),
        pytest.param(
            (
                (D.META_ANALYSIS, F.INDEPENDENT, R.MIXED, None),
                (D.RCT, F.INDEPENDENT, R.BENEFIT, 300),
                (D.RCT, F.INDUSTRY, R.BENEFIT, 400),
            ),
            id="a-mixed-independent-review-and-two-trials",
        ),
    ],
)
def test_a_single_industry_funded_meta_analysis_cannot_outscore_a_larger_more_independent_body(larger_body):
    single = scoring.assess(studies(*NOOPEPT))
    larger = scoring.assess(studies(*larger_body))
    assert larger.studies > single.studies
    assert larger.score > single.score


@pytest.mark.parametrize(
    ("spec", "first_rubric_score"),
    [
        ((D.META_ANALYSIS, F.INDEPENDENT, R.BENEFIT, None), 6),
        ((D.RCT, F.INDEPENDENT, R.BENEFIT, 1500), 5),
    ],
    ids=["an-independent-meta-analysis", "a-large-independent-trial"],
)
def test_a_single_study_is_capped_however_strong(spec, first_rubric_score):
    evidence = scoring.assess(studies(spec))
    assert evidence.score == 4 < first_rubric_score
    assert any("only one study in people" in reason for reason in evidence.reasons)


def test_a_single_study_cannot_outscore_two_independent_trials_that_find_a_benefit():
    single = scoring.assess(studies((D.META_ANALYSIS, F.INDEPENDENT, R.BENEFIT, None)))
    body = scoring.assess(studies((D.RCT, F.INDEPENDENT, R.BENEFIT, 120), (D.RCT, F.INDEPENDENT, R.BENEFIT, 90)))
    assert body.score > single.score


def test_a_benefit_found_only_by_industry_is_capped_however_many_trials_found_it():
    evidence = scoring.assess(
        studies(
            (D.RCT, F.INDUSTRY, R.BENEFIT, 400),
            (D.RCT, F.INDUSTRY, R.BENEFIT, 500),
            (D.RCT, F.INDUSTRY, R.BENEFIT, 600),
            (D.META_ANALYSIS, F.INDUSTRY, R.BENEFIT, None),
        )
    )
    # level 6 (two trials), +1 participants, -1 industry, then the cap
    assert evidence.computed_score == 4
    assert any("no independent team has found it" in reason for reason in evidence.reasons)


def test_a_cap_that_does_not_lower_the_score_is_not_given_as_a_reason():
    evidence = scoring.assess(studies((D.ANIMAL, F.INDUSTRY, R.BENEFIT, None)))
    assert evidence.score == 2
    assert evidence.reasons == ("Only animal or laboratory studies.",)


def test_the_demo_noopept_case_scores_below_the_demo_cerebrolysin():
    cerebrolysin = demo_compound("cerebrolysin")
    computed = scoring.assess(demo_studies("cerebrolysin"))
    public = scoring.assess(
        demo_studies("cerebrolysin"),
        override=cerebrolysin["evidence_score_override"],
        override_reason=cerebrolysin["evidence_override_reason"],
    )
    noopept = scoring.assess(studies(*NOOPEPT))
    assert (computed.studies, computed.score) == (10, 5)
    assert noopept.score < public.score <= computed.score


def test_the_evidence_in_a_built_page_records_the_rubric_version_that_scored_it(db):
    compound = factories.compound_with_rows(studies=1, dosing=0, side_effects=1)
    evidence = CompoundEditionBuilder().content(compound)["evidence"]
    assert evidence["rubric_version"] == scoring.RUBRIC_VERSION


def test_the_rubric_version_is_listed_with_what_changed():
    versions = [version for version, _change in scoring.RUBRIC_CHANGES]
    assert versions[0] == scoring.RUBRIC_VERSION
    assert versions == sorted(versions, reverse=True)


def test_a_new_rubric_rescores_a_page_only_through_review(db, monkeypatch):
    compound = factories.compound_with_rows(studies=0, dosing=1, side_effects=1, cite_when_no_studies=False)
    factories.EvidenceLinkFactory(compound=compound, study=factories.published_study(design=D.META_ANALYSIS))
    factories._publish(compound)
    live = compound_edition(compound)
    current = scoring.RUBRIC_VERSION
    assert (live.content["evidence"]["score"], live.content["evidence"]["rubric_version"]) == (4, current)

    # A later rubric that no longer caps a single study.
    monkeypatch.setattr(scoring, "RUBRIC_VERSION", current + 1)
    monkeypatch.setattr(scoring, "CAPS", ())
    builder = CompoundEditionBuilder()

    # Confirming the live page after a cited study changed keeps the approved score...
    assert builder.with_current_citations(live.content)["evidence"] == live.content["evidence"]
    # ...while the working copy, when next edited, carries the new score as a change to review.
    editor = factories.editor(username="factory-editor")
    compound.summary = "A compound studied in one pooled analysis."
    services.save_draft(compound, by=editor, comment="Summary")
    rebuilt = builder.content(compound)
    assert (rebuilt["evidence"]["score"], rebuilt["evidence"]["rubric_version"]) == (6, current + 1)
    changes = {change.key: change for change in diff.compare(live.content, rebuilt, builder).fields}
    assert (changes["evidence.score"].old, changes["evidence.score"].new) == ("4", "6")
    submission = services.submit(compound, by=editor, change_note="Rescored under the new rubric.")
    assert compound_edition(compound).pk == live.pk
    factories.approve(submission, by=factories.reviewer(username="factory-reviewer"))
    assert compound_edition(compound).content["evidence"]["score"] == 6


def compound_edition(compound):
    return selectors.current_edition(compound)


def test_the_how_we_score_page_states_the_caps_and_the_rubric_version(client, db):
    page = client.get("/how-we-score/").content.decode()

    assert f"version {scoring.RUBRIC_VERSION} of the rubric" in page
    assert "cannot outscore a page whose evidence is larger and more independent" in page
    for rule in (*scoring.LEVELS, *scoring.ADJUSTMENTS, *scoring.CAPS):
        assert rule.description in page
    for version, change in scoring.RUBRIC_CHANGES:
        assert f"Version {version}.</strong> {change}" in page
