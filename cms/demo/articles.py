"""Demo articles, one of each kind, in our own words."""

GUIDE_BODY = """Cerebrolysin divides opinion along national lines. In parts of Europe and Asia it is a routine hospital
treatment after stroke; in the United States it is almost unknown. This guide sets out what it is, what the trials
found and what remains uncertain.

## What it is

Cerebrolysin is made by digesting purified pig brain protein into small peptides and amino acids. It is given by
injection or infusion, in courses, by clinicians in the countries that license it.

## What the trials found

### Acute stroke

The largest trial, CASTA, enrolled over a thousand patients in Asia and found no difference on its main outcome at
90 days ([Heiss et al., 2012](https://pubmed.ncbi.nlm.nih.gov/22282884/)). The independent Cochrane review, pooling
seven trials, reached the same conclusion and found more serious adverse events with the drug
([Ziganshina et al., 2020](https://pubmed.ncbi.nlm.nih.gov/32662068/)).

### Rehabilitation

A manufacturer-funded trial added three weeks of infusions to rehabilitation and reported better arm function at
90 days ([Muresanu et al., 2016](https://pubmed.ncbi.nlm.nih.gov/26564102/)). It has not been repeated independently.

### Dementia

Pooled sponsored trials in Alzheimer's disease showed small short-term gains in global impression
([Gauthier et al., 2015](https://pubmed.ncbi.nlm.nih.gov/25832905/)).

## Doses used in trials

| Condition | Dose | Route | Duration |
|---|---|---|---|
| Acute ischaemic stroke | 30 mL a day | Intravenous | 10 days |
| Stroke rehabilitation | 30 mL a day | Intravenous | 21 days |
| Alzheimer's disease | 10-30 mL a day | Intravenous | 4 weeks |

These are hospital regimens, not instructions. No home or oral regimen exists.

## Side effects

Flushing, sweating and dizziness during infusion are the most common complaints. Severe allergic reactions are rare
but documented ([Trimmel & Zangl, 2024](https://pubmed.ncbi.nlm.nih.gov/39055722/)).

## The bottom line

Plenty of trials, little independent support. Treat claims of proven brain repair with caution.
"""

JOURNAL_BODY = """"Used in hospitals abroad" sounds like proof. With Cerebrolysin it is a useful lesson in why it is not.

## What the best reviews say

Cochrane reviews pool every trial they can find and grade its quality. For acute ischaemic stroke the verdict was no
clear benefit and a possible excess of serious adverse events
([Ziganshina et al., 2020](https://pubmed.ncbi.nlm.nih.gov/32662068/)). For vascular dementia the trials were too few
and too biased to say ([Cui et al., 2019](https://pubmed.ncbi.nlm.nih.gov/31710397/)).

## Why the positive results look different

Most positive trials and meta-analyses were run or paid for by the manufacturer. That does not make them wrong, but it
is why independent replication matters before a treatment is called effective.
"""

ARTICLES = [
    dict(
        kind="guide",
        slug="cerebrolysin-guide",
        title="Cerebrolysin: what the evidence supports",
        description="What Cerebrolysin is, what the stroke and dementia trials found, how it is dosed in hospital and what remains unknown.",
        category=("Peptide guides", "peptide-guides"),
        tags=["cerebrolysin", "stroke", "dementia"],
        body=GUIDE_BODY,
        published_on="2026-02-14",
        key_takeaways=[
            "A prescription injectable made from pig brain protein, not a supplement.",
            "The independent stroke review is null; positive trials are mostly sponsored.",
            "Hospital courses run 10 to 21 days; there is no home regimen.",
        ],
        faq=[
            (
                "Can Cerebrolysin regrow brain cells?",
                "No human study shows that. Animal studies suggest effects on nerve-cell survival and connections.",
            ),
            ("How quickly would it work?", "Trials measured outcomes after 10 to 21 days of treatment and at 90 days."),
        ],
        sources=["22282884", "32662068", "26564102", "25832905", "39055722"],
        related=["cerebrolysin", "semax"],
    ),
    dict(
        kind="journal_post",
        slug="cerebrolysin-big-reviews",
        title="Cerebrolysin and the big reviews: used is not the same as proven",
        description="A hospital medicine in some countries, yet the most rigorous reviews find little benefit. Why both can be true.",
        category=("Journal", "journal"),
        tags=["cerebrolysin", "evidence"],
        body=JOURNAL_BODY,
        published_on="2026-06-24",
        key_takeaways=["Independent Cochrane reviews are null for stroke and inconclusive for vascular dementia."],
        faq=[
            (
                "Does that mean the positive trials are fake?",
                "No. It means the independent evidence does not yet support them, which is a different thing.",
            )
        ],
        sources=["32662068", "31710397"],
        related=["cerebrolysin"],
    ),
    dict(
        kind="use_case",
        slug="cerebrolysin-for-stroke-recovery",
        title="Why people use Cerebrolysin for stroke recovery",
        description="Families searching for stroke treatments meet Cerebrolysin. What the trials say, and what to avoid.",
        category=("Use cases", "use-cases"),
        tags=["cerebrolysin", "stroke"],
        body="Relatives of stroke patients often find Cerebrolysin online. Here is what matters before asking a doctor about it.\n",
        published_on=None,
        compound="cerebrolysin",
        indication="stroke recovery",
        evidence_tier="emerging",
        evidence_summary="Trials exist in the thousands of patients, but the independent review of acute stroke found no "
        "clear benefit. One sponsored rehabilitation trial reported better arm function.",
        protocol_notes="In trials: 30 mL a day by slow intravenous infusion for 10 to 21 days, started in hospital. "
        "Only ever under the care of a stroke team in a country where it is licensed.",
        key_takeaways=["Ask the stroke team; do not source it yourself."],
        skip=[
            ("Online vials", "No verified identity or sterility."),
            ("Home injections", "First doses need observation for allergic reactions."),
        ],
        faq=[],
        sources=["32662068", "26564102"],
        related=["cerebrolysin"],
    ),
]
