"""The other demo compounds: each with the sections its evidence supports."""

from .cerebrolysin import CEREBROLYSIN

AREAS = ["Neuro & cognition", "Recovery & repair", "Sleep & mood", "Hormones & vitality", "Performance & muscle"]


def compound(**fields):
    base = dict(
        other_names="",
        approved_in="",
        manufacturer="",
        standard_dose="",
        what_it_is="",
        mechanism="",
        evidence_appraisal="",
        evidence_score_override=None,
        evidence_override_reason="",
        timing="",
        cycle_min_days=None,
        cycle_optimal_days=None,
        cycle_note="",
        stacking_note="",
        related=[],
        key_takeaways=[],
        steps=[],
        verdicts=[],
        dosing=[],
        forms=[],
        side_effects=[],
        cautions=[],
        skip=[],
        faq=[],
        studies=[],
    )
    return base | fields


COMPOUNDS = [
    CEREBROLYSIN,
    compound(
        name="Semax",
        slug="semax",
        other_names="ACTH(4-10) analogue, Met-Glu-His-Phe-Pro-Gly-Pro",
        kind="prescription_drug",
        drug_class="Synthetic peptide",
        area="Neuro & cognition",
        approved_in="Registered in Russia as nasal drops",
        fda_status="not_approved",
        standard_dose="Nasal drops several times a day in courses of 1-2 weeks, as registered in Russia",
        summary="A seven-amino-acid peptide built from a fragment of the pituitary hormone ACTH, given as nose drops. "
        "Registered in Russia for stroke recovery and some eye and cognitive conditions; barely studied elsewhere.",
        what_it_is="A short synthetic peptide: a fragment of ACTH with three amino acids added so that it survives longer "
        "in the body. It has no hormonal effect on the adrenal glands.",
        mechanism="Animal studies suggest it raises brain levels of the growth factor BDNF and affects dopamine and "
        "serotonin signalling. None of this has been measured directly in people.",
        evidence_appraisal="The clinical literature is almost entirely Russian, small and from the developers' circle. "
        "None of it is indexed here yet, so the rubric sees no studies; we hold the score at 2 until "
        "an editor adds and checks them.",
        evidence_score_override=2,
        evidence_override_reason="Russian trials exist but none is indexed here yet; the rubric's 1 understates them, "
        "and their quality cannot justify more than 2.",
        related=["selank", "cerebrolysin"],
        key_takeaways=["Registered only in Russia.", "Human evidence is small, local and unreplicated."],
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
                "Concentration depends on the product (0.1% or 1%).",
            )
        ],
        side_effects=[("Nasal irritation", "common", "Usually mild.", "")],
        skip=[("Injectable 'research' Semax", "No injectable form is registered anywhere.")],
        faq=[("Is Semax legal?", "It is a registered medicine in Russia and not approved elsewhere.")],
    ),
    compound(
        name="Selank",
        slug="selank",
        other_names="TP-7",
        kind="prescription_drug",
        drug_class="Synthetic peptide",
        area="Sleep & mood",
        approved_in="Registered in Russia as a nasal anti-anxiety medicine",
        fda_status="not_approved",
        summary="A synthetic analogue of the immune peptide tuftsin, sold in Russia as nasal drops for anxiety. "
        "Its trials are small, open-label and not independent.",
        mechanism="Proposed to influence GABA signalling and the breakdown of the body's own enkephalins.",
        evidence_appraisal="Only small Russian studies, none indexed here yet.",
        evidence_score_override=2,
        evidence_override_reason="Small Russian clinical studies exist but are not yet indexed; they cannot support more than 2.",
        related=["semax"],
        key_takeaways=["A Russian nasal peptide for anxiety.", "No independent trials."],
        dosing=[
            ("Anxiety (registered use)", None, None, "", "intranasal", "drops, 3 times a day", "14 days", "label", "")
        ],
        side_effects=[("Nasal irritation", "common", "", "")],
        cautions=[("interaction", "Benzodiazepines and other sedatives", "Calming effects could add up.")],
    ),
    compound(
        name="BPC-157",
        slug="bpc-157",
        other_names="Body Protection Compound 157, PL 14736",
        kind="research_peptide",
        drug_class="Synthetic peptide",
        area="Recovery & repair",
        fda_status="not_approved",
        summary="A 15-amino-acid peptide derived from a stomach protein, sold online for tendon, gut and injury "
        "recovery. Nearly all evidence comes from rodent studies by one research group; it is not approved "
        "for human use anywhere.",
        mechanism="Rodent studies report faster healing of tendon, muscle and gut injuries and effects on blood-vessel "
        "growth. Whether any of this happens in people is unknown.",
        evidence_appraisal="Dozens of animal studies, almost all from one laboratory; no published controlled human trial.",
        evidence_score_override=2,
        evidence_override_reason="Animal studies exist but none is indexed here yet; preclinical is the honest tier.",
        related=["cerebrolysin"],
        key_takeaways=["Not approved for human use anywhere.", "Evidence is from animals, mostly one laboratory."],
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
        ],
        side_effects=[("Injection-site reactions", "common", "", "")],
        skip=[
            ("Oral 'stable' BPC-157 capsules", "No human data on absorption or effect."),
            ("Unlabelled vials", "Products sold online are often mislabelled or contaminated."),
        ],
        faq=[("Has BPC-157 been tested in people?", "No controlled human trial has been published.")],
    ),
    compound(
        name="Oxytocin",
        slug="oxytocin",
        other_names="Pitocin, Syntocinon",
        kind="prescription_drug",
        drug_class="Peptide hormone",
        area="Hormones & vitality",
        approved_in="Approved worldwide as an injection to induce labour and control bleeding after birth",
        fda_status="approved",
        summary="A nine-amino-acid hormone. As a hospital injection it is an established obstetric medicine. As a nasal "
        "spray for trust, bonding or autism it is unproven: the largest trial in autistic children was negative.",
        mechanism="Acts on oxytocin receptors in the uterus and breast; in the brain it is involved in social behaviour, "
        "though how much of a nasal dose reaches the brain is debated.",
        evidence_appraisal="Strong for its licensed obstetric uses (not covered here); for social effects, early small "
        "studies did not replicate and the large NEJM trial was null.",
        evidence_score_override=3,
        evidence_override_reason="Two small positive trials make the rubric say 6, but the largest, best-run trial was "
        "null and the trust finding did not replicate.",
        related=[],
        key_takeaways=["An established hospital medicine for labour.", "Nasal sprays for social effects are unproven."],
        verdicts=[
            (
                "Social functioning in autism",
                "no_benefit",
                "high",
                "The largest, best-run trial found no benefit.",
                ["34551229", "26303664"],
            ),
            (
                "Trust in healthy adults",
                "insufficient",
                "low",
                "An early striking result did not replicate.",
                ["15931222"],
            ),
        ],
        dosing=[
            (
                "Autism trials (nasal)",
                8,
                48,
                "IU",
                "intranasal",
                "daily",
                "24 weeks",
                "clinical_trial",
                "Doses rose with age and weight in the largest trial.",
            )
        ],
        side_effects=[("Nasal discomfort", "common", "", ""), ("Headache", "uncommon", "", "")],
        studies=["34551229", "26303664", "15931222"],
    ),
    compound(
        name="Casein hydrolysate",
        slug="casein-hydrolysate",
        other_names="alpha-casozepine, Lactium",
        kind="supplement",
        drug_class="Milk-derived peptide",
        area="Sleep & mood",
        fda_status="supplement",
        summary="A digest of the milk protein alpha-s1-casein standardised to a ten-amino-acid peptide, sold for stress "
        "and sleep. Small trials show modest effects at best, several of them industry-linked.",
        mechanism="In the laboratory the peptide binds the same receptor site as benzodiazepines, far more weakly.",
        evidence_appraisal="A handful of small human trials, some null on their main outcome; none indexed here yet.",
        evidence_score_override=3,
        evidence_override_reason="Small human trials exist (several null) but are not indexed here yet.",
        key_takeaways=["An ordinary food-derived supplement.", "Effects on stress and sleep are small if present."],
        dosing=[("Stress (supplement label)", 150, 300, "mg", "oral", "once daily", "2-4 weeks", "label", "")],
        side_effects=[("Digestive upset", "uncommon", "", "")],
        cautions=[("contraindication", "Milk protein allergy", "It is made from casein.")],
    ),
    compound(
        name="Creatine",
        slug="creatine",
        other_names="creatine monohydrate",
        kind="supplement",
        drug_class="Amino acid derivative",
        area="Performance & muscle",
        fda_status="supplement",
        standard_dose="3-5 g a day of creatine monohydrate",
        summary="A compound the body makes and stores in muscle, taken as a supplement to improve strength in training. "
        "Among the best-studied supplements; effects on thinking are less certain.",
        mechanism="Raises stores of phosphocreatine, which muscles and the brain use to regenerate energy quickly.",
        evidence_appraisal="Consistent benefits for strength training; cognitive benefits appear in some small trials, "
        "mostly in people with low intake such as vegetarians.",
        key_takeaways=["Improves strength gains from training.", "Safe at usual doses in healthy people."],
        verdicts=[
            ("Upper-body strength with training", "benefit", "moderate", "", ["27328852", "28615996"]),
            (
                "Memory and reasoning",
                "mixed",
                "low",
                "Clearer in vegetarians and older adults.",
                ["29704637", "14561278"],
            ),
        ],
        dosing=[
            ("Strength training", 3, 5, "g", "oral", "once daily", "ongoing", "clinical_trial", ""),
            ("Loading phase", 20, 20, "g", "oral", "split into 4 doses", "5-7 days", "clinical_trial", "Optional."),
        ],
        side_effects=[
            ("Water retention and weight gain", "common", "About 1-2 kg in the first weeks.", ""),
            ("Stomach upset", "uncommon", "Mostly with large single doses.", "Split the dose."),
        ],
        cautions=[("caution", "Kidney disease", "Talk to a doctor first; creatine raises blood creatinine readings.")],
        studies=["27328852", "28615996", "29704637", "14561278", "35267907"],
    ),
    compound(
        name="Melatonin",
        slug="melatonin",
        kind="supplement",
        drug_class="Hormone",
        area="Sleep & mood",
        approved_in="Prescription-only in the UK and much of Europe; sold as a supplement in the US",
        fda_status="supplement",
        summary="The hormone that signals night to the body. Useful for jet lag and shifted sleep timing; its effect on "
        "ordinary insomnia is small.",
        timing="Taken 30-60 minutes before the intended bedtime; for jet lag, at bedtime at the destination.",
        key_takeaways=[
            "Helps jet lag and shifted sleep timing.",
            "Shortens time to fall asleep by minutes, not hours.",
        ],
        verdicts=[
            (
                "Time to fall asleep",
                "benefit",
                "moderate",
                "About seven minutes faster on average.",
                ["23691095", "15649737"],
            ),
            ("Jet lag", "benefit", "moderate", "", ["12076414"]),
            ("Chronic insomnia in adults", "mixed", "low", "", ["27363614"]),
        ],
        dosing=[
            ("Sleep onset", "0.5", 5, "mg", "oral", "once, before bed", "as needed", "clinical_trial", ""),
            ("Jet lag", "0.5", 5, "mg", "oral", "at bedtime at the destination", "2-5 days", "clinical_trial", ""),
        ],
        side_effects=[
            ("Daytime sleepiness", "common", "", "Use the lowest dose that works."),
            ("Headache", "uncommon", "", ""),
        ],
        cautions=[
            ("interaction", "Fluvoxamine", "Raises melatonin levels sharply."),
            ("interaction", "Anticoagulants", "Isolated reports of changed clotting."),
        ],
        studies=["23691095", "15649737", "12076414", "27363614"],
    ),
    compound(
        name="Magnesium",
        slug="magnesium",
        other_names="magnesium glycinate, citrate, oxide",
        kind="supplement",
        drug_class="Mineral",
        area="Sleep & mood",
        fda_status="supplement",
        summary="An essential mineral, often taken for sleep and stress. Small, low-quality trials suggest modest help "
        "with sleep in older adults; evidence for anxiety is weak.",
        key_takeaways=["Modest, uncertain benefit for sleep in older adults.", "Diarrhoea is the usual side effect."],
        verdicts=[
            ("Insomnia in older adults", "benefit", "low", "", ["33865376", "23853635"]),
            ("Anxiety and stress", "insufficient", "very_low", "", ["28445426"]),
        ],
        dosing=[
            (
                "Sleep in older adults",
                300,
                500,
                "mg",
                "oral",
                "once daily",
                "8 weeks",
                "clinical_trial",
                "Elemental magnesium.",
            )
        ],
        side_effects=[
            ("Diarrhoea", "common", "Especially magnesium oxide and citrate.", "Try glycinate, or a lower dose.")
        ],
        cautions=[
            ("contraindication", "Kidney failure", "Magnesium can build up to harmful levels."),
            ("interaction", "Some antibiotics and osteoporosis drugs", "Take them 2 hours apart."),
        ],
        studies=["33865376", "23853635", "28445426"],
    ),
]
