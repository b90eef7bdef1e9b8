"""What a compound page computes beside its score from the studies it cites: the
participants, with the people a review pools counted once; when and how large the
studies behind the score were; and how confident the score is."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from compounds import scoring
from compounds.editions import CompoundEditionBuilder
from compounds.importing import ImportRefused, import_compounds
from compounds.models import Compound
from studies.importing import parse_study
from studies.models import Study
from tests import factories
from tests.factories import StudyFactory

D, F, R = Study.Design, Study.Funding, Study.Direction
DEMO_CEREBROLYSIN = Path(settings.BASE_DIR) / "cms" / "demo" / "data" / "compounds" / "cerebrolysin.json"


def study(slug, design, participants, *, year=2020, funding=F.INDEPENDENT, direction=R.BENEFIT) -> Study:
    return StudyFactory.build(
        slug=slug, design=design, participants=participants, year=year, funding=funding, direction=direction
    )


# Participants ---------------------------------------------------------------------


def test_a_review_and_a_trial_it_pools_count_once_as_the_larger_figure():
    studies = [study("cochrane", D.META_ANALYSIS, 1601), study("casta", D.RCT, 1070)]

    assert scoring.participants_counted(studies, {"cochrane": ["casta"]}) == 1601


def test_trials_that_add_up_to_more_than_their_review_reports_count_instead():
    studies = [
        study("review", D.META_ANALYSIS, None),
        study("alvarez", D.RCT, 279),
        study("ruether", D.RCT, 149),
    ]

    assert scoring.participants_counted(studies, {"review": ["alvarez", "ruether"]}) == 428


def test_two_reviews_pooling_the_same_trial_are_one_group_counted_once():
    studies = [
        study("cochrane", D.META_ANALYSIS, 1601),
        study("sponsored", D.SYSTEMATIC_REVIEW, 1879),
        study("casta", D.RCT, 1070),
        study("cars", D.RCT, 205),
    ]
    pools = {"cochrane": ["casta"], "sponsored": ["casta", "cars"]}

    assert scoring.participants_counted(studies, pools) == 1879


def test_a_review_whose_pooling_is_not_recorded_is_counted_beside_the_trials():
    studies = [study("cochrane", D.META_ANALYSIS, 1601), study("casta", D.RCT, 1070)]

    assert scoring.participants_counted(studies) == 2671


@pytest.mark.parametrize(
    ("pooler", "pooled", "reason"),
    [
        (D.RCT, D.RCT, "a trial pools nothing"),
        (D.META_ANALYSIS, D.ANIMAL, "an animal study has no participants to share"),
        (D.META_ANALYSIS, D.META_ANALYSIS, "reviews are grouped by the trials they pool, not by each other"),
    ],
)
def test_only_a_review_pooling_a_primary_study_in_people_joins_them(pooler, pooled, reason):
    studies = [study("a", pooler, 500), study("b", pooled, 300)]

    expected = 500 + (0 if pooled == D.ANIMAL else 300)
    assert scoring.participants_counted(studies, {"a": ["b"]}) == expected, reason


def test_pooling_a_study_the_page_does_not_cite_changes_nothing():
    studies = [study("cochrane", D.META_ANALYSIS, 1601)]

    assert scoring.participants_counted(studies, {"cochrane": ["not-cited"], "not-cited": ["cochrane"]}) == 1601


def test_laboratory_work_and_studies_without_a_count_add_no_participants():
    studies = [study("mice", D.ANIMAL, 40), study("cells", D.IN_VITRO, None), study("trial", D.RCT, None)]

    assert scoring.participants_counted(studies) == 0


def test_the_summary_line_counts_the_people_in_reviews():
    evidence = scoring.assess(
        [study("cochrane", D.META_ANALYSIS, 1601), study("casta", D.RCT, 1070)], pools={"cochrane": ["casta"]}
    )

    assert evidence.summary_line == "2 studies · 1 meta-analysis · 1 RCT · 1,601 participants"


def test_the_demo_cerebrolysin_counts_its_pooled_reviews_once():
    data = json.loads(DEMO_CEREBROLYSIN.read_text())["compounds"][0]
    problems = []
    records = [parse_study(item, "cerebrolysin", problems) for item in data["studies"]]
    assert problems == []
    fields = ("design", "funding", "direction", "participants", "year")
    studies = [Study(slug=r.fields["pmid"], **{name: r.fields.get(name) for name in fields}) for r in records]
    pools = {entry["review"]: entry["studies"] for entry in data["pooled"]}

    evidence = scoring.assess(studies, pools=pools)

    # Cochrane 2020 over CASTA (1,601), the 2018 pooling over CARS (1,879), the 2015
    # Alzheimer's pooling (no count) over two trials (279 + 149), the vascular dementia
    # review (597), the brain-injury trial (32) and the case report (1).
    assert evidence.summary_line == "10 studies · 4 meta-analyses · 5 RCTs · 4,538 participants"


# The studies behind the score -------------------------------------------------------


def test_the_studies_behind_the_score_are_its_trials_and_reviews_with_their_years_and_median_size():
    body = scoring.body_of_evidence(
        [
            study("review", D.META_ANALYSIS, 597, year=2011),
            study("big", D.RCT, 1070, year=2023),
            study("pilot", D.RCT, 32, year=2015),
            study("registry", D.OBSERVATIONAL, 50000, year=1999),
        ]
    )

    assert (body.first_year, body.last_year, body.typical_size) == (2011, 2023, 597)
    assert body.line == (
        "Most of the evidence is from meta-analyses and randomised trials published 2011–2023, "
        "with a typical size of 597 participants."
    )


def test_without_trials_or_reviews_the_other_studies_in_people_are_behind_the_score():
    body = scoring.body_of_evidence(
        [study("cohort", D.OBSERVATIONAL, 300, year=2010), study("case", D.CASE_REPORT, 2, year=2018)]
    )

    assert body.line == (
        "Most of the evidence is from studies in people that were not randomised published 2010–2018, "
        "with a typical size of 151 participants."
    )


def test_with_no_study_in_people_nothing_is_said_about_years_or_size():
    assert scoring.body_of_evidence([study("mice", D.ANIMAL, 40, year=2019)]).line == ""


# Confidence -----------------------------------------------------------------------------

TRIALS = [("t1", D.RCT, 400), ("t2", D.RCT, 400), ("t3", D.META_ANALYSIS, 400)]


@pytest.mark.parametrize(
    ("specs", "funding", "confidence"),
    [
        (TRIALS, F.INDEPENDENT, "High"),
        (TRIALS, F.INDUSTRY, "Moderate"),  # no independent team among them
        ([("t1", D.RCT, 300), ("t2", D.RCT, 300), ("t3", D.RCT, 300)], F.INDEPENDENT, "Moderate"),  # 900 people
        ([("t1", D.RCT, 5000)], F.INDEPENDENT, "Moderate"),  # one trial, however large
        ([("c1", D.OBSERVATIONAL, 5000), ("c2", D.CASE_REPORT, 1)], F.INDEPENDENT, "Low"),
        ([("m", D.ANIMAL, 30)], F.INDEPENDENT, "Low"),
        ([], F.INDEPENDENT, "Low"),
    ],
)
def test_the_confidence_label_follows_from_the_studies(specs, funding, confidence):
    evidence = scoring.assess([study(slug, design, people, funding=funding) for slug, design, people in specs])

    assert evidence.confidence == confidence
    rule = next(rule for rule in scoring.CONFIDENCE if rule.label == confidence)
    assert evidence.confidence_reason == rule.description


def test_the_confidence_does_not_follow_an_override_of_the_score():
    evidence = scoring.assess([study("t1", D.RCT, 80)], override=9, override_reason="We trust it.")

    assert (evidence.score, evidence.confidence) == (9, "Moderate")


# On the page -------------------------------------------------------------------------


def compound_citing(*studies: Study) -> Compound:
    compound = factories.compound_with_rows(studies=0, dosing=1, side_effects=1, cite_when_no_studies=False)
    for position, cited in enumerate(studies):
        factories.EvidenceLinkFactory(compound=compound, study=cited, position=position)
    return compound


@pytest.mark.django_db
def test_a_built_page_counts_the_trial_a_linked_review_pools_once_and_says_so_to_the_reviewer():
    review = factories.published_study(design=D.META_ANALYSIS, participants=1601, year=2020)
    trial = factories.published_study(design=D.RCT, participants=1070, year=2012)
    compound = compound_citing(review, trial)
    builder = CompoundEditionBuilder()
    assert builder.content(compound)["evidence"]["participants"] == 2671

    compound.evidence_links.get(study=review).pools.add(trial)
    content = builder.content(compound)

    assert content["evidence"]["participants"] == 1601
    assert content["evidence"]["body_line"].endswith("published 2012–2020, with a typical size of 1,336 participants.")
    assert [source["pools"] for source in content["sources"]] == [[trial.slug], []]
    assert builder.problems(compound) == []


@pytest.mark.django_db
def test_a_page_whose_review_pools_a_study_it_does_not_cite_cannot_go_to_review():
    review = factories.published_study(design=D.META_ANALYSIS, participants=1601)
    trial = factories.published_study(design=D.RCT, participants=1070)
    other = factories.published_study(design=D.RCT, participants=30)
    compound = compound_citing(review, trial)
    compound.evidence_links.get(study=review).pools.add(other)
    compound.evidence_links.get(study=trial).pools.add(review)

    problems = CompoundEditionBuilder().problems(compound)

    assert any("which this page does not cite" in problem for problem in problems)
    assert any("is not a meta-analysis or systematic review" in problem for problem in problems)


@pytest.mark.django_db
def test_the_how_we_score_page_states_every_confidence_rule_and_how_people_are_counted(client):
    page = " ".join(client.get("/how-we-score/").content.decode().split())

    for rule in scoring.CONFIDENCE:
        assert f'<th scope="row">{rule.label}</th><td>{rule.description}</td>' in page
    assert "Each group counts once: the larger of its largest review's participants" in page.replace("&#x27;", "'")


# Importing ---------------------------------------------------------------------------


def pooled_import(tmp_path, pooled: list[dict]) -> Path:
    data = {
        "compounds": [
            {
                "name": "Pooltest",
                "kind": "supplement",
                "class": "Test",
                "area": "Neuro & cognition",
                "summary": "A compound with a review and the trials it pools.",
                "no_known_adverse_effects_reason": "No adverse events were recorded.",
                "studies": [
                    {"pmid": "32662068", "title": "Review", "year": 2020, "design": "meta_analysis",
                     "participants": 1601, "finding": "Null.", "direction": "no_effect"},
                    {"pmid": "22282884", "title": "Trial", "year": 2012, "design": "rct",
                     "participants": 1070, "finding": "Null.", "direction": "no_effect"},
                ],
                "pooled": pooled,
            }
        ]
    }  # fmt: skip
    path = tmp_path / "pooled.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.django_db
def test_an_import_records_which_cited_trials_a_review_pools(tmp_path):
    path = pooled_import(tmp_path, [{"review": "32662068", "studies": ["22282884"]}])

    import_compounds(path, by=factories.editor(username="editor"))

    link = Compound.objects.get(slug="pooltest").evidence_links.get(study__pmid="32662068")
    assert list(link.pools.values_list("pmid", flat=True)) == ["22282884"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("pooled", "message"),
    [
        ([{"review": "22282884", "studies": ["32662068"]}], "22282884 is not a meta-analysis or systematic review"),
        ([{"review": "32662068", "studies": ["11111111"]}], "11111111 is not among this compound's studies"),
        ([{"review": "99999999", "studies": ["22282884"]}], "99999999 is not among this compound's studies"),
        ([{"review": "32662068", "studies": "22282884"}], "studies: must be a list"),
        ([{"review": "32662068", "trials": ["22282884"]}], "trials: is not a key we know"),
    ],
)
def test_an_import_whose_pooling_is_wrong_is_refused_whole(tmp_path, pooled, message):
    with pytest.raises(ImportRefused) as refused:
        import_compounds(pooled_import(tmp_path, pooled), by=factories.editor(username="editor"))

    assert any(message in problem for problem in refused.value.problems), refused.value.problems
    assert not Compound.objects.filter(slug="pooltest").exists()
