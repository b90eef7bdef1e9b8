"""The ten studies the demo Cerebrolysin page cites.

Bibliographic facts (PMID, DOI, authors, journal, year, design, participants) were
checked against each paper's PubMed record; findings are summarised in our own words.
Two identifiers offered by the reference material are deliberately not used: 23390978
is not the Chen 2013 brain-injury trial (its PubMed ID is 23656173), and 16697710 is an
unrelated informatics paper. A page that cites a study is only as honest as its PMID.
"""

CEREBROLYSIN_STUDIES = [
    dict(
        pmid="32662068",
        doi="10.1002/14651858.CD007026.pub6",
        slug="ziganshina-2020-cerebrolysin-stroke-cochrane",
        authors="Ziganshina LE, Abakumova T, Hoyle CH",
        year=2020,
        title="Cerebrolysin for acute ischaemic stroke",
        journal="Cochrane Database Syst Rev",
        design="meta_analysis",
        participants=1601,
        population="Adults treated within 48 hours of an acute ischaemic stroke",
        funding="independent",
        risk_of_bias="low",
        direction="no_effect",
        finding=(
            "Across seven trials, Cerebrolysin probably made little or no difference to death from any cause, "
            "while non-fatal serious adverse events were more frequent than with placebo."
        ),
    ),
    dict(
        pmid="22282884",
        doi="10.1161/STROKEAHA.111.628537",
        slug="heiss-2012-casta",
        authors="Heiss WD, Brainin M, Bornstein NM, Tuomilehto J, Hong Z",
        year=2012,
        title=(
            "Cerebrolysin in patients with acute ischemic stroke in Asia: results of a double-blind, "
            "placebo-controlled randomized trial"
        ),
        journal="Stroke",
        design="rct",
        participants=1070,
        population="Adults in Asia within 12 hours of an ischaemic stroke",
        funding="industry",
        risk_of_bias="some_concerns",
        direction="no_effect",
        finding=(
            "Ten days of 30 mL infusions on top of aspirin did not change the combined 90-day outcome; only an "
            "after-the-fact look at severe strokes leaned towards benefit."
        ),
    ),
    dict(
        pmid="26564102",
        doi="10.1161/STROKEAHA.115.009416",
        slug="muresanu-2016-cars",
        authors=(
            "Muresanu DF, Heiss WD, Hoemberg V, Bajenaru O, Popescu CD, Vester JC, Rahlfs VW, Doppler E, Meier D, "
            "Moessler H, Guekht A"
        ),
        year=2016,
        title=(
            "Cerebrolysin and Recovery After Stroke (CARS): A Randomized, Placebo-Controlled, Double-Blind, "
            "Multicenter Trial"
        ),
        journal="Stroke",
        design="rct",
        participants=205,
        population="Adults starting rehabilitation 24 to 72 hours after an ischaemic stroke",
        funding="industry",
        risk_of_bias="some_concerns",
        direction="benefit",
        finding=(
            "Adding 21 days of infusions to standard rehabilitation gave better arm-function scores at day 90 than "
            "placebo; the authors called the trial exploratory and asked for a larger one."
        ),
    ),
    dict(
        pmid="25832905",
        doi="10.1159/000377672",
        slug="gauthier-2015-alzheimers-meta-analysis",
        authors="Gauthier S, Proaño JV, Jia J, Froelich L, Vester JC, Doppler E",
        year=2015,
        title=(
            "Cerebrolysin in mild-to-moderate Alzheimer's disease: a meta-analysis of randomized controlled "
            "clinical trials"
        ),
        journal="Dement Geriatr Cogn Disord",
        design="meta_analysis",
        participants=None,
        population="People with mild to moderate Alzheimer's disease",
        funding="industry",
        risk_of_bias="some_concerns",
        direction="benefit",
        finding=(
            "Pooling six placebo-controlled trials of 30 mL a day, clinicians' global ratings favoured Cerebrolysin "
            "at 4 weeks and 6 months, but the gain in cognition was significant only at 4 weeks."
        ),
    ),
    dict(
        pmid="39055722",
        doi="10.1155/2024/2332908",
        slug="trimmel-2024-anaphylaxis",
        authors="Trimmel H, Tauber W, Zikeli M",
        year=2024,
        title="Life-Threatening Anaphylaxis due to Cerebrolysin",
        journal="Case Rep Neurol Med",
        design="case_report",
        participants=1,
        population="An 85-year-old man treated for a subacute stroke",
        funding="independent",
        risk_of_bias="high",
        direction="harm",
        finding=(
            "A laboratory-confirmed, life-threatening allergic reaction followed an intravenous dose; prompt "
            "emergency treatment restored the patient's circulation."
        ),
    ),
    dict(
        pmid="16420392",
        doi="10.1111/j.1468-1331.2006.01222.x",
        slug="alvarez-2006-three-dosages",
        authors="Alvarez XA, Cacabelos R, Laredo M",
        year=2006,
        title=(
            "A 24-week, double-blind, placebo-controlled study of three dosages of Cerebrolysin in patients with "
            "mild to moderate Alzheimer's disease"
        ),
        journal="Eur J Neurol",
        design="rct",
        participants=279,
        population="People with mild to moderate Alzheimer's disease",
        funding="industry",
        risk_of_bias="some_concerns",
        direction="benefit",
        finding=(
            "At week 24 all three doses improved clinicians' global ratings, but only 10 mL a day also improved "
            "cognition: more was not better."
        ),
    ),
    dict(
        pmid="11552768",
        slug="ruther-2001-dementia",
        authors="Ruther E, Husmann R, Kinzler E",
        year=2001,
        title=(
            "A 28-week, double-blind, placebo-controlled study with Cerebrolysin in patients with mild to moderate "
            "Alzheimer's disease"
        ),
        journal="Int Clin Psychopharmacol",
        design="rct",
        participants=149,
        population="People with mild to moderate Alzheimer's disease",
        funding="industry",
        risk_of_bias="some_concerns",
        direction="benefit",
        finding=(
            "Two four-week courses of 30 mL infusions, two months apart, gave better global and ADAS-cog scores "
            "than placebo, largely still present at week 28."
        ),
    ),
    dict(
        pmid="29248999",
        doi="10.1007/s10072-017-3214-0",
        slug="bornstein-2018-post-stroke-meta-analysis",
        authors=(
            "Bornstein NM, Guekht A, Vester J, Heiss WD, Gusev E, Hömberg V, Rahlfs VW, Bajenaru O, Popescu BO, "
            "Muresanu D"
        ),
        year=2018,
        title=(
            "Safety and efficacy of Cerebrolysin in early post-stroke recovery: a meta-analysis of nine randomized "
            "clinical trials"
        ),
        journal="Neurol Sci",
        design="meta_analysis",
        participants=1879,
        population="Adults given 30-50 mL a day within 72 hours of an ischaemic stroke",
        funding="industry",
        risk_of_bias="some_concerns",
        direction="benefit",
        finding=(
            "Pooled by trial investigators, nine trials showed better early neurological scores with Cerebrolysin "
            "and adverse events at rates similar to placebo."
        ),
    ),
    dict(
        pmid="31710397",
        doi="10.1002/14651858.CD008900.pub3",
        slug="cui-2019-vascular-dementia-cochrane",
        authors="Cui S, Chen N, Yang M, Guo J, Zhou M, Zhu C, He L",
        year=2019,
        title="Cerebrolysin for vascular dementia",
        journal="Cochrane Database Syst Rev",
        design="meta_analysis",
        participants=597,
        population="People living with vascular dementia",
        funding="independent",
        risk_of_bias="low",
        direction="mixed",
        finding=(
            "Six trials at high risk of bias suggested better cognition and global function; the reviewers judged "
            "the evidence weak and any benefit possibly too small to matter."
        ),
    ),
    dict(
        pmid="23656173",
        doi="10.3109/02688697.2013.793287",
        slug="chen-2013-mild-tbi",
        authors="Chen CC, Wei ST, Tsaia SC, Chen XX, Cho DY",
        year=2013,
        title=(
            "Cerebrolysin enhances cognitive recovery of mild traumatic brain injury patients: double-blind, "
            "placebo-controlled, randomized study"
        ),
        journal="Br J Neurosurg",
        design="rct",
        participants=32,
        population="Adults with a mild head injury and brain contusion, Taiwan",
        funding="unknown",
        risk_of_bias="some_concerns",
        direction="benefit",
        finding=(
            "In a 32-patient pilot, five days of 30 mL infusions were followed by larger gains on a cognitive "
            "screening test at 12 weeks than saline."
        ),
    ),
]
