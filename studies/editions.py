"""A Study as Edition data. Pages that cite a study embed its approved edition."""

from datetime import date

from django.urls import reverse

from reviews import registry, selectors
from reviews.models import Edition

from .models import ET_AL, NOTICE_FIELDS, Study


class StudyEditionBuilder(registry.EditionBuilder):
    model = Study
    kind = "study"
    fragment_template = "studies/_study_body.html"
    critical = ("finding", "direction", "design", "participants", "funding")
    labels = {
        "pmid": "PubMed ID",
        "doi": "DOI",
        "risk_of_bias": "Risk of bias",
        "direction": "Direction of result",
        "integrity_status": "Publication notice",
        "integrity_status_label": "Publication notice (as shown)",
        "integrity_notice_date": "Date of the notice",
        "integrity_notice_url": "Link to the notice",
        "integrity_reason": "Reason given",
    }

    def content(self, study: Study) -> dict:
        return {
            "slug": study.slug,
            "title": study.title,
            "citation": study.citation,
            "pmid": study.pmid,
            "doi": study.doi,
            "pubmed_url": study.pubmed_url,
            "authors": study.authors,
            "first_author": study.first_author,
            "journal": study.journal,
            "year": study.year,
            "design": study.design,
            "design_label": study.get_design_display(),
            "participants": study.participants,
            "population": study.population,
            "funding": study.funding,
            "funding_label": study.get_funding_display(),
            "risk_of_bias": study.risk_of_bias,
            "risk_of_bias_label": study.get_risk_of_bias_display(),
            "finding": study.finding,
            "direction": study.direction,
            "direction_label": study.get_direction_display(),
            "abstract": study.abstract,
            **notice_content(study),
        }

    def page_context(self, content: dict) -> dict:
        notice_date = content.get("integrity_notice_date")
        return {
            "notice_date": date.fromisoformat(notice_date) if notice_date else None,
            "abstract_paragraphs": [part for part in content.get("abstract", "").split("\n\n") if part.strip()],
        }

    def title_of(self, content: dict) -> str:
        return content["title"] or content["citation"]

    def facets(self, content: dict) -> dict:
        return {
            "design": content["design"],
            "integrity_status": content.get("integrity_status", Study.IntegrityStatus.NONE),
            "funding": content["funding"],
            "year": content["year"],
            "search": " ".join(
                filter(None, [content["title"], content["authors"], content["journal"], content["pmid"]])
            ),
        }

    def problems(self, study: Study) -> list[str]:
        missing = study.missing_details
        if missing:
            return [f"Fill in the study's {', '.join(missing)} before it is reviewed."]
        return []

    def page_description(self, content: dict) -> str:
        return content["finding"]

    def schema_org(self, edition, url: str) -> dict:
        page = edition.content
        article = {
            "@type": "ScholarlyArticle",
            "headline": page["title"] or page["citation"],
            "author": [
                {"@type": "Person", "name": name.strip()}
                for name in page["authors"].split(",")
                if name.strip() and name.strip() != ET_AL
            ],
            "isPartOf": {"@type": "Periodical", "name": page["journal"]} if page["journal"] else None,
            "datePublished": str(page["year"]) if page["year"] else None,
            "identifier": [i for i in (f"PMID:{page['pmid']}" if page["pmid"] else "", page["doi"]) if i],
            "sameAs": page["pubmed_url"] or None,
        }
        return super().schema_org(edition, url) | {"mainEntity": {k: v for k, v in article.items() if v}}

    def url(self, slug: str) -> str:
        return reverse("studies:page", args=[slug])


def notice_content(study: Study) -> dict:
    """The publication notice, as the pages citing this study read it: status is "none",
    "retracted", "corrected" or "expression_of_concern"; the date is ISO text (or None
    when the notice gives none)."""
    return {
        "integrity_status": study.integrity_status,
        "integrity_status_label": study.get_integrity_status_display(),
        "integrity_notice_date": study.integrity_notice_date.isoformat() if study.integrity_notice_date else None,
        "integrity_notice_url": study.integrity_notice_url,
        "integrity_reason": study.integrity_reason,
    }


def approved_editions(studies) -> dict[int, dict]:
    """The approved edition of each study, as pages embed it, keyed by study id.

    Studies without a current edition are absent: a page cannot cite them yet.
    """
    return _current_by_study_id([study.pk for study in studies])


def _current_by_study_id(ids) -> dict[int, dict]:
    """Each study's current edition, with a retraction recorded since it was approved.

    A retraction is a fact about the paper, not our text: once recorded on the study
    (by an import or by hand) it stops the study counting towards any evidence score at
    once, in every page built from here. The pages themselves still change only through
    review (`studies.notices` sends each citing page to its reviewers).
    """
    editions = Edition.objects.current().filter(content_type=selectors.content_type(Study), object_id__in=ids)
    current = {edition.object_id: {"edition_id": edition.pk, **edition.content} for edition in editions}
    retracted = Study.objects.filter(pk__in=current, integrity_status=Study.IntegrityStatus.RETRACTED)
    for study in retracted.only("pk", *NOTICE_FIELDS):
        current[study.pk] |= notice_content(study)
    return current


def unapproved(studies) -> list[str]:
    """Why a page citing these studies cannot be reviewed yet."""
    approved = approved_editions(studies)
    return [
        f"The cited study “{study.citation}” has not been approved yet: submit it for review first."
        for study in studies
        if study.pk not in approved
    ]


def cited_edition_ids(sources: list[dict]) -> list[int]:
    """For builders whose content lists sources as {"study": <approved study edition>}."""
    return [source["study"]["edition_id"] for source in sources]


def current_citations(sources: list[dict]) -> tuple[list[dict], dict[str, str]]:
    """`sources` with each embedded study replaced by its current approved edition.

    Reads approved editions only, never a study's working row. A source whose study is
    no longer published is left out. Also returns each embedded slug's current slug.
    """
    embedded = dict(Edition.objects.filter(pk__in=cited_edition_ids(sources)).values_list("pk", "object_id"))
    current = _current_by_study_id(embedded.values())
    refreshed, slugs = [], {}
    for source in sources:
        study = current.get(embedded.get(source["study"]["edition_id"]))
        if study is not None:
            slugs[source["study"]["slug"]] = study["slug"]
            refreshed.append({**source, "study": study})
    return refreshed, slugs
