"""Study records arriving with imported compounds and articles.

An imported study is matched by PubMed ID (or DOI) and an existing one is reused,
never overwritten: other pages cite it as it is.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from reviews import services

from .models import Study, normalise_doi, validate_doi, validate_pmid

DESIGNS = {
    "meta-analysis": Study.Design.META_ANALYSIS,
    "meta analysis": Study.Design.META_ANALYSIS,
    "systematic review": Study.Design.SYSTEMATIC_REVIEW,
    "rct": Study.Design.RCT,
    "randomised controlled trial": Study.Design.RCT,
    "randomized controlled trial": Study.Design.RCT,
    "non-randomised trial": Study.Design.NON_RANDOMISED,
    "non-randomized trial": Study.Design.NON_RANDOMISED,
    "observational": Study.Design.OBSERVATIONAL,
    "case report": Study.Design.CASE_REPORT,
    "review": Study.Design.NARRATIVE_REVIEW,
    "narrative review": Study.Design.NARRATIVE_REVIEW,
    "animal": Study.Design.ANIMAL,
    "in vitro": Study.Design.IN_VITRO,
}
FUNDING = {value: value for value in Study.Funding.values} | {"sponsored": Study.Funding.INDUSTRY}


@dataclass
class StudyRecord:
    key: str
    fields: dict = field(default_factory=dict)


def parse_study(item, where: str, problems: list[str]) -> StudyRecord | None:
    """Check one study object of an import; None (with `problems` filled) if it is wrong."""
    if not isinstance(item, dict):
        problems.append(f"{where}: must be an object")
        return None
    pmid = str(item.get("pmid") or "").strip()
    doi = normalise_doi(str(item.get("doi") or ""))
    found = len(problems)
    for value, validator, label in ((pmid, validate_pmid, "pmid"), (doi, validate_doi, "doi")):
        if value:
            try:
                validator(value)
            except ValidationError as exc:
                problems.append(f"{where} {label}: {exc.messages[0]}")
    if not (pmid or doi):
        problems.append(f"{where}: needs a pmid or a doi")
    design = str(item.get("design") or "").strip().lower()
    if design and design not in DESIGNS:
        problems.append(f"{where} design: “{item.get('design')}” is not one we know ({', '.join(sorted(DESIGNS))})")
    funding = str(item.get("funding") or "unknown").strip().lower()
    if funding not in FUNDING:
        problems.append(f"{where} funding: “{item.get('funding')}” is not one of {', '.join(sorted(FUNDING))}")
    year, participants = item.get("year"), item.get("participants")
    for value, label in ((year, "year"), (participants, "participants")):
        if value is not None and not isinstance(value, int):
            problems.append(f"{where} {label}: must be a whole number")
    fields = {
        "pmid": pmid,
        "doi": doi,
        "title": str(item.get("title") or "").strip(),
        "authors": str(item.get("authors") or item.get("first_author") or "").strip(),
        "journal": str(item.get("journal") or "").strip(),
        "year": year if isinstance(year, int) else None,
        "design": DESIGNS.get(design, ""),
        "participants": participants if isinstance(participants, int) else None,
        "funding": FUNDING.get(funding, Study.Funding.UNKNOWN),
        "finding": str(item.get("finding") or "").strip(),
    }
    if len(problems) == found:
        study = Study(slug="placeholder-for-validation", **fields)
        try:
            study.full_clean(exclude=["slug"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            problems.extend(f"{where} {name}: {m}" for name, ms in exc.message_dict.items() for m in ms)
    if len(problems) > found:
        return None
    return StudyRecord(key=f"pmid:{pmid}" if pmid else f"doi:{doi}", fields=fields)


def save_studies(records, *, by, comment: str) -> tuple[dict[str, Study], int, int]:
    """Reuse studies already here (by PMID, then DOI), create the rest as drafts by `by`.

    Returns the studies by record key, how many were created and how many reused.
    Each new study is its own revision, written through `reviews.services.save_draft`.
    """
    records = list(records)
    pmids = [r.fields["pmid"] for r in records if r.fields.get("pmid")]
    dois = [r.fields["doi"] for r in records if r.fields.get("doi")]
    by_pmid = {s.pmid: s for s in Study.objects.filter(pmid__in=pmids)}
    by_doi = {s.doi: s for s in Study.objects.filter(doi__in=dois)}
    result, created = {}, 0
    for record in records:
        fields = dict(record.fields)
        pmid, doi = fields.get("pmid"), fields.get("doi")
        study = (pmid and by_pmid.get(pmid)) or (doi and by_doi.get(doi)) or None
        if study is None:
            slug = fields.pop("slug", "") or ""
            if not slug or Study.objects.filter(slug=slug).exists():
                first_author = (fields.get("authors") or "").split(" ")[0] or "study"
                slug = Study.unique_slug(f"{first_author} {fields.get('year') or ''} {fields.get('pmid') or ''}")
            study = Study(slug=slug, **fields)
            services.save_draft(study, by=by, comment=comment)
            created += 1
            if pmid:
                by_pmid[pmid] = study
            if doi:
                by_doi[doi] = study
        result[record.key] = study
    return result, created, len(records) - created
