"""Reading import files, and the study records arriving with imported compounds and articles.

`Entry` reads one JSON object of an import: it refuses keys nobody knows (naming the
nearest known one, so a misspelt `side_efects` is caught rather than dropped), and each
value of the wrong type, with the file, the item and the field in the message. Lengths
are not restated here: the model fields' own `max_length` is checked by `full_clean()`.

An imported study is matched by PubMed ID (or DOI) and an existing one is reused,
never overwritten: other pages cite it as it is.
"""

import difflib
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError

from reviews import services

from .models import Study, normalise_doi

DESIGNS = {value: value for value in Study.Design.values} | {
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
RISKS_OF_BIAS = {value: value for value in Study.RiskOfBias.values}
DIRECTIONS = {value: value for value in Study.Direction.values}
STUDY_KEYS = {
    "pmid",
    "doi",
    "slug",
    "title",
    "authors",
    "first_author",
    "journal",
    "year",
    "design",
    "participants",
    "population",
    "funding",
    "risk_of_bias",
    "finding",
    "direction",
    # The benchmark file's bookkeeping, read by nobody here.
    "synthetic",
    "provenance",
}
TYPE_NAMES = {str: "text", list: "a list", dict: "an object", bool: "true or false", int: "a number"}


# A JSON file nested deeper than this is no import file; stop before Python's own limit.
MAX_DEPTH = 50


class ImportRefused(Exception):
    """The file cannot be imported; `problems` lists every reason, one per line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _type_name(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, float):
        return "a number"
    return TYPE_NAMES.get(type(value), type(value).__name__)


class Entry:
    """One object of an import file, read key by key into checked Python values.

    Every problem goes to the shared `problems` list as "WHERE key: reason"; a value
    that is wrong reads as empty, so checking continues and every problem is listed.
    A null value means the key was not given.
    """

    def __init__(self, data: dict, where: str, problems: list[str], *, known: set[str]):
        self.data, self.where, self.problems = data, where, problems
        for key in data:
            if key not in known:
                nearest = difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.6)
                hint = f"; did you mean “{nearest[0]}”?" if nearest else f"; known keys: {', '.join(sorted(known))}"
                self.problem(key, f"is not a key we know{hint}")

    @classmethod
    def of(cls, value, where: str, problems: list[str], *, known: set[str]) -> "Entry | None":
        if not isinstance(value, dict):
            problems.append(f"{where}: must be an object, not {_type_name(value)}")
            return None
        return cls(value, where, problems, known=known)

    def problem(self, key: str, message: str) -> None:
        self.problems.append(f"{self.where} {key}: {message}")

    def given(self, key: str) -> bool:
        return self.data.get(key) is not None

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.data.get(key)
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.problem(key, f"must be text, not {_type_name(value)}")
            return ""
        if required and not value.strip():
            self.problem(key, "missing")
        return value.strip()

    def identifier(self, key: str) -> str:
        """Text or a whole number (people write PubMed IDs both ways)."""
        value = self.data.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return self.text(key)

    def whole_number(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, f"must be a whole number, not {_type_name(value)}")
            return None
        return value

    def decimal(self, key: str) -> Decimal | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.problem(key, f"must be a number, not {_type_name(value)}")
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            self.problem(key, f"“{value}” is not a number")
            return None
        if not number.is_finite():
            self.problem(key, f"“{value}” is not a number")
            return None
        return number

    def flag(self, key: str) -> bool:
        value = self.data.get(key)
        if value is not None and not isinstance(value, bool):
            self.problem(key, f"must be true or false, not {_type_name(value)}")
            return False
        return bool(value)

    def choice(self, key: str, table: dict, *, default=None, required: bool = True):
        """The value of `table` for the text under `key` (matched case-insensitively)."""
        words = self.text(key)
        if not words:
            if default is None and required:
                self.problem(key, f"missing; one of {', '.join(sorted(set(table)))}")
            return default
        found = table.get(words.lower())
        if found is None:
            self.problem(key, f"“{words}” is not one we know; use one of {', '.join(sorted(set(table)))}")
        return found

    def objects(self, key: str, *, known: set[str]) -> list["Entry"]:
        """The list of objects under `key`, each read with its index ("dosing[2]")."""
        items = self.list(key)
        entries = []
        for number, item in enumerate(items, 1):
            entry = Entry.of(item, f"{self.where} {key}[{number}]", self.problems, known=known)
            if entry is not None:
                entries.append(entry)
        return entries

    def texts(self, key: str) -> list[str]:
        items = self.list(key)
        if not all(isinstance(item, str) for item in items):
            self.problem(key, "must be a list of texts")
            return []
        return [item.strip() for item in items]

    def list(self, key: str) -> list:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(key, f"must be a list, not {_type_name(value)}")
            return []
        return value


def read_json(path: Path, problems: list[str]):
    """The data of the JSON file at `path`, or None with the reason in `problems`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: cannot be read: {exc}")
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}")
        return None
    except RecursionError:
        data = None
    if data is None or _depth(data) > MAX_DEPTH:
        problems.append(f"{path}: nested more than {MAX_DEPTH} levels deep; this is not an import file")
        return None
    return data


def _depth(value) -> int:
    """How deeply `value` nests, counted without recursion so no depth can overflow it."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        if isinstance(value, dict):
            stack.extend((child, depth + 1) for child in value.values())
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value)
    return deepest


def report_invalid(obj, where: str, problems: list[str], *, exclude=()) -> None:
    """`full_clean()` the unsaved `obj`, each error a problem naming its field and limit."""
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            label = "" if name == "__all__" else f" {name}"
            if any(problem.startswith(f"{where}{label}: ") for problem in problems):
                continue  # already said, e.g. "missing", in the reader's words
            problems.extend(f"{where}{label}: {message}" for message in messages)


@dataclass
class StudyRecord:
    key: str
    fields: dict = field(default_factory=dict)


def parse_study(item, where: str, problems: list[str]) -> StudyRecord | None:
    """Check one study object of an import; None (with `problems` filled) if it is wrong."""
    found = len(problems)
    entry = Entry.of(item, where, problems, known=STUDY_KEYS)
    if entry is None:
        return None
    pmid, doi = entry.identifier("pmid"), normalise_doi(entry.text("doi"))
    if entry.given("authors") and entry.given("first_author"):
        entry.problem("first_author", "give authors or first_author, not both")
    fields = {
        "pmid": pmid,
        "doi": doi,
        "title": entry.text("title"),
        "authors": entry.text("authors") or entry.text("first_author"),
        "journal": entry.text("journal"),
        "year": entry.whole_number("year"),
        "design": entry.choice("design", DESIGNS, default="", required=False) or "",
        "participants": entry.whole_number("participants"),
        "population": entry.text("population"),
        "funding": entry.choice("funding", FUNDING, default=Study.Funding.UNKNOWN) or Study.Funding.UNKNOWN,
        "risk_of_bias": entry.choice("risk_of_bias", RISKS_OF_BIAS, default=Study.RiskOfBias.UNCLEAR)
        or Study.RiskOfBias.UNCLEAR,
        "finding": entry.text("finding"),
        "direction": entry.choice("direction", DIRECTIONS, default=Study.Direction.UNCLEAR) or Study.Direction.UNCLEAR,
    }
    slug = entry.text("slug")
    study = Study(slug=slug or "placeholder-for-validation", **fields)
    report_invalid(study, where, problems)
    if slug:
        fields["slug"] = slug
    if len(problems) > found:
        return None
    return StudyRecord(key=f"pmid:{pmid}" if pmid else f"doi:{doi}", fields=fields)


def save_studies(records, *, by, comment: str) -> tuple[dict[str, Study], int, int]:
    """Reuse studies already here (by PMID, then DOI), create the rest as drafts by `by`.

    Returns the studies by record key, how many were created and how many reused.
    Each new study is its own revision, written through `reviews.services.save_draft`.
    A record's own slug is used when no study holds it yet.
    """
    records = list(records)
    found = find_existing(records)
    made: dict[str, Study] = {}  # by "pmid:…" and "doi:…", so a paper given twice is made once
    result, created = {}, 0
    for record in records:
        fields = dict(record.fields)
        names = [f"{name}:{fields[name]}" for name in ("pmid", "doi") if fields.get(name)]
        study = found.get(record.key) or next((made[name] for name in names if name in made), None)
        if study is None:
            slug = fields.pop("slug", "") or ""
            study = Study(**fields)
            study.slug = slug if slug and not Study.objects.filter(slug=slug).exists() else study.free_slug()
            services.save_draft(study, by=by, comment=comment)
            made |= dict.fromkeys(names, study)
            created += 1
        result[record.key] = study
    return result, created, len(records) - created


def find_existing(records) -> dict[str, Study]:
    """The studies already here for these records, by record key (PMID first, then DOI)."""
    records = list(records)
    pmids = {r.fields["pmid"] for r in records if r.fields.get("pmid")}
    dois = {r.fields["doi"] for r in records if r.fields.get("doi")}
    by_pmid = {s.pmid: s for s in Study.objects.filter(pmid__in=pmids)}
    by_doi = {s.doi: s for s in Study.objects.filter(doi__in=dois)}
    found = {}
    for record in records:
        study = by_pmid.get(record.fields.get("pmid") or "") or by_doi.get(record.fields.get("doi") or "")
        if study is not None:
            found[record.key] = study
    return found


def slug_problems(records: dict[str, StudyRecord], where: dict[str, str]) -> list[str]:
    """A new study's slug must be free here and unique in the import."""
    existing = find_existing(records.values())
    new = {key: r.fields["slug"] for key, r in records.items() if key not in existing and r.fields.get("slug")}
    taken = set(Study.objects.filter(slug__in=new.values()).values_list("slug", flat=True))
    problems, seen = [], {}
    for key, slug in new.items():
        if slug in taken:
            problems.append(f"{where[key]} slug: a study “{slug}” already exists with another PubMed ID or DOI")
        elif slug in seen:
            problems.append(f"{where[key]} slug: “{slug}” is also the slug of {seen[slug]}")
        seen.setdefault(slug, key.replace(":", " "))
    return problems
