"""Studies cited by the demo peptide pages other than Cerebrolysin: oxytocin, BPC-157, Selank.

Identifiers were checked against PubMed (or the publisher, for a DOI-only record);
findings are our own one-line summaries. Yatawara 2016 is 26503762 and Sikich 2021 is
34644471: earlier drafts carried other papers' PMIDs for both.
"""

PEPTIDE_STUDIES = [
    # Oxytocin
    dict(
        pmid="15931222",
        doi="10.1038/nature03701",
        slug="kosfeld-2005-oxytocin-trust",
        authors="Kosfeld M, Heinrichs M, Zak PJ, Fischbacher U, Fehr E",
        year=2005,
        title="Oxytocin increases trust in humans",
        journal="Nature",
        design="rct",
        participants=None,
        population="Healthy young men",
        funding="independent",
        risk_of_bias="some_concerns",
        direction="benefit",
        finding=(
            "One nasal dose raised how much money men entrusted to an anonymous partner in an investment game, "
            "but not when the partner was replaced by a random mechanism."
        ),
    ),
    dict(
        pmid="34644471",
        doi="10.1056/NEJMoa2103583",
        slug="sikich-2021-oxytocin-autism",
        authors="Sikich L, Kolevzon A, King BH, McDougle CJ, Sanders KB, Kim SJ",
        year=2021,
        title="Intranasal Oxytocin in Children and Adolescents with Autism Spectrum Disorder",
        journal="N Engl J Med",
        design="rct",
        participants=290,
        population="Children and adolescents aged 3 to 17 with autism",
        funding="independent",
        risk_of_bias="low",
        direction="no_effect",
        finding=(
            "After 24 weeks of daily nasal oxytocin (target 48 IU a day), social withdrawal improved no more than "
            "with placebo, and side effects were similar in both groups."
        ),
    ),
    dict(
        pmid="26503762",
        doi="10.1038/mp.2015.162",
        slug="yatawara-2016-oxytocin-young-children",
        authors="Yatawara CJ, Einfeld SL, Hickie IB, Davenport TA, Guastella AJ",
        year=2016,
        title=(
            "The effect of oxytocin nasal spray on social interaction deficits observed in young children with "
            "autism: a randomized clinical crossover trial"
        ),
        journal="Mol Psychiatry",
        design="rct",
        participants=31,
        population="Children aged 3 to 8 with autism",
        funding="unknown",
        risk_of_bias="some_concerns",
        direction="benefit",
        finding=(
            "In a crossover trial of 31 children, 12 IU twice a day for five weeks improved caregiver-rated social "
            "responsiveness compared with placebo."
        ),
    ),
    # BPC-157
    dict(
        pmid="34324435",
        slug="lee-2021-bpc-157-knee-pain",
        authors="Lee E, Padgett B",
        year=2021,
        title="Intra-Articular Injection of BPC 157 for Multiple Types of Knee Pain",
        journal="Altern Ther Health Med",
        design="observational",
        participants=16,
        population="Patients of one US clinic given knee injections",
        funding="unknown",
        risk_of_bias="high",
        direction="benefit",
        finding=(
            "Most patients reached by telephone said their knee pain had eased; there was no control group and no "
            "standard outcome measure."
        ),
    ),
    dict(
        pmid="",
        doi="10.1177/15563316251355551",
        slug="vasireddi-2025-bpc-157-systematic-review",
        authors="Vasireddi N, Hahamyan H, Salata MJ, Karns M, Calcei JG, Voos JE, Apostolakos JM",
        year=2025,
        title="Emerging Use of BPC-157 in Orthopaedic Sports Medicine: A Systematic Review",
        journal="HSS J",
        design="systematic_review",
        participants=None,
        population="Musculoskeletal injury, mostly in animal models",
        funding="unknown",
        risk_of_bias="some_concerns",
        direction="unclear",
        finding=(
            "Of 36 eligible studies, 35 were preclinical; animal data suggest faster tissue healing, but human "
            "efficacy and safety remain unknown."
        ),
    ),
    # Selank
    dict(
        pmid="18454096",
        slug="zozulia-2008-selank-anxiety",
        authors="Zozulia AA, Neznamov GG, Siuniakov TS",
        year=2008,
        title=(
            "Efficacy and possible mechanisms of action of a new peptide anxiolytic selank in the therapy of "
            "generalized anxiety disorders and neurasthenia"
        ),
        journal="Zh Nevrol Psikhiatr Im S S Korsakova",
        design="rct",
        participants=62,
        population="Adults with generalised anxiety disorder or neurasthenia, Russia",
        funding="unknown",
        risk_of_bias="high",
        direction="benefit",
        finding=(
            "Selank and the benzodiazepine medazepam lowered anxiety scores to a similar degree; without a placebo "
            "group the size of any true effect is unknown."
        ),
    ),
]
