"""The demo's richest page: Cerebrolysin, with every section filled. Facts and figures
(trials, doses, counts, label wording on contraindications) follow the published record;
the sentences are ours. Studies are referred to by PubMed ID (or DOI when there is none).
"""

CEREBROLYSIN = dict(
    name="Cerebrolysin",
    slug="cerebrolysin",
    other_names="FPF-1070, porcine brain peptide preparation",
    kind="prescription_drug",
    drug_class="Neurotrophic peptide preparation",
    area="Neuro & cognition",
    approved_in="Prescription medicine in Austria, Russia, China and a number of other European and Asian countries",
    fda_status="not_approved",
    manufacturer="EVER Neuro Pharma (Austria), formerly EBEWE Pharma",
    standard_dose=(
        "In trials, 10-30 mL a day by slow intravenous infusion for 10 to 21 days; up to 5 mL when injected "
        "into a muscle"
    ),
    summary=(
        "Cerebrolysin is an injectable mixture of small peptides and amino acids obtained by digesting purified pig "
        "brain protein. It is prescribed in parts of Europe and Asia after stroke, brain injury and in dementia. The "
        "independent reviews find little or no benefit for acute stroke, and severe allergic reactions, though rare, "
        "are documented."
    ),
    what_it_is=(
        "Not a single molecule but a standardised preparation: brain protein from pigs is broken down by enzymes into "
        "fragments small enough to be injected, roughly a quarter low-molecular-weight peptides and the rest free amino "
        "acids.\n\n"
        "It is a licensed medicine in the countries that approve it and is given by clinicians, by infusion or injection, "
        "in courses lasting days to weeks. It is not approved in the United States and it is not a dietary supplement. "
        "Vials sold online without a prescription have no guarantee of identity, purity or sterility, which matters for "
        "an animal-derived product injected into a vein."
    ),
    mechanism=(
        "The proposed rationale is that some of the small peptides behave like the brain's own growth factors, the signals "
        "that keep nerve cells alive and help them form new connections. Laboratory and animal studies report effects on "
        "cell survival, inflammation and the connections between neurons. How much of this happens in people, and at the "
        "doses used, has not been shown directly."
    ),
    evidence_appraisal=(
        "There are many trials, but they disagree along a telling line. The independent Cochrane reviews are null for "
        "acute ischaemic stroke, with more non-fatal serious adverse events than placebo, and rate the vascular dementia "
        "evidence as weak. Most positive trials and pooled analyses were run or paid for by the manufacturer. We give "
        "more weight to the independent syntheses."
    ),
    evidence_score_override=4,
    evidence_override_reason=(
        "The rubric takes the sponsored meta-analyses at face value and gives 5. The independent Cochrane reviews, "
        "which we weight more, are null for acute stroke and weak for dementia, so we hold it at 4."
    ),
    timing=(
        "Given by a clinician in hospital or clinic, usually once a day. Volumes above 10 mL are diluted and infused "
        "over 15 to 60 minutes; running it fast is linked to feeling hot, sweating and dizziness. There is no oral "
        "form, so food timing does not apply."
    ),
    cycle_min_days=10,
    cycle_optimal_days=21,
    cycle_note=(
        "Trials used daily courses of about 10 to 21 days. Some dementia protocols repeat a course after a break of one "
        "to three months. No long-term continuous regimen has been studied."
    ),
    stacking_note=(
        "It is a prescription injectable, not something to stack. Labelling advises caution with antidepressants and "
        "MAO inhibitors. In online discussions it is often mentioned together with BPC-157, Semax and Selank; none of "
        "these combinations has been studied, and adding unregulated injectables multiplies the risks."
    ),
    related=["semax", "selank", "bpc-157"],
    key_takeaways=[
        "An injectable mixture of pig-brain peptides and amino acids, given only by injection or infusion.",
        "A prescription medicine in parts of Europe and Asia; not FDA-approved and not a supplement.",
        "Independent reviews find no clear benefit for acute stroke; positive results are mostly manufacturer-funded.",
        "Severe allergic reactions are rare but documented: first doses belong under medical observation.",
    ],
    steps=[
        (
            "A mixture, not a molecule",
            "Enzymes break pig brain protein into small peptides and amino acids, standardised batch to batch.",
        ),
        ("Given as a course", "Clinicians give it daily by infusion or injection for one to three weeks, then stop."),
        (
            "It is meant to mimic growth signals",
            "The small peptides are proposed to act like the brain's own neurotrophic factors.",
        ),
        (
            "The hoped-for effect is repair",
            "Supported neurons would survive injury better and form new connections during recovery.",
        ),
        (
            "The trials disagree",
            "Independent reviews of acute stroke are null; manufacturer-funded trials report gains in rehabilitation "
            "and dementia.",
        ),
        (
            "The risk that matters",
            "As an animal-derived biological it can cause severe allergic reactions, so early doses are watched.",
        ),
    ],
    verdicts=[
        (
            "Acute ischaemic stroke: death or dependency",
            "no_benefit",
            "moderate",
            "The independent Cochrane review found no difference in death; the largest trial was neutral on its main "
            "outcome.",
            ["32662068", "22282884"],
        ),
        (
            "Serious adverse events",
            "harm",
            "moderate",
            "More non-fatal serious adverse events than placebo after acute stroke, and documented anaphylaxis.",
            ["32662068", "39055722"],
        ),
        (
            "Arm function in stroke rehabilitation",
            "mixed",
            "low",
            "A manufacturer-funded trial and a sponsor-led pooling report gains; independent replication is missing.",
            ["26564102", "29248999"],
        ),
        (
            "Mild to moderate Alzheimer's disease",
            "mixed",
            "low",
            "Sponsored trials show short-term gains in global impression; effects on cognition are inconsistent.",
            ["25832905", "16420392", "11552768"],
        ),
        (
            "Vascular dementia",
            "insufficient",
            "very_low",
            "Six small trials at high risk of bias; any benefit may be too small to matter.",
            ["31710397"],
        ),
        (
            "Recovery after mild traumatic brain injury",
            "insufficient",
            "low",
            "One 32-patient pilot trial reported better cognitive scores; it needs repeating.",
            ["23656173"],
        ),
    ],
    # (use, min, max, unit, route, frequency, duration, basis, note)
    dosing=[
        (
            "Acute ischaemic stroke (CASTA regimen)",
            30,
            30,
            "mL",
            "intravenous",
            "once daily, diluted in saline",
            "10 days, starting within 12 hours of onset",
            "clinical_trial",
            "The trial was neutral on its main outcome.",
        ),
        (
            "Stroke rehabilitation (CARS regimen)",
            30,
            30,
            "mL",
            "intravenous",
            "once daily",
            "21 days, starting 24-72 hours after onset",
            "clinical_trial",
            "Given alongside a standard rehabilitation programme.",
        ),
        (
            "Mild to moderate Alzheimer's disease",
            10,
            30,
            "mL",
            "intravenous",
            "5 days a week",
            "4 weeks, sometimes repeated after a two-month break",
            "clinical_trial",
            "10 mL did at least as well as higher doses in the dose-finding trial.",
        ),
        (
            "Mild traumatic brain injury",
            30,
            30,
            "mL",
            "intravenous",
            "once daily, over 60 minutes",
            "5 days",
            "clinical_trial",
            "From a single 32-patient pilot trial.",
        ),
        (
            "Ischaemic stroke and brain injury (label range)",
            10,
            50,
            "mL",
            "intravenous",
            "once daily, diluted and infused over 15-60 minutes",
            "10 to 20 days",
            "label",
            "Ranges as given in European product information.",
        ),
        (
            "Dementia (label range)",
            5,
            30,
            "mL",
            "intravenous",
            "once daily",
            "10 to 20 days, repeatable after a break",
            "label",
            "Ranges as given in European product information.",
        ),
        (
            "Intramuscular use (label maximum)",
            1,
            5,
            "mL",
            "intramuscular",
            "once daily",
            "10 to 20 days",
            "label",
            "No more than 5 mL per intramuscular injection.",
        ),
        (
            "Self-directed 'nootropic' use",
            1,
            5,
            "mL",
            "intramuscular",
            "once daily",
            "10 to 30 days",
            "community",
            "Reported online; never tested in a trial and not recommended.",
        ),
    ],  # fmt: skip
    # (name, advice, note)
    forms=[
        (
            "Injectable solution in ampoules, given by a clinician",
            "recommended",
            "Only where it is a licensed medicine.",
        ),
        ("Vials sold online as a research product", "avoid", "Identity, purity and sterility are unverified."),
        ("Oral, nasal or 'sublingual' versions", "avoid", "No such licensed form exists; peptides would be digested."),
    ],
    # (name, frequency, note, tip)
    side_effects=[
        (
            "Injection-site pain or redness",
            "common",
            "Mostly with intramuscular use.",
            "Clinicians rotate sites and keep each injection to 5 mL or less.",
        ),
        (
            "Feeling hot, flushing or sweating",
            "common",
            "Usually during an infusion.",
            "Ask for the infusion to be slowed; it generally passes.",
        ),
        ("Dizziness", "common", "During or soon after an infusion.", "Sit or lie down until it passes."),
        ("Headache", "common", "Usually mild and short-lived.", "Mention it to the treating team if it persists."),
        (
            "Agitation or restlessness",
            "uncommon",
            "Reported more at higher doses.",
            "Tell the prescriber; the dose may be lowered.",
        ),
        (
            "Trouble sleeping",
            "uncommon",
            "Possibly linked to its activating effect.",
            "Ask whether doses can be given earlier in the day.",
        ),
        ("Nausea", "uncommon", "Usually mild.", "Tell the nurse; slowing the infusion may help."),
        (
            "Confusion",
            "rare",
            "Reported mainly in older patients.",
            "Report any new confusion to the treating team at once.",
        ),
        (
            "Seizures",
            "rare",
            "Seizure frequency may rise in people with epilepsy.",
            "A seizure is an emergency: call for urgent help.",
        ),
        (
            "Anaphylaxis",
            "serious",
            "Documented in case reports, including a laboratory-confirmed case in 2024.",
            "Stop the infusion and treat as an emergency; never take it where this cannot be treated.",
        ),
        (
            "Non-fatal serious adverse events after acute stroke",
            "serious",
            "More frequent than with placebo in the Cochrane review, especially at 30 mL a day.",
            "Weigh this against the lack of proven benefit before treatment.",
        ),
    ],
    # (kind, name, note)
    cautions=[
        (
            "interaction",
            "MAO inhibitors",
            "Labelling warns that effects may add up; combine only under specialist care.",
        ),
        ("interaction", "Antidepressants", "Labelling suggests the antidepressant dose may need lowering."),
        ("interaction", "Balanced amino-acid infusions", "Do not mix in the same infusion bag."),
        ("contraindication", "Allergy to the product", "Do not use after any previous reaction to it."),
        ("contraindication", "Severe kidney impairment", "Listed as a contraindication in product labelling."),
        (
            "contraindication",
            "Epilepsy with major seizures or status epilepticus",
            "Labelling warns that seizures may become more frequent.",
        ),
        (
            "caution",
            "Pregnancy and breastfeeding",
            "No clinical experience; labelling advises use only if the benefit clearly outweighs the risk.",
        ),
        ("caution", "History of allergies", "A reason for extra care with the first doses."),
    ],
    # (title, text)
    skip=[
        ("Grey-market vials", "Online 'research' Cerebrolysin has no verified identity or sterility."),
        (
            "Self-injecting at home",
            "Even in approved use, early doses are given where an allergic reaction can be treated.",
        ),
        ("Claims of proven brain repair", "The best independent evidence does not support them for stroke."),
        ("Bigger doses for bigger effects", "In the dementia dose-finding trial, more was not better."),
    ],
    # (question, answer)
    faq=[
        (
            "Is Cerebrolysin a dietary supplement?",
            "No. It is a sterile injectable medicine made from pig brain protein, licensed only in some countries and "
            "given by clinicians. There is no legitimate oral or over-the-counter form.",
        ),
        (
            "Does it work for stroke?",
            "For acute ischaemic stroke, the independent Cochrane review found no difference in death and more serious "
            "side effects than placebo. A manufacturer-funded rehabilitation trial reported better arm function, which "
            "has not been confirmed independently.",
        ),
        (
            "Is it safe?",
            "Most reported effects are mild, such as flushing or dizziness during infusion. Severe allergic reactions "
            "are rare but documented, and the stroke review found more serious adverse events than with placebo.",
        ),
        (
            "Why is it not approved in the United States?",
            "It is not FDA-approved for any use, and the trial evidence, much of it manufacturer-funded and mixed, "
            "would face a high bar.",
        ),
        ("Can I take it by mouth?", "No. Its peptides would be digested; it is only given by injection or infusion."),
        ("Is it suitable for vegetarians or vegans?", "No. It is made from pig brain tissue."),
        (
            "Can it be combined with other peptides or nootropics?",
            "No combination has been studied. Tell the prescriber about every medicine and supplement you take, "
            "especially antidepressants.",
        ),
    ],
    studies=[
        "32662068",
        "22282884",
        "26564102",
        "25832905",
        "39055722",
        "16420392",
        "11552768",
        "29248999",
        "31710397",
        "23656173",
    ],
)
