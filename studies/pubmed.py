"""PubMed records in: E-utilities efetch XML (`PubmedArticleSet`) read into our studies.

Biopython's Entrez parser reads the file and refuses any element the PubMed DTD does
not define; the DTD must be one Biopython ships (`Bio/Entrez/DTDs`), so reading a file
never reaches the network. Every record is read and checked before anything is saved;
then the import is one transaction (see `studies.merging` for how records meet the
studies already here).
"""

import re
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from pathlib import Path

import Bio.Entrez
from Bio.Entrez.Parser import CorruptedXMLError, DataHandler, ValidationError
from django.db import transaction

from . import merging
from .eutils import EutilsClient, EutilsError
from .merging import Change, ImportRefused, StudyIndex
from .models import ET_AL, Study, normalise_doi

DTD_DIRECTORY = Path(Bio.Entrez.__file__).parent / "DTDs"
PUBMED_PAGE = "https://pubmed.ncbi.nlm.nih.gov/{pmid}/"

# Publication types (NLM's vocabulary), most specific first: a meta-analysis is also
# tagged "Review", a randomised trial also "Clinical Trial".
DESIGN_BY_PUBLICATION_TYPE = (
    ("Meta-Analysis", Study.Design.META_ANALYSIS),
    ("Systematic Review", Study.Design.SYSTEMATIC_REVIEW),
    ("Randomized Controlled Trial, Veterinary", Study.Design.ANIMAL),
    ("Clinical Trial, Veterinary", Study.Design.ANIMAL),
    ("Observational Study, Veterinary", Study.Design.ANIMAL),
    ("Randomized Controlled Trial", Study.Design.RCT),
    ("Controlled Clinical Trial", Study.Design.NON_RANDOMISED),
    ("Clinical Trial, Phase I", Study.Design.NON_RANDOMISED),
    ("Clinical Trial, Phase II", Study.Design.NON_RANDOMISED),
    ("Clinical Trial, Phase III", Study.Design.NON_RANDOMISED),
    ("Clinical Trial, Phase IV", Study.Design.NON_RANDOMISED),
    ("Clinical Trial", Study.Design.NON_RANDOMISED),
    ("Observational Study", Study.Design.OBSERVATIONAL),
    ("Case Reports", Study.Design.CASE_REPORT),
    ("Review", Study.Design.NARRATIVE_REVIEW),
)
RETRACTED_TYPE = "Retracted Publication"
# CommentsCorrections that point at a notice about this paper, by the notice's kind.
# (ErratumIn is left out: most errata fix a typo or an affiliation, not the findings.)
NOTICE_REFERENCES = {
    "RetractionIn": Study.IntegrityStatus.RETRACTED,
    "ExpressionOfConcernIn": Study.IntegrityStatus.EXPRESSION_OF_CONCERN,
}

_DOCTYPE = re.compile(rb"<!DOCTYPE\s+PubmedArticleSet\s+PUBLIC\s+\"[^\"]*\"\s+\"([^\"]+)\"\s*>")
_RECORD_START = re.compile(rb"<PubmedArticle[\s>]|<PubmedBookArticle[\s>]")
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_INLINE_MARKUP = re.compile(r"</?(?:b|i|u|sup|sub)>")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTHS = {name: n for n, name in enumerate(("jan feb mar apr may jun jul aug sep oct nov dec").split(), 1)}


@dataclass
class Notice:
    status: str
    url: str
    on: date | None = None


@dataclass
class PubmedRecord:
    file: str
    position: int
    pmid: str
    fields: dict = field(default_factory=dict)
    design: str = ""
    publication_types: list[str] = field(default_factory=list)
    notice: Notice | None = None

    @property
    def where(self) -> str:
        return f"{self.file}: record {self.position} (PMID {self.pmid})"


@dataclass
class PubmedImport:
    created: list[Study] = field(default_factory=list)
    updated: list[Study] = field(default_factory=list)
    unchanged: list[Study] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"PubMed records: {len(self.created)} new studies, {len(self.updated)} studies changed "
            f"(drafts: a reviewer approves them before readers see them), {len(self.unchanged)} unchanged."
        )


def read_pubmed_xml(data: bytes, *, name: str) -> list[PubmedRecord]:
    """The records of one efetch XML file, each checked; ImportRefused names every problem."""
    problems: list[str] = []
    doctype = _DOCTYPE.search(data[:4096])
    if doctype is None:
        raise ImportRefused([f"{name}: not PubMed XML: it must start with the PubmedArticleSet DOCTYPE efetch writes"])
    dtd = doctype.group(1).decode("ascii", "replace").rsplit("/", 1)[-1]
    if not (dtd.startswith("pubmed_") and (DTD_DIRECTORY / dtd).is_file()):
        raise ImportRefused([f"{name}: the DTD “{dtd}” is not one we can check against (we have pubmed_*.dtd)"])
    if _ENTITY.search(data):
        raise ImportRefused([f"{name}: declares its own entities; PubMed XML never does"])
    # Bio.Entrez.read's own handler, kept so that a refusal can say where it happened.
    handler = DataHandler(validate=True, escape=False, ignore_errors=False)
    try:
        parsed = handler.read(BytesIO(data))
    except ValidationError as exc:
        where = _place(name, data, handler)
        raise ImportRefused([f"{where}: <{exc.name}> is not an element of the PubMed DTD ({dtd})"]) from exc
    except CorruptedXMLError as exc:
        raise ImportRefused([f"{_place(name, data, handler)}: the XML is broken: {exc.msg}"]) from exc
    except (ValueError, RuntimeError) as exc:  # Biopython's word for XML it cannot place
        raise ImportRefused([f"{_place(name, data, handler)}: cannot be read as PubMed XML: {exc}"]) from exc
    records, pmids = [], {}
    items = [*parsed.get("PubmedArticle", []), *parsed.get("PubmedBookArticle", [])]
    for position, item in enumerate(items, 1):
        record = _record(item, position, name, problems)
        if record is None:
            continue
        if record.pmid in pmids:
            problems.append(f"{record.where}: the same paper as record {pmids[record.pmid]}")
        pmids.setdefault(record.pmid, position)
        records.append(record)
    if not records and not problems:
        problems.append(f"{name}: holds no PubmedArticle records")
    if problems:
        raise ImportRefused(problems)
    return records


def _place(name: str, data: bytes, handler: DataHandler) -> str:
    """ "FILE: record N (line L)": the record holding the line the parser stopped at."""
    line = handler.parser.ErrorLineNumber or handler.parser.CurrentLineNumber
    before = b"\n".join(data.split(b"\n")[:line])
    position = len(_RECORD_START.findall(before))
    return f"{name}: record {position} (line {line})" if position else f"{name}: line {line}"


def import_pubmed_files(*paths: Path, by) -> PubmedImport:
    """Import every record of these efetch XML files, together (see `import_pubmed_records`)."""
    merging.check_importer(by)
    records, problems = [], []
    for path in paths:
        try:
            records.extend(read_pubmed_xml(Path(path).read_bytes(), name=Path(path).name))
        except OSError as exc:
            problems.append(f"{path}: cannot be read: {exc}")
        except ImportRefused as refused:
            problems.extend(refused.problems)
    if problems:
        raise ImportRefused(problems)
    return import_pubmed_records(records, by=by, source=", ".join(Path(p).name for p in paths))


def import_pubmed_ids(pmids: list[str], *, by, client: EutilsClient | None = None) -> PubmedImport:
    """Fetch these PubMed IDs from E-utilities and import them as `import_pubmed_files` does.

    Everything is fetched and checked before anything is saved; a PubMed ID that
    E-utilities does not return refuses the import.
    """
    merging.check_importer(by)
    wrong = [f"PMID “{pmid}”: a PubMed ID is 1 to 8 digits" for pmid in pmids if not re.fullmatch(r"[0-9]{1,8}", pmid)]
    if wrong or not pmids:
        raise ImportRefused(wrong or ["Name at least one PubMed ID."])
    records, problems = [], []
    try:
        documents = (client or EutilsClient()).efetch_pubmed(dict.fromkeys(pmids))
    except EutilsError as exc:
        raise ImportRefused([str(exc)]) from exc
    for number, document in enumerate(documents, 1):
        try:
            records.extend(read_pubmed_xml(document, name=f"E-utilities answer {number}"))
        except ImportRefused as refused:
            problems.extend(refused.problems)
    returned = {record.pmid for record in records}
    problems.extend(f"PMID {pmid}: PubMed returned no record for it" for pmid in pmids if pmid not in returned)
    if problems:
        raise ImportRefused(problems)
    return import_pubmed_records(records, by=by, source="E-utilities")


@transaction.atomic
def import_pubmed_records(records: list[PubmedRecord], *, by, source: str) -> PubmedImport:
    """Merge the records into our studies, each change a draft revision by `by`.

    A record completes the study with its PubMed ID (or else its DOI) and creates one
    only where none is here. PubMed's title, authors, journal, year, DOI and abstract
    replace ours; its design fills ours only where we have none (a reviewer's reading
    of the methods outranks an indexing label). A notice is recorded, and never
    removed: an import that no longer carries it leaves the study's notice alone.
    """
    merging.check_importer(by)
    index, problems, changes, result = StudyIndex(), [], [], PubmedImport()
    seen = {}
    for record in records:
        change = change_for(record, index, problems)
        if change is None:
            continue
        # Records of several files meet here: one paper (by study, PMID or DOI) once.
        keys = {f"pmid:{record.pmid}", f"study:{change.study.pk}" if change.study.pk else ""}
        keys.add(f"doi:{record.fields['doi'].lower()}" if record.fields.get("doi") else "")
        earlier = next((seen[key] for key in sorted(keys - {""}) if key in seen), None)
        if earlier:
            problems.append(f"{record.where}: the same study as {earlier}")
            continue
        seen |= dict.fromkeys(keys - {""}, record.where)
        merging.check_change(change, problems)
        changes.append(change)
        if not record.design:
            result.notes.append(
                f"{record.where}: no design read from its publication types "
                f"({', '.join(record.publication_types) or 'none'}); choose one in the admin."
            )
    if problems:
        raise ImportRefused(problems)
    result.created, result.updated = merging.save_changes(changes, by=by, comment=f"Imported from PubMed ({source})")
    result.unchanged = [change.study for change in changes if not change.changed]
    return result


def change_for(record: PubmedRecord, index: StudyIndex, problems: list[str]) -> Change | None:
    """What importing `record` would write, to the study it matches or a new one; None
    (with the reason in `problems`) when it matches two studies or the wrong one."""
    doi = record.fields.get("doi", "")
    by_pmid, by_doi = index.by_pmid.get(record.pmid), index.by_doi.get(doi.lower()) if doi else None
    study = by_pmid or by_doi
    if by_pmid and by_doi and by_pmid.pk != by_doi.pk:
        problems.append(
            f"{record.where} doi: {doi} belongs to “{by_doi.citation}” here, not to the study with this PubMed ID; "
            "merge the two by hand first"
        )
        return None
    if study is not None and study.pmid and study.pmid != record.pmid:
        problems.append(f"{record.where} pmid: the study with DOI {doi} here has PubMed ID {study.pmid}")
        return None
    fields = {name: value for name, value in record.fields.items() if value not in ("", None)}
    if record.design and (study is None or not study.design):
        fields["design"] = record.design
    if record.notice is not None:
        fields |= _notice_fields(study, record.notice)
    return Change(study=study or Study(), where=record.where, fields=fields)


def _notice_fields(study: Study | None, notice: Notice) -> dict:
    current = study.integrity_status if study is not None else Study.IntegrityStatus.NONE
    if current == notice.status:  # keep what is here (a reason from Retraction Watch); fill gaps
        return {
            "integrity_notice_date": study.integrity_notice_date or notice.on,
            "integrity_notice_url": study.integrity_notice_url or notice.url,
        }
    if not merging.notice_wins(current, notice.status):
        return {}
    return {
        "integrity_status": notice.status,
        "integrity_notice_date": notice.on,
        "integrity_notice_url": notice.url,
        "integrity_reason": "",
    }


def _record(item, position: int, name: str, problems: list[str]) -> PubmedRecord | None:
    if "BookDocument" in item:
        problems.append(f"{name}: record {position}: a book chapter (PubmedBookArticle); only articles are imported")
        return None
    if "MedlineCitation" not in item:
        return None  # a DeleteCitation list: nothing to import
    citation, data = item["MedlineCitation"], item.get("PubmedData", {})
    # The parser checks element names, not their order or presence: a record may lack
    # what the DTD requires, and is refused for it rather than read half.
    missing = [tag for tag in ("PMID", "Article") if tag not in citation]
    if missing:
        problems.append(f"{name}: record {position}: has no <{'>, <'.join(missing)}>")
        return None
    article, pmid = citation["Article"], str(citation["PMID"]).strip()
    record = PubmedRecord(file=name, position=position, pmid=pmid)
    where = record.where
    if not re.fullmatch(r"[0-9]{1,8}", pmid):
        problems.append(f"{name}: record {position} PMID: “{pmid}” is not 1 to 8 digits")
    record.publication_types = [str(kind) for kind in article.get("PublicationTypeList", [])]
    record.design = next((d for kind, d in DESIGN_BY_PUBLICATION_TYPE if kind in record.publication_types), "")
    title = _text(article.get("ArticleTitle", "")) or _text(article.get("VernacularTitle", ""))
    if not title:
        problems.append(f"{where} ArticleTitle: missing")
    year = _year(article.get("Journal", {}).get("JournalIssue", {}).get("PubDate", {}))
    if year is None:
        problems.append(f"{where} PubDate: gives no year")
    record.fields = {
        "pmid": pmid,
        "doi": _doi(article, data),
        "title": title[:-1] if title.endswith(".") and not title.endswith("..") else title,
        "authors": _authors(article.get("AuthorList", [])),
        "journal": _journal(citation, article),
        "year": year,
        "abstract": "\n\n".join(_abstract(article.get("Abstract", {}))),
    }
    record.notice = _notice(record, citation, data)
    return record


def _text(value) -> str:
    return " ".join(_INLINE_MARKUP.sub("", str(value)).split())


def _year(pub_date) -> int | None:
    found = _YEAR.search(str(pub_date.get("Year") or pub_date.get("MedlineDate") or ""))
    return int(found.group(1)) if found else None


def _doi(article, data) -> str:
    for identifier in data.get("ArticleIdList", []):
        if identifier.attributes.get("IdType") == "doi":
            return normalise_doi(str(identifier))
    for location in article.get("ELocationID", []):
        if location.attributes.get("EIdType") == "doi":
            return normalise_doi(str(location))
    return ""


def _journal(citation, article) -> str:
    info, journal = citation.get("MedlineJournalInfo", {}), article.get("Journal", {})
    return _text(info.get("MedlineTA") or journal.get("ISOAbbreviation") or journal.get("Title") or "")


def _authors(author_list) -> str:
    """ "Heiss WD, Brainin M", as the Study field stores authors; a list longer than the
    column ends with "et al." after the authors that fit."""
    names = []
    for author in author_list:
        if author.attributes.get("ValidYN", "Y") != "Y":
            continue
        if "CollectiveName" in author:
            names.append(_text(author["CollectiveName"]))
        else:
            names.append(" ".join(filter(None, (_text(author.get("LastName", "")), author.get("Initials", "")))))
    limit = Study._meta.get_field("authors").max_length
    text = ", ".join(names)
    while len(text) > limit:
        names.pop()
        text = ", ".join([*names, ET_AL])
    return text


def _abstract(abstract) -> list[str]:
    parts = []
    for part in abstract.get("AbstractText", []):
        label = part.attributes.get("Label", "") if hasattr(part, "attributes") else ""
        text = _text(part)
        parts.append(f"{label.capitalize()}: {text}" if label and label != "UNLABELLED" else text)
    return [part for part in parts if part]


def _notice(record: PubmedRecord, citation, data) -> Notice | None:
    status, url = None, ""
    for reference in citation.get("CommentsCorrectionsList", []):
        kind = NOTICE_REFERENCES.get(reference.attributes.get("RefType"))
        if kind and (status is None or merging.notice_wins(status, kind)):
            status = kind
            notice_pmid = str(reference.get("PMID", "")).strip()
            url = PUBMED_PAGE.format(pmid=notice_pmid) if notice_pmid else ""
    if RETRACTED_TYPE in record.publication_types:
        if status != Study.IntegrityStatus.RETRACTED:
            url = ""
        status = Study.IntegrityStatus.RETRACTED
    if status is None:
        return None
    # Without the notice's own record, its link is the paper's PubMed page, which shows it.
    return Notice(status=status, url=url or PUBMED_PAGE.format(pmid=record.pmid), on=_notice_date(data, status))


def _notice_date(data, status: str) -> date | None:
    if status != Study.IntegrityStatus.RETRACTED:
        return None
    for stamp in data.get("History", []):
        if stamp.attributes.get("PubStatus") == "retracted":
            try:
                month = stamp["Month"]
                month = int(month) if str(month).isdigit() else _MONTHS[str(month)[:3].lower()]
                return date(int(stamp["Year"]), month, int(stamp["Day"]))
            except (KeyError, ValueError):
                return None
    return None
