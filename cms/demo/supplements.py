"""Demo supplements: ordinary, widely sold products, each with the sections its evidence supports."""

CASEIN_HYDROLYSATE = dict(
    name="Casein hydrolysate",
    slug="casein-hydrolysate",
    other_names="alpha-s1 casein tryptic hydrolysate, alpha-casozepine, Lactium",
    kind="supplement",
    drug_class="Milk-derived peptide",
    area="Sleep & mood",
    fda_status="supplement",
    standard_dose="150-300 mg a day",
    summary=(
        "A digest of the milk protein alpha-s1-casein, standardised to a ten-amino-acid peptide (alpha-casozepine) "
        "and sold for stress and sleep. Two small, industry-linked crossover trials show modest effects at best."
    ),
    what_it_is="A food ingredient made by digesting milk casein with the enzyme trypsin.",
    mechanism="In the laboratory the peptide binds the same receptor site as benzodiazepines, far more weakly.",
    evidence_appraisal=(
        "Two crossover trials, both with the manufacturer involved: one found fewer stress-related complaints, the "
        "other better sleep diaries but no difference on questionnaires or laboratory sleep recordings."
    ),
    timing="Trials gave it once a day; products sold for sleep suggest the evening.",
    related=["magnesium", "melatonin"],
    key_takeaways=[
        "An ordinary food-derived supplement.",
        "Effects on stress and sleep are small where present, and the trials are industry-linked.",
    ],
    verdicts=[
        ("Stress-related symptoms", "insufficient", "low", "One small crossover trial.", ["10.1038/sj.ejcn.1602553"]),
        (
            "Sleep quality",
            "mixed",
            "low",
            "Diaries and actigraphy improved; questionnaires and laboratory recordings did not.",
            ["31252661"],
        ),
    ],
    dosing=[
        ("Stress-related symptoms (trial dose)", 150, 150, "mg", "oral", "once daily", "30 days", "clinical_trial", ""),
        (
            "Stress or sleep (product labels)",
            150,
            300,
            "mg",
            "oral",
            "once daily",
            "2-4 weeks",
            "label",
            "Check the label.",
        ),
    ],
    side_effects=[
        ("Digestive upset", "uncommon", "Usually mild.", "Take it with food."),
        (
            "Allergic reaction",
            "serious",
            "Possible in people allergic to milk protein.",
            "Do not take it if you are allergic to milk.",
        ),
    ],
    cautions=[("contraindication", "Milk protein allergy", "It is made from casein.")],
    faq=[
        (
            "Is it a sedative?",
            "No. It is a food-derived peptide; in trials it did not make people drowsy, and its effects were small.",
        )
    ],
    studies=["31252661", "10.1038/sj.ejcn.1602553"],
)

CREATINE = dict(
    name="Creatine",
    slug="creatine",
    other_names="creatine monohydrate",
    kind="supplement",
    drug_class="Amino acid derivative",
    area="Performance & muscle",
    fda_status="supplement",
    standard_dose="3-5 g a day of creatine monohydrate",
    summary=(
        "A compound the body makes and stores in muscle, taken as a supplement to improve strength gains from "
        "training. Among the best-studied supplements; effects on thinking are less certain."
    ),
    what_it_is="A natural compound made from three amino acids and found in meat and fish.",
    mechanism="Raises stores of phosphocreatine, which muscles and the brain use to regenerate energy quickly.",
    evidence_appraisal=(
        "Consistent small benefits for strength training; cognitive benefits appear in some small trials, mostly in "
        "people with low intake such as vegetarians, and are not settled."
    ),
    timing="Any time of day; taking it every day matters more than when.",
    key_takeaways=[
        "Improves strength gains from training, modestly but consistently.",
        "Well tolerated at usual doses in healthy people.",
        "Effects on memory and thinking are uncertain.",
    ],
    verdicts=[
        (
            "Upper-body strength with training",
            "benefit",
            "moderate",
            "Small, consistent effect.",
            ["27328852", "28615996"],
        ),
        (
            "Memory and reasoning",
            "mixed",
            "low",
            "Clearer in vegetarians and older adults.",
            ["29704637", "14561278", "33578876"],
        ),
    ],
    dosing=[
        ("Strength training", 3, 5, "g", "oral", "once daily", "ongoing", "clinical_trial", ""),
        ("Loading phase", 20, 20, "g", "oral", "split into 4 doses", "5-7 days", "clinical_trial", "Optional."),
    ],
    forms=[("Creatine monohydrate powder", "recommended", "The form almost all trials used.")],
    side_effects=[
        ("Water retention and weight gain", "common", "About 1-2 kg in the first weeks.", "Expected; not fat gain."),
        ("Stomach upset", "uncommon", "Mostly with large single doses.", "Split the dose."),
    ],
    cautions=[("caution", "Kidney disease", "Talk to a doctor first; creatine raises blood creatinine readings.")],
    studies=["27328852", "28615996", "29704637", "14561278", "33578876"],
)

MELATONIN = dict(
    name="Melatonin",
    slug="melatonin",
    kind="supplement",
    drug_class="Hormone",
    area="Sleep & mood",
    approved_in="Prescription-only in the UK and much of Europe; sold as a supplement in the US",
    fda_status="supplement",
    standard_dose="0.5-5 mg before bed",
    summary=(
        "The hormone that signals night to the body. Useful for jet lag and shifted sleep timing; its effect on "
        "ordinary insomnia is small."
    ),
    mechanism="Acts on melatonin receptors in the brain's body clock, shifting and signalling the start of night.",
    evidence_appraisal=(
        "Several independent reviews agree it works, but the effects are modest: minutes, not hours, for insomnia; "
        "larger for jet lag and delayed sleep timing."
    ),
    timing="Taken 30-60 minutes before the intended bedtime; for jet lag, at bedtime at the destination.",
    related=["magnesium"],
    key_takeaways=[
        "Helps jet lag and shifted sleep timing.",
        "Shortens time to fall asleep by minutes, not hours.",
    ],
    verdicts=[
        (
            "Time to fall asleep",
            "benefit",
            "moderate",
            "About seven minutes faster on average in insomnia.",
            ["23691095", "16423108"],
        ),
        ("Jet lag", "benefit", "moderate", "Consistent across the usable trials.", ["12076414"]),
        ("Delayed sleep phase and other rhythm disorders", "benefit", "low", "", ["10.1016/j.smrv.2016.06.005"]),
    ],
    dosing=[
        ("Sleep onset", "0.5", 5, "mg", "oral", "once, before bed", "as needed", "clinical_trial", ""),
        ("Jet lag", "0.5", 5, "mg", "oral", "at bedtime at the destination", "2-5 days", "clinical_trial", ""),
    ],
    side_effects=[
        ("Daytime sleepiness", "common", "More likely with higher doses.", "Use the lowest dose that works."),
        ("Headache", "uncommon", "Usually mild.", "Try a lower dose."),
    ],
    cautions=[
        ("interaction", "Fluvoxamine", "Raises melatonin levels sharply."),
        ("interaction", "Warfarin and other anticoagulants", "Isolated reports of changed clotting."),
        ("caution", "Driving", "Do not drive for several hours after a dose."),
    ],
    studies=["23691095", "16423108", "12076414", "10.1016/j.smrv.2016.06.005"],
)

MAGNESIUM = dict(
    name="Magnesium",
    slug="magnesium",
    other_names="magnesium glycinate, citrate, oxide",
    kind="supplement",
    drug_class="Mineral",
    area="Sleep & mood",
    fda_status="supplement",
    summary=(
        "An essential mineral, often taken for sleep and stress. Small, low-quality trials suggest modest help with "
        "sleep in older adults; evidence for anxiety is weak."
    ),
    evidence_appraisal=(
        "One small trial in older adults was positive; the pooled evidence for sleep is low certainty and for anxiety "
        "poor quality."
    ),
    key_takeaways=[
        "Modest, uncertain benefit for sleep in older adults.",
        "Diarrhoea is the usual side effect; kidney disease is a reason to avoid it.",
    ],
    verdicts=[
        (
            "Insomnia in older adults",
            "benefit",
            "low",
            "Sleep onset about 17 minutes sooner.",
            ["33865376", "23853635"],
        ),
        ("Anxiety and stress", "insufficient", "very_low", "Few, poor-quality studies.", ["28445426"]),
    ],
    dosing=[
        (
            "Sleep in older adults",
            500,
            500,
            "mg",
            "oral",
            "split into two doses",
            "8 weeks",
            "clinical_trial",
            "Elemental magnesium, above the usual 350 mg supplement limit.",
        )
    ],  # fmt: skip
    side_effects=[
        ("Diarrhoea", "common", "Especially magnesium oxide and citrate.", "Try glycinate, or a lower dose.")
    ],
    cautions=[
        ("contraindication", "Kidney failure", "Magnesium can build up to harmful levels."),
        ("interaction", "Some antibiotics and osteoporosis drugs", "Take them at least 2 hours apart."),
        (
            "caution",
            "Doses above 350 mg",
            "The usual upper limit for supplemental magnesium in adults; higher doses belong under medical advice.",
        ),
    ],
    studies=["33865376", "23853635", "28445426"],
)

SUPPLEMENTS = [CASEIN_HYDROLYSATE, CREATINE, MELATONIN, MAGNESIUM]
