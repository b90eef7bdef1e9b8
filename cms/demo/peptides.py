"""Demo peptides besides Cerebrolysin: each with the sections its evidence supports.

Sections a compound lacks are simply absent (the loader treats a missing key as empty).
Tuples follow the same column order as in cerebrolysin.py.
"""

SEMAX = dict(
    name="Semax",
    slug="semax",
    other_names="Met-Glu-His-Phe-Pro-Gly-Pro, ACTH(4-10) analogue",
    kind="prescription_drug",
    drug_class="Synthetic peptide",
    area="Neuro & cognition",
    approved_in="Registered in Russia since 1996 as nasal drops",
    fda_status="not_approved",
    standard_dose="Nasal drops (0.1% or 1% solution) several times a day in courses of 1-2 weeks, as registered in Russia",
    summary=(
        "A seven-amino-acid peptide built from a fragment of the pituitary hormone ACTH, given as nose drops. "
        "Registered in Russia for recovery after stroke and some cognitive complaints; barely studied elsewhere."
    ),
    what_it_is=(
        "A short synthetic peptide: a fragment of ACTH with three amino acids added so that it lasts longer in the "
        "body. It is not meant to act on the adrenal glands the way ACTH does."
    ),
    mechanism=(
        "Animal studies suggest it raises brain levels of the growth factor BDNF and affects dopamine and serotonin "
        "signalling. None of this has been measured directly in people."
    ),
    evidence_appraisal=(
        "The clinical literature is almost entirely Russian, small and from the developers' circle. None of it is "
        "indexed here yet because we have not confirmed its bibliographic records, so the rubric sees no studies."
    ),
    evidence_score_override=2,
    evidence_override_reason=(
        "Russian clinical reports exist but none is indexed yet, so the rubric gives 1; they are small and mostly "
        "uncontrolled, which cannot justify more than 2."
    ),
    timing="Drops into each nostril, usually split across the day, as the Russian product information describes.",
    related=["selank", "cerebrolysin"],
    key_takeaways=[
        "Registered only in Russia; not approved in the US or the EU.",
        "Human evidence is small, local and unreplicated.",
        "Injectable 'research' Semax is not a registered product anywhere.",
    ],
    dosing=[
        (
            "Registered Russian use",
            None,
            None,
            "",
            "intranasal",
            "2-3 drops per nostril, several times a day",
            "7-14 days",
            "label",
            "Strength depends on the product (0.1% or 1%).",
        )
    ],  # fmt: skip
    forms=[
        ("Nasal drops from a pharmacy where registered", "acceptable", "Outside Russia it is not a licensed medicine."),
        ("Injectable or 'research' Semax", "avoid", "Not a registered form anywhere; quality unverified."),
    ],
    side_effects=[
        ("Nasal irritation", "common", "Usually mild.", "Tilt the head back briefly after the drops."),
    ],
    cautions=[("caution", "Pregnancy and breastfeeding", "Not studied; avoid.")],
    skip=[("Injectable 'research' Semax", "No injectable form is registered anywhere.")],
    faq=[
        ("Is Semax legal?", "It is a registered medicine in Russia and is not approved in the US or the EU."),
        (
            "Does it improve memory in healthy people?",
            "There is no good controlled evidence that it does; the claims rest on small Russian reports.",
        ),
    ],
)

SELANK = dict(
    name="Selank",
    slug="selank",
    other_names="Thr-Lys-Pro-Arg-Pro-Gly-Pro, tuftsin analogue",
    kind="prescription_drug",
    drug_class="Synthetic peptide",
    area="Sleep & mood",
    approved_in="Registered in Russia as nasal drops for anxiety",
    fda_status="not_approved",
    summary=(
        "A synthetic analogue of the immune peptide tuftsin, registered in Russia as nasal drops for anxiety. Its one "
        "indexed trial compared it with a benzodiazepine and had no placebo group."
    ),
    what_it_is=(
        "A seven-amino-acid peptide: the four amino acids of tuftsin, a fragment of an antibody, with three more added "
        "to slow its breakdown."
    ),
    mechanism=(
        "Proposed to influence GABA signalling and to slow the breakdown of the body's own enkephalins. Most of this "
        "comes from animal and laboratory work."
    ),
    evidence_appraisal=(
        "One Russian trial of 62 patients found it reduced anxiety about as much as the benzodiazepine medazepam. "
        "With no placebo arm and no independent replication, the size of any real effect is unknown."
    ),
    evidence_score_override=3,
    evidence_override_reason=(
        "The rubric gives 4 for the one randomised trial, but it compared two active drugs without a placebo and has "
        "not been repeated outside Russia."
    ),
    related=["semax"],
    key_takeaways=[
        "A Russian nasal peptide for anxiety, not approved elsewhere.",
        "One small trial without a placebo group; no independent studies.",
    ],
    verdicts=[
        (
            "Generalised anxiety disorder",
            "insufficient",
            "low",
            "Similar to medazepam in one trial without placebo.",
            ["18454096"],
        ),
    ],
    dosing=[("Anxiety (registered use)", None, None, "", "intranasal", "drops, 3 times a day", "14 days", "label", "")],
    side_effects=[("Nasal irritation", "common", "Usually mild.", "Tell the prescriber if it persists.")],
    cautions=[
        ("interaction", "Benzodiazepines and other sedatives", "Calming effects could add up."),
        ("caution", "Pregnancy and breastfeeding", "Not studied; avoid."),
    ],
    skip=[("Online 'research' Selank", "Unregistered products have unverified identity and purity.")],
    faq=[
        (
            "Is Selank a safer alternative to benzodiazepines?",
            "That has not been shown. The only indexed trial was small, had no placebo group, and followed patients "
            "for a short time.",
        )
    ],
    studies=["18454096"],
)

BPC_157 = dict(
    name="BPC-157",
    slug="bpc-157",
    other_names="Body Protection Compound 157, PL 14736",
    kind="research_peptide",
    drug_class="Synthetic peptide",
    area="Recovery & repair",
    approved_in="Not approved for human use anywhere",
    fda_status="not_approved",
    summary=(
        "A 15-amino-acid peptide derived from a stomach protein, sold online for tendon, gut and injury recovery. "
        "Nearly all evidence comes from animal studies; it is not approved for human use anywhere."
    ),
    what_it_is=(
        "A synthetic fragment of a protein found in gastric juice. It is sold as a 'research chemical', which means "
        "no regulator has checked what is in the vial."
    ),
    mechanism=(
        "Rodent studies report faster healing of tendon, muscle and gut injuries and effects on blood-vessel growth. "
        "Whether any of this happens in people is unknown."
    ),
    evidence_appraisal=(
        "A 2025 systematic review found 36 relevant studies, 35 of them in animals. The single human report is a "
        "telephone survey of 16 clinic patients with no control group."
    ),
    evidence_score_override=3,
    evidence_override_reason=(
        "The rubric gives 4 because a systematic review is linked, but that review pools animal studies; the only "
        "human evidence is an uncontrolled case series, which the rubric itself rates 3."
    ),
    related=["cerebrolysin"],
    key_takeaways=[
        "Not approved for human use anywhere, and prohibited in tested sport.",
        "Evidence is from animals; the one human report has no control group.",
        "Vials sold online are unregulated and may be mislabelled or contaminated.",
    ],
    verdicts=[
        ("Knee pain", "insufficient", "very_low", "One uncontrolled telephone survey of 16 patients.", ["34324435"]),
        (
            "Tendon, ligament and muscle healing",
            "insufficient",
            "very_low",
            "Consistent animal data, no controlled human trial.",
            ["10.1177/15563316251355551"],
        ),
    ],
    dosing=[
        (
            "Self-directed injury recovery",
            250,
            500,
            "mcg",
            "subcutaneous",
            "once or twice daily",
            "2-6 weeks",
            "community",
            "Reported online; never tested in a human trial.",
        )
    ],  # fmt: skip
    forms=[
        ("Injectable 'research' vials", "avoid", "Unregulated; sterility and content unverified."),
        ("Oral capsules", "avoid", "No human data on absorption or effect."),
    ],
    side_effects=[
        (
            "Injection-site reactions",
            "common",
            "Reported informally; no trial has measured them.",
            "Any spreading redness or fever needs a doctor.",
        ),
        (
            "Infection from a contaminated product",
            "serious",
            "A risk with any non-sterile injectable.",
            "Seek care promptly for a hot, painful swelling.",
        ),
    ],
    cautions=[
        ("caution", "Competitive sport", "It is on the World Anti-Doping Agency's prohibited list."),
        (
            "caution",
            "History of cancer",
            "It promotes blood-vessel growth in animals, a theoretical concern with tumours.",
        ),
    ],
    skip=[
        ("Oral 'stable' BPC-157 capsules", "No human data on absorption or effect."),
        ("Unlabelled vials", "Products sold online are often mislabelled or contaminated."),
    ],
    faq=[
        ("Has BPC-157 been tested in people?", "No controlled human trial has been published."),
        (
            "Is it legal?",
            "It is not approved as a medicine anywhere. Selling it 'for research' does not make it safe to inject.",
        ),
    ],
    studies=["34324435", "10.1177/15563316251355551"],
)

OXYTOCIN = dict(
    name="Oxytocin",
    slug="oxytocin",
    other_names="Pitocin, Syntocinon",
    kind="prescription_drug",
    drug_class="Peptide hormone",
    area="Hormones & vitality",
    approved_in="Approved worldwide as an injection to induce labour and control bleeding after birth",
    fda_status="approved",
    manufacturer="Several; generic in most countries",
    summary=(
        "A nine-amino-acid hormone. As a hospital injection it is an established obstetric medicine. As a nasal spray "
        "for trust, bonding or autism it is unproven: the largest trial in autistic children was negative."
    ),
    what_it_is="The body's own hormone of labour and breastfeeding, made synthetically for hospital use.",
    mechanism=(
        "Acts on oxytocin receptors in the uterus and breast; in the brain it is involved in social behaviour, "
        "though how much of a nasal dose reaches the brain is debated."
    ),
    evidence_appraisal=(
        "Strong for its licensed obstetric uses, which this page does not cover. For social effects, early small "
        "studies have not held up and the largest, best-run trial was null."
    ),
    evidence_score_override=3,
    evidence_override_reason=(
        "Two small positive trials make the rubric say 6, but the largest, best-run trial was null and the trust "
        "finding has proved hard to replicate."
    ),
    key_takeaways=[
        "An established hospital medicine for labour and bleeding after birth.",
        "Nasal sprays for social effects or autism are unproven.",
    ],
    verdicts=[
        (
            "Social functioning in autism",
            "no_benefit",
            "moderate",
            "The largest, best-run trial found no benefit; a small crossover trial was positive.",
            ["34644471", "26503762"],
        ),
        (
            "Trust in healthy adults",
            "insufficient",
            "low",
            "An early striking result that later studies have mostly failed to repeat.",
            ["15931222"],
        ),
    ],
    dosing=[
        (
            "Autism trials (nasal)",
            24,
            48,
            "IU",
            "intranasal",
            "daily, split into two doses",
            "5 to 24 weeks",
            "clinical_trial",
            "The larger, null trial targeted 48 IU a day.",
        ),
        (
            "Induction of labour (hospital only)",
            None,
            None,
            "",
            "intravenous",
            "continuous infusion, adjusted to contractions",
            "during labour",
            "label",
            "Dosed by the obstetric team in milliunits per minute.",
        ),
    ],  # fmt: skip
    side_effects=[
        ("Nasal discomfort", "common", "With nasal sprays in trials.", "Usually settles; tell the trial team."),
        ("Headache", "uncommon", "With nasal sprays.", "Usually mild."),
        (
            "Water retention and low blood sodium",
            "serious",
            "With high-dose intravenous use in hospital.",
            "Hospital teams monitor fluids and sodium.",
        ),
        (
            "Overly strong contractions",
            "serious",
            "During induction of labour.",
            "The infusion is reduced or stopped by the obstetric team.",
        ),
    ],
    cautions=[
        ("caution", "Pregnancy", "It causes contractions; never use outside obstetric care."),
    ],
    studies=["34644471", "26503762", "15931222"],
)

PEPTIDES = [SEMAX, SELANK, BPC_157, OXYTOCIN]
