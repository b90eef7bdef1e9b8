"""The evidence score: how the studies linked to a compound become a score and a tier.

The rubric is data (LEVELS, ADJUSTMENTS, TIERS) so that the public "how we score" page
is rendered from the very rules the code applies. Change a rule here and the page
changes with it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from studies.models import Study

MIN_SCORE = 0
MAX_SCORE = 10

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


def _positive(study: Study) -> bool:
    return study.direction == Study.Direction.BENEFIT


def _independent_positive_pooled(studies: list[Study]) -> list[Study]:
    return [s for s in studies if s.design in POOLED and _positive(s) and s.funding == Study.Funding.INDEPENDENT]


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
        "A meta-analysis or systematic review, or two randomised trials, find a benefit.",
        lambda studies: (
            any(s.design in POOLED and _positive(s) for s in studies)
            or sum(1 for s in studies if s.design == Design.RCT and _positive(s)) >= 2
        ),
    ),
    Level(
        4,
        "At least one randomised controlled trial in people, or a review that pools them.",
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
            (positive := [s for s in studies if s.is_human and _positive(s)])
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


@dataclass(frozen=True)
class Evidence:
    score: int
    computed_score: int
    tier: str
    studies: int
    meta_analyses: int
    rcts: int
    participants: int
    is_overridden: bool = False
    override_reason: str = ""
    reasons: tuple[str, ...] = ()

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


def assess(studies: Iterable[Study], *, override: int | None = None, override_reason: str = "") -> Evidence:
    studies = list(studies)
    level = next(level for level in LEVELS if level.applies(studies))
    applied = [adjustment for adjustment in ADJUSTMENTS if adjustment.applies(studies)]
    computed = max(MIN_SCORE, min(MAX_SCORE, level.score + sum(a.points for a in applied)))
    score = computed if override is None else override
    return Evidence(
        score=score,
        computed_score=computed,
        tier=tier_for(score),
        studies=len(studies),
        meta_analyses=sum(1 for s in studies if s.design == Design.META_ANALYSIS),
        rcts=sum(1 for s in studies if s.design == Design.RCT),
        participants=_primary_participants(studies),
        is_overridden=override is not None,
        override_reason=override_reason if override is not None else "",
        reasons=(level.description, *(a.description for a in applied)),
    )
