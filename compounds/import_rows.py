"""The rows of one imported compound: verdicts, dosing, side effects and the rest.

Each row is built unsaved and checked with `full_clean()`, so its limits are the model
fields' own; `compounds.importing` saves them once the whole import has passed.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from studies.importing import Entry, report_invalid
from studies.models import normalise_doi

from .models import (
    Caution,
    CompoundForm,
    DosingProtocol,
    FaqEntry,
    KeyTakeaway,
    MechanismStep,
    SideEffect,
    SkipItem,
    Verdict,
)

ROW_KEYS = {
    "mechanism_steps",
    "verdicts",
    "dosing",
    "forms",
    "side_effects",
    "cautions",
    "interactions",
    "skip_items",
    "faq",
    "key_takeaways",
}
# The rows that say what harm a compound can do; a compound with none says why instead.
ADVERSE_KEYS = ("side_effects", "cautions", "interactions")
VERDICTS = {value: value for value in Verdict.Finding.values} | {
    "clear benefit": Verdict.Finding.BENEFIT,
    "weak signal": Verdict.Finding.BENEFIT,  # a benefit on low-quality evidence
    "no benefit": Verdict.Finding.NO_BENEFIT,
    "no clear benefit": Verdict.Finding.NO_BENEFIT,
    "uncertain": Verdict.Finding.INSUFFICIENT,
}
QUALITIES = {value: value for value in Verdict.Quality.values} | {"very low": Verdict.Quality.VERY_LOW}
ROUTES = [  # (words in the source's free text, our route), first match wins
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
BASES = {value: value for value in DosingProtocol.Basis.values} | {
    "clinical": DosingProtocol.Basis.CLINICAL_TRIAL,
    "community practice": DosingProtocol.Basis.COMMUNITY,
}
UNITS = {unit.lower(): unit for unit in DosingProtocol.Unit.values} | {"µg": "mcg", "ug": "mcg"}
DOSE = re.compile(
    r"^\s*(?P<low>-?\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(?P<high>\d+(?:\.\d+)?))?\s*(?P<unit>mcg/kg|mg/kg|mcg|µg|ug|mg|g|ml|iu|drops|cfu)\b[,;]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
ADVICE = {value: value for value in CompoundForm.Advice.values}
FREQUENCIES = {value: value for value in SideEffect.Frequency.values}
CAUTION_KINDS = {value: value for value in Caution.Kind.values}
STEP_KEYS = {"title", "text"}
VERDICT_KEYS = {"outcome", "verdict", "quality", "note", "studies"}
DOSING_KEYS = {"use", "condition", "dose", "dose_min", "dose_max", "unit", "route", "frequency", "duration"}
DOSING_KEYS |= {"basis", "note"}
FORM_KEYS = {"name", "advice", "note"}
SIDE_EFFECT_KEYS = {"name", "frequency", "note", "tip"}
CAUTION_KEYS = {"kind", "name", "note"}
SKIP_KEYS = {"title", "text"}
FAQ_KEYS = {"question", "answer"}


@dataclass
class Rows:
    """A compound's checked, unsaved rows, and the studies each verdict names."""

    entry: Entry
    rows: list = field(default_factory=list)
    verdict_refs: list[tuple[Verdict, str, list[str]]] = field(default_factory=list)

    def add(self, row, where: str) -> None:
        report_invalid(row, where, self.entry.problems, exclude=["compound"])
        self.rows.append(row)

    def resolve_verdict_studies(self, compound_studies: list[str], aliases: dict[str, str]) -> None:
        """A verdict may only name studies its compound lists (by PMID or DOI)."""
        resolved = []
        for verdict, where, refs in self.verdict_refs:
            keys = []
            for ref in refs:
                key = aliases.get(reference(ref), reference(ref))
                if key not in compound_studies:
                    self.entry.problems.append(f"{where} studies: “{ref}” is not among this compound's studies")
                keys.append(key)
            resolved.append((verdict, where, keys))
        self.verdict_refs = resolved

    def save(self, compound, studies: dict) -> None:
        by_model = {}
        for row in self.rows:
            row.compound = compound
            by_model.setdefault(type(row), []).append(row)
        for model, rows in by_model.items():
            model.objects.bulk_create(rows)
        for verdict, _where, keys in self.verdict_refs:
            verdict.studies.set([studies[key] for key in keys])


def reference(identifier: str) -> str:
    identifier = identifier.strip()
    return f"pmid:{identifier}" if identifier.isdigit() else f"doi:{normalise_doi(identifier)}"


def plan(entry: Entry) -> Rows:
    rows = Rows(entry)
    for n, row in enumerate(entry.objects("mechanism_steps", known=STEP_KEYS), 1):
        rows.add(MechanismStep(position=n, title=row.text("title", required=True), text=row.text("text")), row.where)
    for n, row in enumerate(entry.objects("verdicts", known=VERDICT_KEYS), 1):
        verdict = Verdict(
            position=n,
            outcome=row.text("outcome", required=True),
            verdict=row.choice("verdict", VERDICTS),
            quality=row.choice("quality", QUALITIES, default=Verdict.Quality.LOW),
            note=row.text("note"),
        )
        rows.add(verdict, row.where)
        refs = [str(ref) for ref in row.list("studies") if isinstance(ref, str | int) and not isinstance(ref, bool)]
        if len(refs) != len(row.list("studies")):
            row.problem("studies", "must be a list of PubMed IDs or DOIs")
        rows.verdict_refs.append((verdict, row.where, refs))
    for n, row in enumerate(entry.objects("dosing", known=DOSING_KEYS), 1):
        rows.add(_dose(row, n), row.where)
    for n, row in enumerate(entry.objects("forms", known=FORM_KEYS), 1):
        form = CompoundForm(
            position=n, name=row.text("name", required=True), advice=row.choice("advice", ADVICE), note=row.text("note")
        )
        rows.add(form, row.where)
    for n, row in enumerate(entry.objects("side_effects", known=SIDE_EFFECT_KEYS), 1):
        effect = SideEffect(
            position=n,
            name=row.text("name", required=True),
            frequency=row.choice("frequency", FREQUENCIES),
            note=row.text("note"),
            tip=row.text("tip"),
        )
        rows.add(effect, row.where)
    if entry.given("cautions") and entry.given("interactions"):
        entry.problem("interactions", "give cautions or interactions, not both")
    cautions = entry.objects("cautions", known=CAUTION_KEYS) + entry.objects("interactions", known=CAUTION_KEYS)
    for n, row in enumerate(cautions, 1):
        caution = Caution(
            position=n,
            kind=row.choice("kind", CAUTION_KINDS, default=Caution.Kind.CAUTION),
            name=row.text("name", required=True),
            note=row.text("note"),
        )
        rows.add(caution, row.where)
    for n, row in enumerate(entry.objects("skip_items", known=SKIP_KEYS), 1):
        rows.add(SkipItem(position=n, title=row.text("title", required=True), text=row.text("text")), row.where)
    for n, row in enumerate(entry.objects("faq", known=FAQ_KEYS), 1):
        faq = FaqEntry(
            position=n, question=row.text("question", required=True), answer=row.text("answer", required=True)
        )
        rows.add(faq, row.where)
    for n, text in enumerate(entry.texts("key_takeaways"), 1):
        rows.add(KeyTakeaway(position=n, text=text), f"{entry.where} key_takeaways[{n}]")
    return rows


def _dose(row: Entry, position: int) -> DosingProtocol:
    """A dosing row: figures from dose_min, dose_max and unit, or read from a free-text `dose`."""
    if row.given("use") and row.given("condition"):
        row.problem("condition", "give use or condition, not both")
    use = row.text("use") or row.text("condition")
    if not use:
        row.problem("use", "missing")
    route_text = row.text("route")
    if not route_text:
        row.problem("route", f"missing; one of {', '.join(DosingProtocol.Route.values)}")
    route = route_text.lower() if route_text.lower() in DosingProtocol.Route.values else None
    notes = []
    if route is None:
        route = next((choice for needle, choice in ROUTES if needle in route_text.lower()), DosingProtocol.Route.OTHER)
        if route == DosingProtocol.Route.OTHER and route_text:
            notes.append(f"Route: {route_text}")
    low = row.decimal("dose_min")
    high = row.decimal("dose_max")
    unit = row.choice("unit", UNITS, default="", required=False) or ""
    frequency = row.text("frequency")
    if row.given("dose"):
        if any(row.given(key) for key in ("dose_min", "dose_max", "unit")):
            row.problem("dose", "give the dose as text or as dose_min, dose_max and unit, not both")
        dose_text = row.text("dose")
        match = DOSE.match(dose_text)
        if match:
            low, high = Decimal(match["low"]), Decimal(match["high"] or match["low"])
            unit = UNITS[match["unit"].lower()]
            if match["rest"] and frequency:
                row.problem("frequency", f"the dose text already gives it (“{match['rest']}”)")
            frequency = frequency or match["rest"]
        else:
            notes.insert(0, dose_text)
    note = row.text("note")
    return DosingProtocol(
        position=position,
        use=use,
        dose_min=low,
        dose_max=high,
        unit=unit,
        route=route,
        frequency=frequency,
        duration=row.text("duration"),
        basis=row.choice("basis", BASES),
        note="; ".join([*notes, note] if note else notes),
    )
