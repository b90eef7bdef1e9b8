"""The weekly re-check of the papers our live pages cite, against the configured sources.

Sources (settings, from the environment):

- STUDY_RECHECK_DIRECTORY: a directory of files, read each week as they are then:
  Retraction Watch CSVs (`*.csv`) and PubMed efetch XML (`*.xml`);
- STUDY_RECHECK_EUTILS: fetch the cited PubMed IDs from E-utilities
  (`studies.eutils`, with its deadlines, rate limit and retries).

The job changes no study: it reports what a source says that differs from our study
(a new retraction, correction or expression of concern; a corrected title, journal,
year or DOI) to the managing editors, by email and in the study's audit log, once per
difference. An editor then imports the file or the PubMed ID, which writes the change as
a draft (and acts on a retraction, see `studies.notices`). A source that cannot be read
is reported in the same email and does not stop the others.
"""

import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from reviews import notifications, selectors
from reviews.models import AuditEvent, Citation, Edition

from . import merging, pubmed, retractions
from .eutils import EutilsClient, EutilsError
from .merging import ImportRefused, StudyIndex
from .models import Study

logger = logging.getLogger(__name__)

FOUND = "study.recheck_found"
# What a PubMed record may correct that readers most need to know; the rest (abstract,
# authors' spelling, the notice's link) comes with the import.
REPORTED_FIELDS = ("title", "journal", "year", "doi", "integrity_status", "integrity_notice_date")


@dataclass(frozen=True)
class Difference:
    study: Study
    source: str
    field: str
    ours: str
    theirs: str

    @property
    def key(self) -> str:
        """Names the difference in the audit log, so it is reported once."""
        return f"{self.field}={self.theirs}"

    @property
    def line(self) -> str:
        label = Study._meta.get_field(self.field).verbose_name
        return f"{self.study.citation}: {label} is “{self.theirs}” in {self.source}; ours is “{self.ours or '—'}”"


@dataclass
class Recheck:
    studies: int = 0
    differences: list[Difference] = field(default_factory=list)
    # Found in an earlier week and reported then.
    already_reported: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"Re-checked {self.studies} cited studies: {len(self.differences)} new difference(s), "
            f"{self.already_reported} reported before, {len(self.problems)} source(s) unreadable."
        )


def cited_studies() -> list[Study]:
    """Studies that a live page cites, with a PubMed ID or a DOI to look them up by."""
    cited = Citation.objects.filter(
        content_type=selectors.content_type(Study), edition__in=Edition.objects.current()
    ).values("object_id")
    return list(Study.objects.filter(pk__in=cited).order_by("pk"))


def recheck(*, directory: str | None = None, eutils: bool | None = None, client: EutilsClient | None = None) -> Recheck:
    """Compare the cited studies with every configured source; record and send what is new."""
    directory = settings.STUDY_RECHECK_DIRECTORY if directory is None else directory
    eutils = settings.STUDY_RECHECK_EUTILS if eutils is None else eutils
    studies = cited_studies()
    result = Recheck(studies=len(studies))
    index = StudyIndex(studies)
    found: list[Difference] = []
    if directory:
        found += _from_directory(Path(directory), index, result.problems)
    if eutils and index.by_pmid:
        found += _from_eutils(sorted(index.by_pmid), index, client or EutilsClient(), result.problems)
    for difference in dict.fromkeys(found):  # one source repeating another reports once
        if _reported(difference):
            result.already_reported += 1
            continue
        AuditEvent.record(
            difference.study,
            FOUND,
            comment=difference.line,
            data={"key": difference.key, "source": difference.source, "field": difference.field},
        )
        result.differences.append(difference)
    _email(result)
    logger.info(result.summary())
    return result


def _from_directory(directory: Path, index: StudyIndex, problems: list[str]) -> list[Difference]:
    if not directory.is_dir():
        problems.append(f"{directory}: not a directory (STUDY_RECHECK_DIRECTORY)")
        return []
    found = []
    for path in sorted(directory.iterdir()):
        try:
            data = path.read_bytes() if path.suffix.lower() in (".csv", ".xml") else None
            if data is None:
                continue
            if path.suffix.lower() == ".csv":
                found += _from_retraction_rows(retractions.read_retraction_csv(data, name=path.name), index, path.name)
            else:
                found += _from_records(pubmed.read_pubmed_xml(data, name=path.name), index, path.name)
        except OSError as exc:
            problems.append(f"{path.name}: cannot be read: {exc}")
        except ImportRefused as refused:
            problems.extend(refused.problems[:5])
    return found


def _from_eutils(pmids: list[str], index: StudyIndex, client: EutilsClient, problems: list[str]) -> list[Difference]:
    found = []
    try:
        documents = client.efetch_pubmed(pmids)
    except EutilsError as exc:
        problems.append(f"E-utilities: {exc}")
        return []
    for number, document in enumerate(documents, 1):
        try:
            found += _from_records(
                pubmed.read_pubmed_xml(document, name=f"E-utilities answer {number}"), index, "PubMed"
            )
        except ImportRefused as refused:
            problems.extend(refused.problems[:5])
    return found


def _from_records(records, index: StudyIndex, source: str) -> list[Difference]:
    found = []
    for record in records:
        change = pubmed.change_for(record, index, [])
        if change is None or change.is_new:
            continue  # a paper no live page cites
        found += [
            Difference(change.study, source, name, _shown(getattr(change.study, name)), _shown(change.fields[name]))
            for name in change.changed
            if name in REPORTED_FIELDS
        ]
    return found


def _from_retraction_rows(rows, index: StudyIndex, source: str) -> list[Difference]:
    found = []
    for row in rows:
        study = index.find(pmid=row.pmid, doi=row.doi)
        if study is None:
            continue
        reinstated = row.status == Study.IntegrityStatus.NONE and study.is_retracted
        graver = row.status != Study.IntegrityStatus.NONE and merging.notice_wins(study.integrity_status, row.status)
        if reinstated or (graver and (row.status, row.on) != (study.integrity_status, study.integrity_notice_date)):
            theirs = f"{Study.IntegrityStatus(row.status).label} ({row.on.isoformat()})"
            ours = study.get_integrity_status_display()
            if study.integrity_notice_date:
                ours += f" ({study.integrity_notice_date.isoformat()})"
            found.append(Difference(study, source, "integrity_status", ours, theirs))
    return found


def _shown(value) -> str:
    return "" if value is None else str(value)


def _reported(difference: Difference) -> bool:
    events = AuditEvent.objects.filter(
        content_type=selectors.content_type(Study), object_id=difference.study.pk, action=FOUND
    )
    return events.filter(data__key=difference.key).exists()


def _email(result: Recheck) -> int:
    if not (result.differences or result.problems):
        return 0
    recipients = notifications.managing_editors_emails()
    if not recipients:
        return 0
    studies = settings.SITE_URL.rstrip("/") + reverse("admin:studies_study_changelist")
    lines = [f"- {difference.line}" for difference in result.differences]
    if result.problems:
        lines += ["", "Sources that could not be read:", *(f"- {problem}" for problem in result.problems)]
    body = (
        f"{result.summary()}\n\n"
        + "\n".join(lines)
        + "\n\nNothing was changed. To record a change, import the file or the PubMed ID in the study admin "
        f"({studies}): it is saved as a draft for review, and a retraction flags every page citing the study.\n"
    )
    return send_mail(
        subject=f"Cited studies: {len(result.differences)} change(s) found by the weekly re-check",
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
