"""Importing compounds, their rows and their studies from JSON (see docs/imports.md).

The whole file is checked before anything is written; any problem refuses the whole
import with every problem listed (item, field, reason), and nothing is saved.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from studies.importing import StudyRecord, parse_study, save_studies

from . import scoring
from .models import (
    Area,
    Caution,
    Compound,
    DosingProtocol,
    EvidenceLink,
    FaqEntry,
    KeyTakeaway,
    SideEffect,
    Verdict,
)

KINDS = [  # (words in the source's free text, our kind), first match wins
    ("prescription", Compound.Kind.PRESCRIPTION_DRUG),
    ("investigational", Compound.Kind.INVESTIGATIONAL),
    ("research", Compound.Kind.RESEARCH_PEPTIDE),
    ("peptide", Compound.Kind.RESEARCH_PEPTIDE),
    ("over-the-counter", Compound.Kind.OTC_DRUG),
    ("otc", Compound.Kind.OTC_DRUG),
    ("supplement", Compound.Kind.SUPPLEMENT),
]
VERDICTS = {
    "benefit": Verdict.Finding.BENEFIT,
    "clear benefit": Verdict.Finding.BENEFIT,
    "weak signal": Verdict.Finding.BENEFIT,
    "no benefit": Verdict.Finding.NO_BENEFIT,
    "no clear benefit": Verdict.Finding.NO_BENEFIT,
    "harm": Verdict.Finding.HARM,
    "mixed": Verdict.Finding.MIXED,
    "uncertain": Verdict.Finding.INSUFFICIENT,
    "insufficient": Verdict.Finding.INSUFFICIENT,
}
# A source verdict of "weak signal" is a benefit on low-quality evidence.
VERDICT_QUALITY = {"weak signal": Verdict.Quality.LOW}
ROUTES = [
    ("intravenous", DosingProtocol.Route.INTRAVENOUS),
    ("infusion", DosingProtocol.Route.INTRAVENOUS),
    ("intramuscular", DosingProtocol.Route.INTRAMUSCULAR),
    ("subcutaneous", DosingProtocol.Route.SUBCUTANEOUS),
    ("intranasal", DosingProtocol.Route.INTRANASAL),
    ("nasal", DosingProtocol.Route.INTRANASAL),
    ("sublingual", DosingProtocol.Route.SUBLINGUAL),
    ("oral", DosingProtocol.Route.ORAL),
    ("mouth", DosingProtocol.Route.ORAL),
    ("topical", DosingProtocol.Route.TOPICAL),
]
BASES = {
    "clinical": DosingProtocol.Basis.CLINICAL_TRIAL,
    "clinical_trial": DosingProtocol.Basis.CLINICAL_TRIAL,
    "label": DosingProtocol.Basis.LABEL,
    "community": DosingProtocol.Basis.COMMUNITY,
}
UNITS = {unit.lower(): unit for unit in DosingProtocol.Unit.values} | {"µg": "mcg", "ug": "mcg", "ml": "mL", "iu": "IU"}
DOSE = re.compile(
    r"^\s*(?P<low>-?\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(?P<high>\d+(?:\.\d+)?))?\s*(?P<unit>mcg/kg|mg/kg|mcg|µg|ug|mg|g|ml|iu|drops|cfu)\b[,;]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)


class ImportRefused(Exception):
    """The file cannot be imported; `problems` lists every reason, one per line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class PlannedCompound:
    compound: Compound
    area_name: str
    rows: dict[str, list] = field(default_factory=dict)
    study_keys: list[str] = field(default_factory=list)
    verdict_studies: list[list[str]] = field(default_factory=list)
    imported_score: int | None = None


@dataclass
class ImportResult:
    compounds: int
    studies_created: int
    studies_reused: int
    ignored: list[str]


def load(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ImportRefused([f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}"]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportRefused([f"{path}: cannot be read: {exc}"]) from exc


def items_of(data, path: Path) -> list[dict]:
    if not isinstance(data, dict):
        raise ImportRefused([f"{path}: the top level must be an object with 'compounds', 'profile' or 'fillers'"])
    items = list(data.get("compounds", []))
    if "profile" in data:
        items.append(data["profile"])
    items.extend(data.get("fillers", []))
    if not items:
        raise ImportRefused([f"{path}: no compounds found under 'compounds', 'profile' or 'fillers'"])
    return items


def import_compounds(path: Path, *, by, progress: Callable[[str], None] = lambda line: None) -> ImportResult:
    """Check every item of `path`, then save them all as drafts, or nothing."""
    path = Path(path)
    items = items_of(load(path), path)
    problems, plans, studies = [], [], {}
    slugs_in_file: dict[str, int] = {}
    existing = set(
        Compound.objects.filter(slug__in=[_slug_of(i) for i in items if isinstance(i, dict)]).values_list(
            "slug", flat=True
        )
    )
    for number, item in enumerate(items, 1):
        where = f"{path}: item {number}"
        if not isinstance(item, dict):
            problems.append(f"{where}: must be an object")
            continue
        where += f" ({item.get('slug') or item.get('name') or 'unnamed'})"
        item_problems = []
        plan = _plan(item, where, item_problems, studies)
        slug = plan.compound.slug if plan else _slug_of(item)
        if slug in slugs_in_file:
            item_problems.append(f"{where} slug: “{slug}” is used by item {slugs_in_file[slug]} too")
        elif slug in existing:
            item_problems.append(f"{where} slug: a compound “{slug}” already exists; rename it or remove the item")
        slugs_in_file.setdefault(slug, number)
        problems.extend(item_problems)
        if plan and not item_problems:
            plans.append(plan)
    if problems:
        raise ImportRefused(problems)
    result = _save(plans, studies, path=path, by=by, progress=progress)
    if any("reviewed_by" in item or "last_reviewed" in item for item in items):
        result.ignored.append(
            "Review stamps in the file (reviewed_by, last_reviewed) were not imported: "
            "only a reviewer's approval here stamps a page."
        )
    return result


def _slug_of(item: dict) -> str:
    return item.get("slug") or slugify(item.get("name", ""))


def _text(item, key, where, problems, *, required=False) -> str:
    value = item.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.append(f"{where} {key}: must be text")
        return ""
    if required and not value.strip():
        problems.append(f"{where} {key}: missing")
    return value.strip()


def _choice(value: str, table, where: str, key: str, problems: list[str]):
    words = (value or "").strip().lower()
    if isinstance(table, dict):
        if words in table:
            return table[words]
    else:
        for needle, choice in table:
            if needle in words:
                return choice
    problems.append(f"{where} {key}: “{value}” is not one we know")
    return None


def _clean(obj, where: str, problems: list[str], exclude=()) -> None:
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            label = "" if name == "__all__" else f" {name}"
            problems.extend(f"{where}{label}: {message}" for message in messages)


def _plan(item: dict, where: str, problems: list[str], studies: dict) -> PlannedCompound | None:
    name = _text(item, "name", where, problems, required=True)
    kind_text = _text(item, "kind", where, problems) or (
        "prescription drug" if item.get("is_prescription") else "supplement"
    )
    compound = Compound(
        name=name,
        slug=_slug_of(item),
        kind=_choice(kind_text, KINDS, where, "kind", problems),
        drug_class=_text(item, "class", where, problems, required=True),
        approved_in=_text(item, "regulatory_status", where, problems)[:300],
        fda_status=Compound.FdaStatus.NOT_APPROVED if item.get("is_prescription") else Compound.FdaStatus.SUPPLEMENT,
        manufacturer=_text(item, "manufacturer", where, problems),
        standard_dose=_text(item, "standard_dose", where, problems)[:300],
        summary=_text(item, "summary", where, problems, required=True),
        mechanism=_text(item, "mechanism", where, problems),
        cycle_note=_text(item, "cycle_note", where, problems),
    )
    area_name = _text(item, "area", where, problems, required=True)
    evidence = item.get("evidence") or {}
    if not isinstance(evidence, dict):
        problems.append(f"{where} evidence: must be an object")
        evidence = {}
    compound.evidence_appraisal = evidence.get("note", "") or ""
    imported_score = evidence.get("score", item.get("evidence_score"))
    if imported_score is not None and (not isinstance(imported_score, int) or not 0 <= imported_score <= 10):
        problems.append(f"{where} evidence score: {imported_score!r} is not a whole number from 0 to 10")
        imported_score = None
    plan = PlannedCompound(compound, area_name, imported_score=imported_score)
    _clean(compound, where, problems, exclude=["area", "kind"] if compound.kind is None else ["area"])
    plan.rows = _plan_rows(item, where, problems)
    for number, study_item in enumerate(item.get("studies", []) or [], 1):
        record = parse_study(study_item, f"{where} studies[{number}]", problems)
        if record:
            studies.setdefault(record.key, record)
            plan.study_keys.append(record.key)
    return plan


def _list(item, key, where, problems) -> list[dict]:
    rows = item.get(key, []) or []
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        problems.append(f"{where} {key}: must be a list of objects")
        return []
    return rows


def _plan_rows(item: dict, where: str, problems: list[str]) -> dict[str, list]:
    rows = {"verdicts": [], "dosing": [], "side_effects": [], "cautions": [], "faq": [], "takeaways": []}
    for n, row in enumerate(_list(item, "verdicts", where, problems), 1):
        at = f"{where} verdicts[{n}]"
        label = _text(row, "verdict", at, problems, required=True)
        verdict = Verdict(
            position=n,
            outcome=_text(row, "outcome", at, problems, required=True),
            verdict=_choice(label, VERDICTS, at, "verdict", problems),
            quality=VERDICT_QUALITY.get(label.lower(), row.get("quality") or Verdict.Quality.LOW),
            note=_text(row, "note", at, problems),
        )
        _clean(verdict, at, problems, exclude=["compound"])
        rows["verdicts"].append(verdict)
    for n, row in enumerate(_list(item, "dosing", where, problems), 1):
        rows["dosing"].append(_plan_dose(row, f"{where} dosing[{n}]", n, problems))
    for n, row in enumerate(_list(item, "side_effects", where, problems), 1):
        at = f"{where} side_effects[{n}]"
        effect = SideEffect(
            position=n,
            name=_text(row, "name", at, problems, required=True),
            frequency=_choice(
                row.get("frequency", ""), {f: f for f in SideEffect.Frequency.values}, at, "frequency", problems
            ),
            note=_text(row, "note", at, problems),
            tip=_text(row, "tip", at, problems)[:300],
        )
        _clean(effect, at, problems, exclude=["compound"])
        rows["side_effects"].append(effect)
    for n, row in enumerate(_list(item, "interactions", where, problems), 1):
        at = f"{where} interactions[{n}]"
        caution = Caution(
            position=n,
            kind=_choice(row.get("kind", "caution"), {k: k for k in Caution.Kind.values}, at, "kind", problems),
            name=_text(row, "name", at, problems, required=True),
            note=_text(row, "note", at, problems),
        )
        _clean(caution, at, problems, exclude=["compound"])
        rows["cautions"].append(caution)
    for n, row in enumerate(_list(item, "faq", where, problems), 1):
        at = f"{where} faq[{n}]"
        entry = FaqEntry(
            position=n,
            question=_text(row, "question", at, problems, required=True),
            answer=_text(row, "answer", at, problems, required=True),
        )
        _clean(entry, at, problems, exclude=["compound"])
        rows["faq"].append(entry)
    takeaways = item.get("key_takeaways", []) or []
    if not isinstance(takeaways, list) or not all(isinstance(t, str) for t in takeaways):
        problems.append(f"{where} key_takeaways: must be a list of sentences")
        takeaways = []
    for n, text in enumerate(takeaways, 1):
        takeaway = KeyTakeaway(position=n, text=text.strip())
        _clean(takeaway, f"{where} key_takeaways[{n}]", problems, exclude=["compound"])
        rows["takeaways"].append(takeaway)
    return rows


def _plan_dose(row: dict, at: str, position: int, problems: list[str]) -> DosingProtocol:
    dose_text = _text(row, "dose", at, problems, required=True)
    route_text = _text(row, "route", at, problems, required=True)
    route = next((choice for needle, choice in ROUTES if needle in route_text.lower()), DosingProtocol.Route.OTHER)
    notes = [] if route != DosingProtocol.Route.OTHER else [f"Route: {route_text}"]
    match = DOSE.match(dose_text)
    if match:
        low, high = Decimal(match["low"]), Decimal(match["high"] or match["low"])
        unit, frequency = UNITS[match["unit"].lower()], match["rest"]
    else:
        low = high = None
        unit, frequency = "", ""
        notes.insert(0, dose_text)
    dosing = DosingProtocol(
        position=position,
        use=_text(row, "condition", at, problems, required=True),
        dose_min=low,
        dose_max=high,
        unit=unit,
        route=route,
        frequency=frequency[:120],
        duration=_text(row, "duration", at, problems)[:200],
        basis=_choice(row.get("basis", ""), BASES, at, "basis", problems),
        note="; ".join(notes)[:300],
    )
    _clean(dosing, at, problems, exclude=["compound"])
    return dosing


@transaction.atomic
def _save(plans: list[PlannedCompound], records: dict[str, StudyRecord], *, path: Path, by, progress) -> ImportResult:
    saved_studies, created, reused = save_studies(records.values(), by=by, comment=f"Imported from {path.name}")
    areas = {}
    for number, plan in enumerate(plans, 1):
        compound = plan.compound
        if plan.area_name not in areas:
            areas[plan.area_name] = Area.objects.get_or_create(
                slug=slugify(plan.area_name), defaults={"name": plan.area_name}
            )[0]
        compound.area = areas[plan.area_name]
        linked = [saved_studies[key] for key in dict.fromkeys(plan.study_keys)]
        computed = scoring.assess(linked).score
        if plan.imported_score is not None and plan.imported_score != computed:
            compound.evidence_score_override = plan.imported_score
            compound.evidence_override_reason = (
                f"Imported score from {path.name}; the rubric computes {computed} from the linked studies."
            )
        with reversion.create_revision(atomic=False):
            compound.save()
            for model_rows in plan.rows.values():
                for row in model_rows:
                    row.compound = compound
                    row.save()
            EvidenceLink.objects.bulk_create(
                EvidenceLink(compound=compound, study=study, position=n) for n, study in enumerate(linked, 1)
            )
            for link in compound.evidence_links.all():
                reversion.add_to_revision(link)
            reversion.set_comment(f"Imported from {path.name}")
        if number % 25 == 0 or number == len(plans):
            progress(f"Imported {number} of {len(plans)} compounds")
    return ImportResult(len(plans), created, reused, ignored=[])
