"""The evidence score: how the studies linked to a compound become a score and a tier.

The rubric is data (LEVELS, ADJUSTMENTS, CAPS, TIERS) so that the public "how we score"
page is rendered from the very rules the code applies. Change a rule here and the page
changes with it.

The rubric is versioned. Each edition stores the version that scored it, and a
published edition keeps its stored score: a new version reaches the public only when a
page is rebuilt from its working copy and a medical reviewer approves the change. So a
change to any rule here must come with a new RUBRIC_VERSION and a line in
RUBRIC_CHANGES.
"""

import statistics
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from studies.models import Study

MIN_SCORE = 0
MAX_SCORE = 10

RUBRIC_VERSION = 4
# (version, what changed), newest first: shown on the "how we score" page.
RUBRIC_CHANGES = (
    (
        4,
        "A retracted study counts towards no score, count or line: a page citing one is scored as if it did not. "
        "The recomputed score reaches readers only when a medical reviewer approves it; until then the page "
        "says that a study it cites was retracted.",
    ),
    (
        3,
        "The participants line now counts the people in meta-analyses and systematic reviews, each group of "
        "overlapping studies once; each page states how confident we are in its score; and the years and "
        "typical size of the studies behind the score are shown. No score changed.",
    ),
    (
        2,
        "A single study, or a benefit found only in studies paid for by industry, can no longer outscore a "
        "larger and more independent body of evidence: a review paid for by industry that finds a benefit "
        "starts at 4, not 6, and two caps were added.",
    ),
    (1, "The first rubric."),
)

Design = Study.Design
POOLED = {Design.META_ANALYSIS, Design.SYSTEMATIC_REVIEW}
PRELIMINARY_HUMAN = {Design.NON_RANDOMISED, Design.OBSERVATIONAL, Design.CASE_REPORT}
LAB = {Design.ANIMAL, Design.IN_VITRO}


@dataclass(frozen=True)
class Level:
    score: int
    description: str
    applies: Callable[[list[Study]], bool]


@dataclass(frozen=True)
class Adjustment:
    points: int
    description: str
    applies: Callable[[list[Study]], bool]


@dataclass(frozen=True)
class Cap:
    """A ceiling: whatever the level and adjustments give, the score is at most `score`."""

    score: int
    description: str
    applies: Callable[[list[Study]], bool]


def _positive(study: Study) -> bool:
    return study.direction == Study.Direction.BENEFIT


def _independent_positive_pooled(studies: list[Study]) -> list[Study]:
    return [s for s in studies if s.design in POOLED and _positive(s) and s.funding == Study.Funding.INDEPENDENT]


def _unsponsored_positive_pooled(studies: list[Study]) -> list[Study]:
    return [s for s in studies if s.design in POOLED and _positive(s) and s.funding != Study.Funding.INDUSTRY]


def _positive_human(studies: Iterable[Study]) -> list[Study]:
    return [s for s in studies if s.is_human and _positive(s)]


def _primary_participants(studies: Iterable[Study]) -> int:
    return sum(s.participants or 0 for s in studies if s.design in Study.PRIMARY_HUMAN_DESIGNS)


# The starting level is the first that applies, strongest first.
LEVELS = (
    Level(
        8,
        "Two or more independent meta-analyses or systematic reviews find a benefit.",
        lambda studies: len(_independent_positive_pooled(studies)) >= 2,
    ),
    Level(
        6,
        "A meta-analysis or systematic review not paid for by industry, or two randomised trials, find a benefit.",
        lambda studies: (
            bool(_unsponsored_positive_pooled(studies))
            or sum(1 for s in studies if s.design == Design.RCT and _positive(s)) >= 2
        ),
    ),
    Level(
        4,
        "At least one randomised controlled trial in people, or a review that pools them "
        "(a review paid for by industry starts here, even when it finds a benefit).",
        lambda studies: any(s.design in POOLED | {Design.RCT} for s in studies),
    ),
    Level(
        3,
        "Human evidence, but only non-randomised, observational or case reports.",
        lambda studies: any(s.design in PRELIMINARY_HUMAN for s in studies),
    ),
    Level(2, "Only animal or laboratory studies.", lambda studies: any(s.design in LAB for s in studies)),
    Level(1, "No indexed studies: community reports only.", lambda studies: True),
)

ADJUSTMENTS = (
    Adjustment(
        +1,
        "At least 1,000 people took part in its primary human studies.",
        lambda studies: _primary_participants(studies) >= 1000,
    ),
    Adjustment(
        -1,
        "Most of the studies finding a benefit were paid for by industry.",
        lambda studies: (
            (positive := _positive_human(studies))
            and sum(1 for s in positive if s.funding == Study.Funding.INDUSTRY) * 2 > len(positive)
        ),
    ),
    Adjustment(
        -1,
        "An independent meta-analysis or systematic review finds no benefit, or harm.",
        lambda studies: any(
            s.design in POOLED
            and s.funding == Study.Funding.INDEPENDENT
            and s.direction in (Study.Direction.NO_EFFECT, Study.Direction.HARM)
            for s in studies
        ),
    ),
)

# Applied after the adjustments; the lowest cap that applies wins. They keep one paper,
# or a benefit only its maker has paid to find, below a larger and more independent body.
CAPS = (
    Cap(
        4,
        "The page cites only one study in people: one paper, however large, is not yet a body of evidence.",
        lambda studies: sum(1 for s in studies if s.is_human) == 1,
    ),
    Cap(
        4,
        "Every study in people that finds a benefit was paid for by industry: no independent team has found it.",
        lambda studies: (
            (positive := _positive_human(studies)) and all(s.funding == Study.Funding.INDUSTRY for s in positive)
        ),
    ),
)

# (lowest score of the tier, tier name), highest first.
TIERS = (
    (8, "Strong"),
    (6, "Moderate"),
    (4, "Emerging"),
    (3, "Preliminary"),
    (2, "Preclinical"),
    (0, "Anecdotal"),
)


def tier_for(score: int) -> str:
    return next(name for lowest, name in TIERS if score >= lowest)


def _controlled(studies: Iterable[Study]) -> list[Study]:
    """The studies a score mostly rests on: randomised trials in people and the reviews that pool them."""
    return [s for s in studies if s.design in POOLED | {Design.RCT}]


@dataclass(frozen=True)
class Confidence:
    """How sure we are that more studies would not move the score much."""

    label: str
    description: str
    applies: Callable[[list[Study], int], bool]  # (studies, participants counted)


# The first that applies, highest first. They read the same studies as the score, so
# a page's confidence follows from the rubric and can be checked against its sources.
CONFIDENCE = (
    Confidence(
        "High",
        "At least three randomised trials, meta-analyses or systematic reviews in people, at least one of them "
        "independent of industry, with 1,000 participants or more counted.",
        lambda studies, people: (
            len(controlled := _controlled(studies)) >= 3
            and any(s.funding == Study.Funding.INDEPENDENT for s in controlled)
            and people >= 1000
        ),
    ),
    Confidence(
        "Moderate",
        "At least one randomised trial, meta-analysis or systematic review in people.",
        lambda studies, people: bool(_controlled(studies)),
    ),
    Confidence(
        "Low",
        "No randomised trial or review in people: the score rests on observational studies, case reports, "
        "animal or laboratory work, or on none. One good trial could change it.",
        lambda studies, people: True,
    ),
)


def participants_counted(studies: Iterable[Study], pools: Mapping[str, Iterable[str]] | None = None) -> int:
    """People in the human studies a page cites, each person counted once as far as we can tell.

    `pools` maps a meta-analysis's or systematic review's slug to the slugs of the cited
    primary studies it pools. A review and the trials it pools, joined with every other
    review pooling any of them, form one group; a group counts the larger of its largest
    pooled figure and the sum of its primary studies (a review may pool trials we do not
    index, and a trial may be too recent for the review). Everything else counts its own
    participants. A study without a participant count adds none.
    """
    human = [s for s in studies if s.is_human]
    index = {s.slug: n for n, s in enumerate(human) if s.slug}
    group = list(range(len(human)))

    def root(n: int) -> int:
        while group[n] != n:
            n = group[n]
        return n

    for review, pooled in (pools or {}).items():
        if review not in index or human[index[review]].design not in POOLED:
            continue
        for slug in pooled:
            if slug in index and human[index[slug]].design in Study.PRIMARY_HUMAN_DESIGNS:
                group[root(index[slug])] = root(index[review])
    members: dict[int, list[Study]] = {}
    for n, study in enumerate(human):
        members.setdefault(root(n), []).append(study)
    total = 0
    for together in members.values():
        pooled_figures = [s.participants or 0 for s in together if s.design in POOLED]
        primary = sum(s.participants or 0 for s in together if s.design not in POOLED)
        total += max([primary, *pooled_figures])
    return total


@dataclass(frozen=True)
class BodyOfEvidence:
    """When the studies behind the score were published and how large they typically were."""

    designs: str  # "meta-analyses and randomised trials"
    first_year: int | None
    last_year: int | None
    typical_size: int | None  # the median participants of those that report one

    @property
    def line(self) -> str:
        """ "Most of the evidence is from meta-analyses and randomised trials published 2001–2020, ..." """
        if not self.designs:
            return ""
        parts = [f"Most of the evidence is from {self.designs}"]
        if self.first_year:
            years = str(self.first_year) if self.first_year == self.last_year else f"{self.first_year}–{self.last_year}"
            parts.append(f" published {years}")
        if self.typical_size is not None:
            parts.append(f", with a typical size of {self.typical_size:,} participants")
        return "".join(parts) + "."


DESIGN_WORDS = {
    Design.META_ANALYSIS: "meta-analyses",
    Design.SYSTEMATIC_REVIEW: "systematic reviews",
    Design.RCT: "randomised trials",
}


def body_of_evidence(studies: Iterable[Study]) -> BodyOfEvidence:
    """The controlled studies in people when there are any, else every study in people."""
    studies = list(studies)
    behind = _controlled(studies) or [s for s in studies if s.is_human]
    if not behind:
        return BodyOfEvidence("", None, None, None)
    present = {s.design for s in behind}
    words = [DESIGN_WORDS[d] for d in DESIGN_WORDS if d in present]
    if len(words) > 1:
        designs = f"{', '.join(words[:-1])} and {words[-1]}"
    else:
        designs = words[0] if words else "studies in people that were not randomised"
    years = [s.year for s in behind if s.year]
    sizes = [s.participants for s in behind if s.participants]
    return BodyOfEvidence(
        designs=designs,
        first_year=min(years) if years else None,
        last_year=max(years) if years else None,
        typical_size=round(statistics.median(sizes)) if sizes else None,
    )


@dataclass(frozen=True)
class Evidence:
    score: int
    computed_score: int
    tier: str
    studies: int
    meta_analyses: int
    rcts: int
    participants: int
    rubric_version: int
    is_overridden: bool = False
    override_reason: str = ""
    reasons: tuple[str, ...] = ()
    confidence: str = ""
    confidence_reason: str = ""
    body: BodyOfEvidence | None = None

    @property
    def summary_line(self) -> str:
        """ "10 studies · 7 meta-analyses · 3 RCTs · 11,816 participants" """

        def count(n: int, one: str, many: str) -> str:
            return f"{n:,} {one if n == 1 else many}"

        return " · ".join(
            [
                count(self.studies, "study", "studies"),
                count(self.meta_analyses, "meta-analysis", "meta-analyses"),
                count(self.rcts, "RCT", "RCTs"),
                count(self.participants, "participant", "participants"),
            ]
        )


def assess(
    studies: Iterable[Study],
    *,
    pools: Mapping[str, Iterable[str]] | None = None,
    override: int | None = None,
    override_reason: str = "",
) -> Evidence:
    """The score, its tier, confidence and counts for `studies`; `pools` as `participants_counted` reads it.

    A retracted study is left out of everything: its findings are no evidence.
    """
    studies = [study for study in studies if not study.is_retracted]
    people = participants_counted(studies, pools)
    confidence = next(c for c in CONFIDENCE if c.applies(studies, people))
    level = next(level for level in LEVELS if level.applies(studies))
    applied = [adjustment for adjustment in ADJUSTMENTS if adjustment.applies(studies)]
    adjusted = level.score + sum(a.points for a in applied)
    # A cap only counts as a reason when it lowers the score.
    caps = [cap for cap in CAPS if cap.applies(studies) and cap.score < adjusted]
    ceiling = min([MAX_SCORE, *(cap.score for cap in caps)])
    computed = max(MIN_SCORE, min(ceiling, adjusted))
    score = computed if override is None else override
    return Evidence(
        score=score,
        computed_score=computed,
        tier=tier_for(score),
        studies=len(studies),
        meta_analyses=sum(1 for s in studies if s.design == Design.META_ANALYSIS),
        rcts=sum(1 for s in studies if s.design == Design.RCT),
        participants=people,
        is_overridden=override is not None,
        override_reason=override_reason if override is not None else "",
        reasons=(level.description, *(a.description for a in applied), *(c.description for c in caps)),
        rubric_version=RUBRIC_VERSION,
        confidence=confidence.label,
        confidence_reason=confidence.description,
        body=body_of_evidence(studies),
    )
