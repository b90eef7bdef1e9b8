"""Demo studies: the Cerebrolysin set, the other peptides' set, and the supplements' set.

Each identifier was checked against the paper's PubMed record (or, where only a DOI is
given, the publisher's page); findings are our own one-line summaries. Where no PubMed
ID could be confirmed the study carries its DOI only: a record without a PMID is honest,
a record with someone else's PMID is not.
"""

from .cerebrolysin_studies import CEREBROLYSIN_STUDIES
from .peptide_studies import PEPTIDE_STUDIES

SUPPLEMENT_STUDIES = [
    # Melatonin
    dict(
        pmid="23691095",
        doi="10.1371/journal.pone.0063773",
        slug="ferracioli-oda-2013-melatonin-meta-analysis",
        authors="Ferracioli-Oda E, Qawasmi A, Bloch MH",
        year=2013,
        title="Meta-analysis: melatonin for the treatment of primary sleep disorders",
        journal="PLoS One",
        design="meta_analysis",
        participants=1683,
        population="Adults and children with primary sleep disorders",
        funding="independent",
        risk_of_bias="some_concerns",
        direction="benefit",
        finding=(
            "Across 19 trials melatonin brought sleep on about 7 minutes sooner and added about 8 minutes of sleep: "
            "small effects that did not fade with continued use."
        ),
    ),
    dict(
        pmid="16423108",
        doi="10.1111/j.1525-1497.2005.0243.x",
        slug="buscemi-2005-melatonin-primary-sleep-disorders",
        authors="Buscemi N, Vandermeer B, Hooton N, Pandya R, Tjosvold L, Hartling L, Baker G, Klassen TP, Vohra S",
        year=2005,
        title="The efficacy and safety of exogenous melatonin for primary sleep disorders. A meta-analysis",
        journal="J Gen Intern Med",
        design="meta_analysis",
        participants=None,
        population="People with insomnia or delayed sleep phase syndrome",
        funding="unknown",
        risk_of_bias="some_concerns",
        direction="mixed",
        finding=(
            "Sleep came about 7 minutes sooner in insomnia, too little to matter, but about 39 minutes sooner in "
            "delayed sleep phase syndrome; short-term use looked safe."
        ),
    ),
    dict(
        pmid="12076414",
        doi="10.1002/14651858.CD001520",
        slug="herxheimer-2002-jet-lag-cochrane",
        authors="Herxheimer A, Petrie KJ",
        year=2002,
        title="Melatonin for the prevention and treatment of jet lag",
        journal="Cochrane Database Syst Rev",
        design="meta_analysis",
        participants=None,
        population="Air travellers, airline staff and military personnel crossing several time zones",
        funding="independent",
        risk_of_bias="low",
        direction="benefit",
        finding=(
            "Every one of the nine usable trials found less jet lag when melatonin was taken near bedtime at the "
            "destination, mostly after flights across five or more time zones."
        ),
    ),
    dict(
        pmid="",
        doi="10.1016/j.smrv.2016.06.005",
        slug="auld-2017-melatonin-adult-sleep",
        authors="Auld F, Maschauer EL, Morrison I, Skene DJ, Riha RL",
        year=2017,
        title="Evidence for the efficacy of melatonin in the treatment of primary adult sleep disorders",
        journal="Sleep Med Rev",
        design="meta_analysis",
        participants=None,
        population="Adults with insomnia, delayed sleep phase, blindness-related rhythm disorder or REM behaviour disorder",
        funding="unknown",
        risk_of_bias="some_concerns",
        direction="mixed",
        finding=(
            "A small set of controlled trials: the clearest benefit was faster sleep onset in primary insomnia and "
            "delayed sleep phase, and steadier sleep timing in blind people."
        ),
    ),
    # Creatine
    dict(
        pmid="29704637",
        doi="10.1016/j.exger.2018.04.013",
        slug="avgerinos-2018-creatine-cognition",
        authors="Avgerinos KI, Spyrou N, Bougioukas KI, Kapogiannis D",
        year=2018,
        title=(
            "Effects of creatine supplementation on cognitive function of healthy individuals: A systematic review "
            "of randomized controlled trials"
        ),
        journal="Exp Gerontol",
        design="systematic_review",
        participants=281,
        population="Healthy adults",
        funding="independent",
        risk_of_bias="some_concerns",
        direction="mixed",
        finding=(
            "Six trials hinted at better short-term memory and reasoning; other skills gave conflicting results, "
            "and young adults showed no change."
        ),
    ),
    dict(
        pmid="28615996",
        doi="10.1186/s12970-017-0173-z",
        slug="kreider-2017-issn-creatine",
        authors="Kreider RB, Kalman DS, Antonio J, Ziegenfuss TN, Wildman R, Collins R",
        year=2017,
        title=(
            "International Society of Sports Nutrition position stand: safety and efficacy of creatine "
            "supplementation in exercise, sport, and medicine"
        ),
        journal="J Int Soc Sports Nutr",
        design="narrative_review",
        participants=None,
        population="Athletes and clinical groups",
        funding="mixed",
        risk_of_bias="unclear",
        direction="benefit",
        finding=(
            "The society's position: creatine monohydrate improves high-intensity exercise and training gains and "
            "was well tolerated in the studies it reviewed."
        ),
    ),
    dict(
        pmid="14561278",
        doi="10.1098/rspb.2003.2492",
        slug="rae-2003-creatine-brain",
        authors="Rae C, Digney AL, McEwan SR, Bates TC",
        year=2003,
        title=(
            "Oral creatine monohydrate supplementation improves brain performance: a double-blind, "
            "placebo-controlled, cross-over trial"
        ),
        journal="Proc Biol Sci",
        design="rct",
        participants=45,
        population="Young adult vegetarians",
        funding="unknown",
        risk_of_bias="some_concerns",
        direction="benefit",
        finding="Six weeks of 5 g a day improved a working-memory task and a reasoning test compared with placebo.",
    ),
    dict(
        pmid="27328852",
        doi="10.1007/s40279-016-0571-4",
        slug="lanhers-2017-creatine-strength",
        authors="Lanhers C, Pereira B, Naughton G, Trousselard M, Lesage FX, Dutheil F",
        year=2017,
        title="Creatine Supplementation and Upper Limb Strength Performance: A Systematic Review and Meta-Analysis",
        journal="Sports Med",
        design="meta_analysis",
        participants=1138,
        population="Adults in placebo-controlled strength studies",
        funding="unknown",
        risk_of_bias="some_concerns",
        direction="benefit",
        finding="Across 53 trials creatine added a small, consistent gain in bench and chest press strength.",
    ),
    dict(
        pmid="33578876",
        doi="10.3390/nu13020586",
        slug="roschel-2021-creatine-brain-health",
        authors="Roschel H, Gualano B, Ostojic SM, Rawson ES",
        year=2021,
        title="Creatine Supplementation and Brain Health",
        journal="Nutrients",
        design="narrative_review",
        participants=None,
        population="Healthy and clinical groups",
        funding="unknown",
        risk_of_bias="unclear",
        direction="unclear",
        finding=(
            "Creatine may help thinking when brain creatine runs low, as in sleep loss or ageing, but the dose "
            "that raises brain levels is still unknown."
        ),
    ),
    # Magnesium
    dict(
        pmid="23853635",
        slug="abbasi-2012-magnesium-insomnia",
        authors="Abbasi B, Kimiagar M, Sadeghniiat K, Shirazi MM, Hedayati M, Rashidkhani B",
        year=2012,
        title=(
            "The effect of magnesium supplementation on primary insomnia in elderly: A double-blind "
            "placebo-controlled clinical trial"
        ),
        journal="J Res Med Sci",
        design="rct",
        participants=46,
        population="Adults aged 60 to 75 with insomnia, Iran",
        funding="unknown",
        risk_of_bias="some_concerns",
        direction="benefit",
        finding=(
            "Eight weeks of 500 mg elemental magnesium improved insomnia scores, sleep time and sleep onset compared "
            "with placebo."
        ),
    ),
    dict(
        pmid="28445426",
        doi="10.3390/nu9050429",
        slug="boyle-2017-magnesium-anxiety",
        authors="Boyle NB, Lawton C, Dye L",
        year=2017,
        title="The Effects of Magnesium Supplementation on Subjective Anxiety and Stress-A Systematic Review",
        journal="Nutrients",
        design="systematic_review",
        participants=None,
        population="Adults prone to anxiety: mild anxiety, premenstrual syndrome, hypertension, after birth",
        funding="unknown",
        risk_of_bias="some_concerns",
        direction="mixed",
        finding="Eighteen studies hinted at less self-reported anxiety in some groups, but their quality was poor.",
    ),
    dict(
        pmid="33865376",
        doi="10.1186/s12906-021-03297-z",
        slug="mah-2021-magnesium-insomnia-meta-analysis",
        authors="Mah J, Pitre T",
        year=2021,
        title="Oral magnesium supplementation for insomnia in older adults: a Systematic Review & Meta-Analysis",
        journal="BMC Complement Med Ther",
        design="meta_analysis",
        participants=151,
        population="Older adults with insomnia",
        funding="unknown",
        risk_of_bias="some_concerns",
        direction="mixed",
        finding=(
            "Three small trials: sleep came about 17 minutes sooner, total sleep was not clearly longer, and the "
            "certainty was low to very low."
        ),
    ),
    # Casein hydrolysate
    dict(
        pmid="31252661",
        doi="10.3390/nu11071466",
        slug="kim-2019-casein-hydrolysate-sleep",
        authors="Kim HJ, Kim J, Lee S, Kim B, Kwon E, Lee JE, Chun MY, Lee CY, Boulier A, Oh S, Lee HW",
        year=2019,
        title=(
            "A Double-Blind, Randomized, Placebo-Controlled Crossover Clinical Study of the Effects of Alpha-s1 "
            "Casein Hydrolysate on Sleep Disturbance"
        ),
        journal="Nutrients",
        design="rct",
        participants=48,
        population="Adults with mild to moderate sleep disturbance, Korea",
        funding="mixed",
        risk_of_bias="some_concerns",
        direction="mixed",
        finding=(
            "Sleep diaries and wrist actigraphy improved on the hydrolysate, but questionnaire scores and "
            "laboratory sleep recordings did not differ from placebo."
        ),
    ),
    dict(
        pmid="",
        doi="10.1038/sj.ejcn.1602553",
        slug="kim-2007-casein-hydrolysate-stress",
        authors="Kim J, Desor D, Kim Y",
        year=2007,
        title="Efficacy of αs1-casein hydrolysate on stress-related symptoms in women",
        journal="Eur J Clin Nutr",
        design="rct",
        participants=63,
        population="Women with stress-related symptoms such as anxiety, poor sleep or fatigue",
        funding="mixed",
        risk_of_bias="some_concerns",
        direction="benefit",
        finding=(
            "In a placebo-controlled crossover trial, 150 mg a day for 30 days eased several groups of stress-related "
            "complaints, from digestive to emotional ones."
        ),
    ),
]

STUDIES = CEREBROLYSIN_STUDIES + PEPTIDE_STUDIES + SUPPLEMENT_STUDIES
