"""Demo articles, one of each kind, in our own words.

Every PubMed link in a body must also be in that article's `sources`; the loader and
the review workflow both refuse an article that cites a study it does not list.
"""

GUIDE_BODY = """Cerebrolysin divides opinion along national lines. In parts of Europe and Asia it is a routine hospital
treatment after stroke; in the United States it is almost unknown. This guide sets out what it is, what the trials
found, how it is dosed in hospital and what remains uncertain.

## What it is

Cerebrolysin is made by digesting purified pig brain protein into small peptides and free amino acids. It is a
prescription medicine in the countries that license it and is given by injection or infusion, in courses, by
clinicians. It is not a dietary supplement, and there is no oral form.

## How it is meant to work

The idea is that some of its peptides act like the brain's own growth factors, helping injured nerve cells survive and
reconnect. That rationale comes from laboratory and animal work; it has not been measured directly in people.

## What the trials found

### Acute stroke

The largest trial, CASTA, randomised 1,070 patients in Asia and found no difference on its main outcome at 90 days
([Heiss et al., 2012](https://pubmed.ncbi.nlm.nih.gov/22282884/)). The independent Cochrane review, pooling seven
trials, reached the same conclusion and found more non-fatal serious adverse events with the drug than with placebo
([Ziganshina et al., 2020](https://pubmed.ncbi.nlm.nih.gov/32662068/)).

### Rehabilitation after stroke

A manufacturer-funded trial added three weeks of infusions to rehabilitation and reported better arm function at
90 days ([Muresanu et al., 2016](https://pubmed.ncbi.nlm.nih.gov/26564102/)). A pooled analysis of nine trials, run by
investigators linked to those trials, reported better early neurological scores
([Bornstein et al., 2018](https://pubmed.ncbi.nlm.nih.gov/29248999/)). Neither has been confirmed independently.

### Dementia

Sponsored trials in Alzheimer's disease showed short-term gains in clinicians' global ratings, with less consistent
effects on memory and thinking ([Gauthier et al., 2015](https://pubmed.ncbi.nlm.nih.gov/25832905/)). In a dose-finding
trial the lowest dose did at least as well as the highest
([Alvarez et al., 2006](https://pubmed.ncbi.nlm.nih.gov/16420392/)). For vascular dementia, the Cochrane reviewers found
only weak evidence ([Cui et al., 2019](https://pubmed.ncbi.nlm.nih.gov/31710397/)).

### Brain injury

A 32-patient pilot trial after mild head injury reported better cognitive screening scores at 12 weeks
([Chen et al., 2013](https://pubmed.ncbi.nlm.nih.gov/23656173/)). It has not been repeated at scale.

## Doses used in trials

| Condition | Dose | Route | Duration |
|---|---|---|---|
| Acute ischaemic stroke | 30 mL a day | Intravenous infusion | 10 days |
| Stroke rehabilitation | 30 mL a day | Intravenous infusion | 21 days |
| Alzheimer's disease | 10-30 mL, 5 days a week | Intravenous infusion | 4 weeks |
| Mild brain injury | 30 mL a day | Intravenous infusion | 5 days |

These are hospital regimens, listed so readers can recognise them, not instructions. No home or oral regimen exists.

## Side effects

- **More common:** flushing, sweating, dizziness and headache during or after an infusion; pain where it is injected
  into a muscle.
- **Less common:** restlessness, poor sleep and nausea, more often at higher doses.
- **Rare but serious:** seizures in people with epilepsy, and severe allergic reactions, including a well-documented
  case of life-threatening anaphylaxis ([Trimmel et al., 2024](https://pubmed.ncbi.nlm.nih.gov/39055722/)).

## Availability

It is licensed in Austria, Russia, China and a number of other countries, and is not approved in the United States.
Vials sold online as "research" products have no verified identity or sterility.

## The bottom line

Plenty of trials, little independent support. For acute stroke the best evidence is null, with a safety signal. Treat
claims of proven brain repair with caution, and discuss any use with the treating team.
"""

JOURNAL_BODY = """"Used in hospitals abroad" sounds like proof. Cerebrolysin is a useful lesson in why it is not.

## A real medicine with real trials

Cerebrolysin is not a grey-market curiosity. It is a licensed injectable in several countries and has been tested in
trials with more than a thousand patients. That is exactly what lets us judge it against the best evidence.

## What the best reviews say

Cochrane reviews pool every trial they can find and grade its quality. For acute ischaemic stroke the verdict was no
clear benefit and more non-fatal serious adverse events than placebo
([Ziganshina et al., 2020](https://pubmed.ncbi.nlm.nih.gov/32662068/)). For vascular dementia the trials were too few
and too biased to say much ([Cui et al., 2019](https://pubmed.ncbi.nlm.nih.gov/31710397/)).

## Why the positive results look different

The largest single trial was neutral on its main outcome
([Heiss et al., 2012](https://pubmed.ncbi.nlm.nih.gov/22282884/)). Most positive trials and pooled analyses were run or
paid for by the manufacturer, such as the nine-trial analysis of early recovery
([Bornstein et al., 2018](https://pubmed.ncbi.nlm.nih.gov/29248999/)). That does not make them wrong, but it is why
independent replication matters before a treatment is called effective.

## What we would tell a friend

Ask the stroke team what they recommend and why. Do not buy vials online: an injectable made from animal tissue needs
a pharmacy, a prescription and someone on hand who can treat an allergic reaction.
"""

USE_CASE_BODY = """Relatives of stroke patients often meet Cerebrolysin online, sometimes described as a proven way to
rebuild the brain. The evidence is more modest than that.

The independent review of acute stroke found no benefit on death or disability
([Ziganshina et al., 2020](https://pubmed.ncbi.nlm.nih.gov/32662068/)). One manufacturer-funded trial reported better
arm function when infusions were added to rehabilitation
([Muresanu et al., 2016](https://pubmed.ncbi.nlm.nih.gov/26564102/)). If the stroke team offers it, ask what they expect
it to add to rehabilitation, and how they will watch for allergic reactions.
"""

ARTICLES = [
    dict(
        kind="guide",
        slug="cerebrolysin-guide",
        title="Cerebrolysin: what the evidence supports",
        description=(
            "What Cerebrolysin is, what the stroke and dementia trials found, how it is dosed in hospital and what "
            "remains unknown."
        ),
        category="peptide-guides",
        tags=["cerebrolysin", "stroke", "dementia", "neuropeptides"],
        body=GUIDE_BODY,
        published_on="2026-02-14",
        key_takeaways=[
            "A prescription injectable made from pig brain protein, not a supplement.",
            "The independent stroke review is null, with more serious adverse events than placebo.",
            "Positive trials in rehabilitation and dementia are mostly manufacturer-funded.",
            "Hospital courses run 10 to 21 days; there is no home or oral regimen.",
        ],
        faq=[
            (
                "Can Cerebrolysin regrow brain cells?",
                "No human study shows that. Animal studies suggest effects on nerve-cell survival and connections.",
            ),
            (
                "How quickly would it work?",
                "Trials gave 5 to 21 days of treatment and measured most outcomes at about 90 days.",
            ),
            (
                "Is it safe for long-term use?",
                "It is given in courses, not continuously, and long-term safety has not been studied formally.",
            ),
            (
                "Can vegetarians or vegans use it?",
                "It is made from pig brain tissue, so it is an animal product.",
            ),
        ],
        sources=[
            "22282884",
            "32662068",
            "26564102",
            "29248999",
            "25832905",
            "16420392",
            "31710397",
            "23656173",
            "39055722",
        ],  # fmt: skip
        related=["cerebrolysin", "semax"],
    ),
    dict(
        kind="journal_post",
        slug="cerebrolysin-big-reviews",
        title="Cerebrolysin and the big reviews: used is not the same as proven",
        description=(
            "A hospital medicine in some countries, yet the most rigorous reviews find little benefit. Why both can "
            "be true."
        ),
        category="journal",
        tags=["cerebrolysin", "evidence"],
        body=JOURNAL_BODY,
        published_on="2026-06-24",
        key_takeaways=[
            "Independent Cochrane reviews are null for acute stroke and weak for vascular dementia; long use abroad "
            "does not change that.",
        ],
        faq=[
            (
                "Does that mean the positive trials are fake?",
                "No. It means the independent evidence does not yet support them, which is a different thing.",
            ),
            (
                "Why is it used in some countries, then?",
                "Approval and habit do not always follow the best pooled evidence, which is why independent reviews "
                "matter.",
            ),
            (
                "Is it dangerous?",
                "Most side effects are mild, but severe allergic reactions are documented and the stroke review found "
                "more serious adverse events than placebo.",
            ),
        ],
        sources=["32662068", "31710397", "22282884", "29248999"],
        related=["cerebrolysin"],
    ),
    dict(
        kind="use_case",
        slug="cerebrolysin-for-stroke-recovery",
        title="Why people use Cerebrolysin for stroke recovery",
        description="Families searching for stroke treatments meet Cerebrolysin. What the trials say, and what to avoid.",
        category="use-cases",
        tags=["cerebrolysin", "stroke"],
        body=USE_CASE_BODY,
        published_on=None,
        compound="cerebrolysin",
        indication="stroke recovery",
        evidence_tier="emerging",
        evidence_summary=(
            "Trials include more than a thousand patients, but the independent review of acute stroke found no clear "
            "benefit and more serious adverse events than placebo. One manufacturer-funded rehabilitation trial "
            "reported better arm function; it has not been repeated independently."
        ),
        protocol_notes=(
            "In trials: 30 mL a day by slow intravenous infusion for 10 to 21 days, started in hospital within days "
            "of the stroke. Only ever under the care of a stroke team in a country where it is licensed."
        ),
        key_takeaways=["Ask the stroke team; do not source it yourself."],
        skip=[
            ("Online vials", "No verified identity or sterility."),
            ("Home injections", "First doses need observation for allergic reactions."),
            ("Bigger or longer courses", "No trial shows that more works better; the risks do add up."),
        ],
        faq=[
            (
                "Is it too late to start months after a stroke?",
                "The trials started treatment within hours or days of the stroke; later use has not been tested.",
            )
        ],
        sources=["32662068", "26564102"],
        related=["cerebrolysin", "semax"],
    ),
]

# slug: (name, description)
CATEGORIES = {
    "peptide-guides": ("Peptide guides", "Long-form guides to single compounds and what the evidence supports."),
    "journal": ("Journal", "Shorter posts on how to read the evidence."),
    "use-cases": ("Use cases", "Why people use a compound for one condition, and what the trials say."),
}
