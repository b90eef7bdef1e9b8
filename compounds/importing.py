"""Importing compounds, their rows and their studies from JSON (see docs/imports.md).

Every file is checked whole before anything is written; any problem refuses the whole
import with every problem listed (file, item, field, reason), and nothing is saved.
The rows of one compound are read in `compounds/import_rows.py`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from reviews import services
from studies.importing import (
    Entry,
    ImportRefused,
    StudyRecord,
    find_existing,
    parse_study,
    read_json,
    report_invalid,
    save_studies,
    slug_problems,
)
from studies.models import Study

from . import import_rows, scoring
from .models import Area, Compound, EvidenceLink

__all__ = ["ImportRefused", "ImportResult", "import_compounds"]

TOP_KEYS = {"compounds", "profile", "fillers", "areas", "version", "_about"}
AREA_KEYS = {"name", "description"}
KINDS = [  # (words in the source's free text, our kind), first match wins
    ("prescription", Compound.Kind.PRESCRIPTION_DRUG),
    ("investigational", Compound.Kind.INVESTIGATIONAL),
    ("research", Compound.Kind.RESEARCH_PEPTIDE),
    ("peptide", Compound.Kind.RESEARCH_PEPTIDE),
    ("over-the-counter", Compound.Kind.OTC_DRUG),
    ("otc", Compound.Kind.OTC_DRUG),
    ("supplement", Compound.Kind.SUPPLEMENT),
]
FDA_STATUSES = {value: value for value in Compound.FdaStatus.values}
EVIDENCE_KEYS = {"score", "scale", "tier", "note"}
POOLED_KEYS = {"review", "studies"}
CYCLING = {value: value for value in Compound.Cycling.values} | {
    label.lower(): value for value, label in Compound.Cycling.choices
}
COMPOUND_KEYS = {
    "name",
    "slug",
    "other_names",
    "kind",
    "is_prescription",
    "class",
    "area",
    "approved_in",
    "regulatory_status",
    "fda_status",
    "manufacturer",
    "is_proprietary",
    "standard_dose",
    "summary",
    "what_it_is",
    "mechanism",
    "evidence",
    "evidence_score",
    "evidence_appraisal",
    "evidence_score_override",
    "evidence_override_reason",
    "timing",
    "cycle_min_days",
    "cycle_optimal_days",
    "cycle_note",
    "cycling",
    "dose_response",
    "higher_dose_note",
    "stacking_note",
    "no_known_adverse_effects_reason",
    "related",
    "studies",
    "pooled",
    *import_rows.ROW_KEYS,
    # Read by nobody: the tier follows from the score, review stamps only from a review
    # here, and "synthetic" is the benchmark file's own bookkeeping.
    "evidence_tier",
    "reviewed_by",
    "last_reviewed",
    "synthetic",
}
PLAIN_TEXT = ("other_names", "manufacturer", "standard_dose", "what_it_is", "mechanism", "timing")
PLAIN_TEXT += ("cycle_note", "stacking_note", "no_known_adverse_effects_reason", "dose_response", "higher_dose_note")


@dataclass
class Item:
    path: Path
    number: int
    where: str  # "FILE: item N (slug)", the start of each of its problems
    data: dict


@dataclass
class PlannedCompound:
    compound: Compound
    area_name: str
    path: Path
    where: str
    rows: import_rows.Rows
    study_refs: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    imported_score: int | None = None
    # (where, review, studies it pools), as references until resolved to study keys
    pooled: list[tuple[str, str, list[str]]] = field(default_factory=list)


@dataclass
class ImportResult:
    compounds: int
    studies_created: int
    studies_reused: int
    skipped: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def import_compounds(
    *paths: Path, by, skip_existing: bool = False, progress: Callable[[str], None] = lambda line: None
) -> ImportResult:
    """Check every item of every file, then save them all as drafts by `by`, or nothing.

    With `skip_existing`, a compound whose slug is already here is left alone (and not
    checked) instead of refusing the import.
    """
    if not by.has_perm("compounds.add_compound") or not by.has_perm("studies.add_study"):
        raise ImportRefused([f"{by.get_username()} may not add compounds and studies; only editors import them."])
    problems: list[str] = []
    items, area_notes = [], {}
    for path in map(Path, paths):
        data = read_json(path, problems)
        if data is not None:
            items.extend(_items(data, path, problems, area_notes))
    if problems:
        raise ImportRefused(problems)
    existing = set(Compound.objects.filter(slug__in=[_slug_of(i.data) for i in items]).values_list("slug", flat=True))
    plans, skipped, records, record_where = [], [], {}, {}
    slugs: dict[str, Item] = {}
    for item in items:
        if skip_existing and _slug_of(item.data) in existing:
            skipped.append(_slug_of(item.data))
            continue
        entry = Entry(item.data, item.where, problems, known=COMPOUND_KEYS)
        plan = _plan(entry, item.path, problems, records, record_where)
        slug, first = plan.compound.slug, slugs.get(plan.compound.slug)
        if slug and first:
            in_file = "" if first.path == item.path else f" of {first.path}"
            entry.problem("slug", f"“{slug}” is used by item {first.number}{in_file} too")
        elif slug in existing:
            entry.problem("slug", f"a compound “{slug}” already exists; rename it or remove the item")
        slugs.setdefault(slug, item)
        plans.append(plan)
    problems.extend(slug_problems(records, record_where))
    references = _resolve_references(plans, records, problems)
    related = _resolve_related(plans, problems)
    areas = _areas(plans, area_notes, problems)
    if problems:
        raise ImportRefused(problems)
    result = _save(plans, records, record_where, references, related, areas, by=by, progress=progress)
    result.skipped = skipped
    if any("reviewed_by" in item.data or "last_reviewed" in item.data for item in items):
        result.ignored.append(
            "Review stamps in the file (reviewed_by, last_reviewed) were not imported: "
            "only a reviewer's approval here stamps a page."
        )
    return result


def _items(data, path: Path, problems: list[str], area_notes: dict[str, str]) -> list["Item"]:
    """Each compound object of the file, from `compounds`, `profile` and `fillers` in that order."""
    before = len(problems)
    top = Entry.of(data, str(path), problems, known=TOP_KEYS)
    if top is None:
        return []
    for area in top.objects("areas", known=AREA_KEYS):
        area_notes.setdefault(area.text("name", required=True), area.text("description"))
    found = list(top.list("compounds"))
    if top.given("profile"):
        found.append(data["profile"])
    found.extend(top.list("fillers"))
    if not found and len(problems) == before:
        problems.append(f"{path}: no compounds found under 'compounds', 'profile' or 'fillers'")
    items = []
    for number, item in enumerate(found, 1):
        where = f"{path}: item {number}"
        if not isinstance(item, dict):
            problems.append(f"{where}: must be an object")
            continue
        label = next((v for v in (item.get("slug"), item.get("name")) if isinstance(v, str) and v.strip()), "unnamed")
        items.append(Item(path, number, f"{where} ({label})", item))
    return items


def _slug_of(item: dict) -> str:
    slug, name = item.get("slug"), item.get("name")
    if isinstance(slug, str) and slug.strip():
        return slug.strip()
    return slugify(name) if isinstance(name, str) else ""


def _kind(entry: Entry, prescription: bool):
    words = entry.text("kind").lower() or ("prescription drug" if prescription else "supplement")
    if words in Compound.Kind.values:
        return words
    found = next((kind for needle, kind in KINDS if needle in words), None)
    if found is None:
        entry.problem("kind", f"“{words}” is not one we know; use one of {', '.join(Compound.Kind.values)}")
    return found


def _either(entry: Entry, key: str, alias: str) -> str:
    if entry.given(key) and entry.given(alias):
        entry.problem(alias, f"give {key} or {alias}, not both")
    return entry.text(key) or entry.text(alias)


def _plan(entry: Entry, path: Path, problems, records, record_where) -> PlannedCompound:
    where = entry.where
    prescription = entry.flag("is_prescription")
    default_status = Compound.FdaStatus.NOT_APPROVED if prescription else Compound.FdaStatus.SUPPLEMENT
    compound = Compound(
        name=entry.text("name", required=True),
        kind=_kind(entry, prescription),
        drug_class=entry.text("class", required=True),
        approved_in=_either(entry, "approved_in", "regulatory_status"),
        fda_status=entry.choice("fda_status", FDA_STATUSES, default=default_status),
        summary=entry.text("summary", required=True),
        cycle_min_days=entry.whole_number("cycle_min_days"),
        cycle_optimal_days=entry.whole_number("cycle_optimal_days"),
        cycling=entry.choice("cycling", CYCLING, default="", required=False),
        evidence_score_override=entry.whole_number("evidence_score_override"),
        evidence_override_reason=entry.text("evidence_override_reason"),
        # Absent: not known, which is not the same as false.
        is_proprietary=entry.flag("is_proprietary") if entry.given("is_proprietary") else None,
        **{name: entry.text(name) for name in PLAIN_TEXT},
    )
    compound.slug = entry.text("slug") or slugify(compound.name)
    if not compound.slug and compound.name:
        entry.problem("slug", f"the name “{compound.name}” gives no page address; add a slug")
    if compound.no_known_adverse_effects_reason and any(entry.data.get(key) for key in import_rows.ADVERSE_KEYS):
        entry.problem(
            "no_known_adverse_effects_reason", "give side effects or cautions, or a reason none are known, not both"
        )
    area = entry.text("area", required=True)
    plan = PlannedCompound(compound, area, path, where, import_rows.plan(entry))
    _plan_evidence(entry, plan)
    report_invalid(compound, where, problems, exclude=["area"] if compound.slug else ["area", "slug"])
    plan.related = entry.texts("related")
    for row in entry.objects("pooled", known=POOLED_KEYS):
        review = row.identifier("review")
        if not review:
            row.problem("review", "missing; the PubMed ID or DOI of a meta-analysis or systematic review")
        given = row.data.get("studies")
        refs = [str(ref) for ref in row.list("studies") if isinstance(ref, str | int) and not isinstance(ref, bool)]
        if isinstance(given, list) and (len(refs) != len(given) or not refs):
            row.problem("studies", "must be a list of the PubMed IDs or DOIs of the studies it pools")
        elif given is None:
            row.problem("studies", "missing; the PubMed IDs or DOIs of the cited studies it pools")
        if review:
            plan.pooled.append((row.where, import_rows.reference(review), [import_rows.reference(r) for r in refs]))
    for number, item in enumerate(entry.list("studies"), 1):
        at = f"{where} studies[{number}]"
        if isinstance(item, str | int) and not isinstance(item, bool):
            plan.study_refs.append(import_rows.reference(str(item)))
            continue
        record = parse_study(item, at, problems)
        if record is None:
            continue
        if record.key in records and records[record.key].fields != record.fields:
            problems.append(f"{at}: {record.key.replace(':', ' ')} is given differently in {record_where[record.key]}")
        records.setdefault(record.key, record)
        record_where.setdefault(record.key, at)
        plan.study_refs.append(record.key)
    return plan


def _plan_evidence(entry: Entry, plan: PlannedCompound) -> None:
    compound = plan.compound
    evidence = None
    if entry.given("evidence"):
        evidence = Entry.of(entry.data["evidence"], f"{entry.where} evidence", entry.problems, known=EVIDENCE_KEYS)
    compound.evidence_appraisal = entry.text("evidence_appraisal")
    score = entry.whole_number("evidence_score")
    if evidence is not None:
        if evidence.given("note") and compound.evidence_appraisal:
            evidence.problem("note", "give evidence.note or evidence_appraisal, not both")
        compound.evidence_appraisal = compound.evidence_appraisal or evidence.text("note")
        if evidence.given("score") and score is not None:
            evidence.problem("score", "give evidence.score or evidence_score, not both")
        score = evidence.whole_number("score") if score is None else score
        scale = evidence.whole_number("scale")
        if scale not in (None, scoring.MAX_SCORE):
            evidence.problem("scale", f"scores here are out of {scoring.MAX_SCORE}, not {scale}")
    if score is not None and not scoring.MIN_SCORE <= score <= scoring.MAX_SCORE:
        entry.problem(
            "evidence_score", f"{score} is not a whole number from {scoring.MIN_SCORE} to {scoring.MAX_SCORE}"
        )
        score = None
    if score is not None and compound.evidence_score_override is not None:
        entry.problem("evidence_score_override", "give an imported score or an override with its reason, not both")
    plan.imported_score = score


def _resolve_references(plans: list[PlannedCompound], records: dict[str, StudyRecord], problems) -> dict[str, Study]:
    """Studies named by PMID or DOI alone: one given in full elsewhere in the import, or one already here."""
    aliases = {}
    for key, record in records.items():
        for name in ("pmid", "doi"):
            if record.fields.get(name):
                aliases[f"{name}:{record.fields[name]}"] = key
    wanted = {ref for plan in plans for ref in plan.study_refs if ref not in records and ref not in aliases}
    lookups = [StudyRecord(ref, {ref.split(":")[0]: ref.split(":", 1)[1]}) for ref in wanted]
    found = find_existing(lookups)
    for plan in plans:
        resolved = []
        for ref in plan.study_refs:
            ref = aliases.get(ref, ref)
            if ref not in records and ref not in found:
                problems.append(f"{plan.where} studies: {ref.replace(':', ' ')} is neither in the file nor here")
            elif ref in resolved:
                problems.append(f"{plan.where} studies: {ref.replace(':', ' ')} is listed twice")
            else:
                resolved.append(ref)
        plan.study_refs = resolved
        plan.rows.resolve_verdict_studies(resolved, aliases)
        _resolve_pooled(plan, aliases, records, found, problems)
    return found


def _design(key: str, records: dict[str, StudyRecord], found: dict[str, Study]) -> str:
    return records[key].fields.get("design", "") if key in records else found[key].design


def _resolve_pooled(plan: PlannedCompound, aliases, records, found, problems) -> None:
    """Each `pooled` entry names a review and the primary studies it pools, all among the compound's studies."""
    resolved, reviews = [], set()
    for where, review, pooled in plan.pooled:
        review = aliases.get(review, review)
        if review not in plan.study_refs:
            problems.append(f"{where} review: {review.replace(':', ' ')} is not among this compound's studies")
            continue
        if review in reviews:
            problems.append(f"{where} review: {review.replace(':', ' ')} is given twice; list all it pools once")
        reviews.add(review)
        if _design(review, records, found) not in scoring.POOLED:
            problems.append(f"{where} review: {review.replace(':', ' ')} is not a meta-analysis or systematic review")
        keys = []
        for ref in pooled:
            key = aliases.get(ref, ref)
            if key not in plan.study_refs:
                problems.append(f"{where} studies: {ref.replace(':', ' ')} is not among this compound's studies")
            elif _design(key, records, found) not in Study.PRIMARY_HUMAN_DESIGNS:
                problems.append(f"{where} studies: {ref.replace(':', ' ')} is not a primary study in people")
            else:
                keys.append(key)
        resolved.append((where, review, keys))
    plan.pooled = resolved


def _resolve_related(plans: list[PlannedCompound], problems) -> dict[str, Compound]:
    named = {slug for plan in plans for slug in plan.related}
    here = {c.slug: c for c in Compound.objects.filter(slug__in=named)}
    importing = {plan.compound.slug for plan in plans}
    for plan in plans:
        for slug in plan.related:
            if slug not in here and slug not in importing:
                problems.append(f"{plan.where} related: no compound “{slug}” here or in the import")
    return here


def _areas(plans: list[PlannedCompound], notes: dict[str, str], problems) -> dict[str, Area]:
    """Each area by name: the one here with its slug, or a new one checked like any row."""
    areas = {}
    for plan in plans:
        name = plan.area_name
        if not name or name in areas:
            continue
        area = Area.objects.filter(slug=slugify(name)).first() or Area.objects.filter(name=name).first()
        if area is None:
            area = Area(name=name, slug=slugify(name), description=notes.get(name, ""))
            report_invalid(area, f"{plan.where} area", problems, exclude=["slug"])
            if not area.slug:
                problems.append(f"{plan.where} area: the name “{name}” gives no page address")
        areas[name] = area
    return areas


@transaction.atomic
def _save(plans, records, record_where, references, related, areas, *, by, progress) -> ImportResult:
    studies, created, reused = {}, 0, 0
    for path in dict.fromkeys(plan.path for plan in plans):
        from_file = [record for key, record in records.items() if record_where[key].startswith(f"{path}: ")]
        saved, new, old = save_studies(from_file, by=by, comment=f"Imported from {path.name}")
        studies, created, reused = studies | saved, created + new, reused + old
    studies |= references
    for area in areas.values():
        if area.pk is None:
            area.save()
    for plan in plans:
        plan.compound.area = areas[plan.area_name]
    # Every compound gets its row first, with no revision, so that any compound can name
    # any other as related; each one's single revision below then holds it complete.
    Compound.objects.bulk_create([plan.compound for plan in plans])
    related |= {plan.compound.slug: plan.compound for plan in plans}
    for number, plan in enumerate(plans, 1):
        compound = plan.compound
        linked = [studies[key] for key in plan.study_refs]
        computed = scoring.assess(linked).score
        if plan.imported_score is not None and plan.imported_score != computed:
            compound.evidence_score_override = plan.imported_score
            compound.evidence_override_reason = (
                f"Imported score from {plan.path.name}; the rubric computes {computed} from the linked studies."
            )
        with services.drafting(by=by, comment=f"Imported from {plan.path.name}"):
            if plan.related:
                compound.related_compounds.set([related[slug] for slug in plan.related])
            links = EvidenceLink.objects.bulk_create(
                EvidenceLink(compound=compound, study=study, position=n) for n, study in enumerate(linked, 1)
            )
            by_study = {link.study_id: link for link in links}
            for _where, review, pooled in plan.pooled:
                by_study[studies[review].pk].pools.set([studies[key] for key in pooled])
            plan.rows.save(compound, studies)
            compound.save()  # last, so its revision follows every row as saved
        if number % 25 == 0 or number == len(plans):
            progress(f"Imported {number} of {len(plans)} compounds")
    return ImportResult(len(plans), created, reused)
