"""The Retraction Watch dataset (its public CSV) matched against our studies.

A row names the original paper by PubMed ID and DOI and the notice by its nature,
date, DOI or PubMed ID and reason. A row for one of our studies writes a draft of
that study carrying the notice, by the importing user; nothing is submitted, so the
notice reaches readers only through review. Rows about papers we do not hold are
counted and listed, not refused. Every row is checked before anything is saved.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from . import merging
from .merging import Change, ImportRefused, StudyIndex
from .models import Study, normalise_doi, validate_doi

# The columns a row must have; the dataset has more (Title, Subject, Institution,
# Journal, Publisher, Country, Author, ArticleType, OriginalPaperDate, Paywalled,
# Notes), read by nobody here.
COLUMNS = (
    "Record ID",
    "URLS",
    "RetractionDate",
    "RetractionDOI",
    "RetractionPubMedID",
    "OriginalPaperDOI",
    "OriginalPaperPubMedID",
    "RetractionNature",
    "Reason",
)
NATURES = {
    "retraction": Study.IntegrityStatus.RETRACTED,
    "correction": Study.IntegrityStatus.CORRECTED,
    "expression of concern": Study.IntegrityStatus.EXPRESSION_OF_CONCERN,
    # A reinstated paper's retraction was withdrawn: the notice comes off.
    "reinstatement": Study.IntegrityStatus.NONE,
}
# The dataset writes "unavailable" or 0 where it knows no identifier.
NO_VALUE = {"", "0", "unavailable", "unknown", "n/a", "na", "none"}
DATE_FORMATS = ("%m/%d/%Y %H:%M", "%m/%d/%Y", "%Y-%m-%d")
MAX_REASON = 2000


@dataclass
class RetractionRow:
    line: int
    record_id: str
    pmid: str
    doi: str
    status: str
    on: date
    url: str
    reason: str

    @property
    def where(self) -> str:
        return f"row {self.line} (Record ID {self.record_id})" if self.record_id else f"row {self.line}"


@dataclass
class RetractionImport:
    rows: int = 0
    updated: list[Study] = field(default_factory=list)
    unchanged: list[Study] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"Retraction Watch: {self.rows} rows; {len(self.updated)} studies now carry a notice as a draft awaiting "
            f"review, {len(self.unchanged)} already did, {len(self.unmatched)} rows name no study here."
        )


def read_retraction_csv(data: bytes, *, name: str) -> list[RetractionRow]:
    """The rows of a Retraction Watch CSV, each checked; ImportRefused names every problem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # older exports of the dataset
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ImportRefused([f"{name}: not the Retraction Watch CSV: no column {', '.join(missing)}"])
    rows, problems = [], []
    try:
        for raw in reader:
            row = _row(raw, reader.line_num, name, problems)
            if row is not None:
                rows.append(row)
    except csv.Error as exc:
        problems.append(f"{name}: row {reader.line_num}: not valid CSV: {exc}")
    if problems:
        raise ImportRefused(problems)
    return rows


def import_retraction_file(path: Path, *, by) -> RetractionImport:
    merging.check_importer(by, adds=False)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ImportRefused([f"{path}: cannot be read: {exc}"]) from exc
    return import_retraction_rows(read_retraction_csv(data, name=Path(path).name), by=by, source=Path(path).name)


@transaction.atomic
def import_retraction_rows(rows: list[RetractionRow], *, by, source: str) -> RetractionImport:
    """Write the notices of `rows` onto the studies they name, as drafts by `by`.

    A study named by several rows takes them in date order; a milder later notice
    (a correction of a retracted paper) does not replace a graver one, a
    reinstatement removes a retraction.
    """
    merging.check_importer(by, adds=False)
    index, result, problems = StudyIndex(), RetractionImport(rows=len(rows)), []
    changes: dict[int, Change] = {}
    for row in sorted(rows, key=lambda r: (r.on, r.line)):
        study = index.find(pmid=row.pmid, doi=row.doi)
        if study is None:
            result.unmatched.append(f"{row.where}: {'PMID ' + row.pmid if row.pmid else 'DOI ' + row.doi}")
            continue
        change = changes.setdefault(study.pk, Change(study=study, where=f"{source}: {row.where}"))
        change.where = f"{source}: {row.where}"
        current = change.fields.get("integrity_status", study.integrity_status)
        if row.status == Study.IntegrityStatus.NONE:
            if current == Study.IntegrityStatus.RETRACTED:
                change.fields |= {
                    "integrity_status": Study.IntegrityStatus.NONE,
                    "integrity_notice_date": None,
                    "integrity_notice_url": "",
                    "integrity_reason": "",
                }
        elif merging.notice_wins(current, row.status):
            change.fields |= {
                "integrity_status": row.status,
                "integrity_notice_date": row.on,
                "integrity_notice_url": row.url,
                "integrity_reason": row.reason,
            }
    for change in changes.values():
        merging.check_change(change, problems)
    if problems:
        raise ImportRefused(problems)
    _, result.updated = merging.save_changes(list(changes.values()), by=by, comment=f"Notice from {source}")
    result.unchanged = [change.study for change in changes.values() if not change.changed]
    return result


def _row(raw: dict, line: int, name: str, problems: list[str]) -> RetractionRow | None:
    found = len(problems)
    if None in raw:
        problems.append(f"{name}: row {line}: has more fields than the header names")
    value = {column: _value(raw.get(column)) for column in COLUMNS}
    record_id = value["Record ID"]
    where = f"{name}: row {line}" + (f" (Record ID {record_id})" if record_id else "")
    pmid, doi = value["OriginalPaperPubMedID"], normalise_doi(value["OriginalPaperDOI"])
    if not pmid and not doi:
        problems.append(f"{where} OriginalPaperPubMedID, OriginalPaperDOI: neither given; no paper can be matched")
    if pmid and not re.fullmatch(r"[0-9]{1,8}", pmid):
        problems.append(f"{where} OriginalPaperPubMedID: “{pmid}” is not 1 to 8 digits")
    if doi and not _is_doi(doi):
        problems.append(f"{where} OriginalPaperDOI: “{doi}” is not a DOI (10.NNNN/…)")
    nature = value["RetractionNature"]
    status = NATURES.get(nature.lower())
    if status is None:
        known = ", ".join(n.capitalize() for n in NATURES)
        problems.append(f"{where} RetractionNature: “{nature}” is not one we know ({known})")
    on = _date(value["RetractionDate"])
    if on is None:
        problems.append(
            f"{where} RetractionDate: “{value['RetractionDate']}” is not a date (the dataset writes 5/26/2023 0:00)"
        )
    reason = "; ".join(part.strip().lstrip("+").strip() for part in value["Reason"].split(";") if part.strip("+ "))
    if len(reason) > MAX_REASON:
        problems.append(f"{where} Reason: longer than {MAX_REASON} characters")
    if len(problems) > found:
        return None
    return RetractionRow(
        line=line,
        record_id=record_id,
        pmid=pmid,
        doi=doi,
        status=status,
        on=on,
        url=_notice_url(value),
        reason=reason,
    )


def _value(text) -> str:
    text = (text or "").strip()
    return "" if text.lower() in NO_VALUE else text


def _is_doi(value: str) -> bool:
    try:
        validate_doi(value)
    except ValidationError:
        return False
    return True


def _date(text: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _notice_url(value: dict) -> str:
    """The notice itself: its DOI, else its PubMed page, else the first link the row gives,
    else the paper's own page (PubMed and publishers mark a retracted paper there)."""
    notice_doi = normalise_doi(value["RetractionDOI"])
    if notice_doi and _is_doi(notice_doi):
        return f"https://doi.org/{notice_doi}"
    if re.fullmatch(r"[0-9]{1,8}", value["RetractionPubMedID"]):
        return f"https://pubmed.ncbi.nlm.nih.gov/{value['RetractionPubMedID']}/"
    links = [link.strip() for link in value["URLS"].split(";") if link.strip().startswith(("http://", "https://"))]
    if links:
        return links[0]
    if value["OriginalPaperPubMedID"]:
        return f"https://pubmed.ncbi.nlm.nih.gov/{value['OriginalPaperPubMedID']}/"
    return f"https://doi.org/{normalise_doi(value['OriginalPaperDOI'])}"
