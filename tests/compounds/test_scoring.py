import pytest

from compounds import scoring
from studies.models import Study
from tests.factories import StudyFactory

D, F, R = Study.Design, Study.Funding, Study.Direction


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
    # level 6, +1 for 1,070 trial participants, -1 industry, -1 null independent review
    assert (evidence.score, evidence.tier) == (5, "Emerging")
    assert len(evidence.reasons) == 4


def test_participants_count_primary_studies_only_since_reviews_pool_the_same_people():
    evidence = scoring.assess(
        studies((D.META_ANALYSIS, F.INDEPENDENT, R.BENEFIT, 1601), (D.RCT, F.INDUSTRY, R.BENEFIT, 1070))
    )
    assert evidence.summary_line == "2 studies · 1 meta-analysis · 1 RCT · 1,070 participants"


def test_an_override_replaces_the_score_and_keeps_the_computed_one_for_the_reviewer():
    evidence = scoring.assess([], override=4, override_reason="Community reports are consistent.")
    assert (evidence.score, evidence.computed_score, evidence.tier) == (4, 1, "Emerging")
    assert evidence.is_overridden
    assert evidence.override_reason == "Community reports are consistent."


@pytest.mark.parametrize(("score", "tier"), [(0, "Anecdotal"), (3, "Preliminary"), (7, "Moderate"), (10, "Strong")])
def test_each_score_falls_in_one_tier(score, tier):
    assert scoring.tier_for(score) == tier
