"""The numbered source list of an imported article.

Studies listed in the front matter come first, in their order, and must be here
already; then the studies the body links to on PubMed that the list does not name, in
order of first citation. A linked study that is not here yet becomes a new draft study
with what its link text says, checked against the Study fields' limits first.
"""

import re

from django.core.exceptions import ValidationError

from studies.importing import StudyRecord
from studies.models import Study, normalise_doi, validate_doi, validate_pmid

from . import front_matter, markdown
from .models import ArticleSource

CITATION_TEXT = re.compile(r"^(?P<author>[^,\d]+?)(?:\s+et al\.?)?,?\s+(?P<year>(?:18|19|20)\d\d)$")


class SourceRules:
    """Mixed into the importer's reader, whose `problem`, `body_problem` and `_row` it reports through."""

    def citations(self) -> dict[str, StudyRecord]:
        records: dict[str, StudyRecord] = {}
        for link in markdown.pubmed_links("\n".join(self.body_lines)):
            index = link.line - 1
            if not markdown.VALID_PMID.match(link.pmid):
                self.body_problem(index, f"“{link.pmid}” is not a PubMed ID (1 to 8 digits)")
                continue
            if link.pmid in records:
                continue
            fields = dict(pmid=link.pmid, doi="", title="", authors="", journal="", year=None, design="")
            match = CITATION_TEXT.match(link.text.strip())
            if match:
                fields["authors"], fields["year"] = match["author"].strip(), int(match["year"])
            try:
                Study(**fields).full_clean(exclude=["slug"], validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    self.body_problem(
                        index,
                        f"link text “{_short(link.text)}” gives the study's {name}: {' '.join(messages)}",
                    )
                continue
            records[f"pmid:{link.pmid}"] = StudyRecord(key=f"pmid:{link.pmid}", fields=fields)
        return records

    def sources(self) -> tuple[list[tuple[str, str]], dict[str, Study], list[StudyRecord]]:
        """Front-matter sources first, in their order, then studies cited only in the body."""
        listed: list[tuple[int, str, str]] = []  # (item, study key, note)
        for n, item in enumerate(self.list_of("sources")):
            entry = self._source(n, item)
            if entry:
                listed.append((n, *entry))
        cited = self.citations()
        studies = self._studies([key for _n, key, _note in listed] + list(cited))
        order, seen = [], set()
        for n, key, note in listed:
            if key not in studies:
                self.problem(("sources", n), f"there is no study with {_label(key)}; import the study first")
            elif studies[key].pk in seen:
                self.problem(("sources", n), f"{studies[key].citation} is listed twice")
            else:
                self._row(ArticleSource(position=len(order) + 1, note=note), ("sources", n))
                order.append((key, note))
                seen.add(studies[key].pk)
        # The body may link by PMID a study listed by DOI: match on the study, not the key.
        for key in cited:
            if key not in studies or studies[key].pk not in seen:
                order.append((key, ""))
        new = [record for key, record in cited.items() if key not in studies]
        return order, studies, new

    def _source(self, n: int, item) -> tuple[str, str] | None:
        if not isinstance(item, dict):
            key = self._study_key(item, ("sources", n))
            return (key, "") if key else None
        values = {}
        for name, value in item.items():
            if self.known(name, ("pmid", "doi", "note"), ("sources", n, str(name))):
                values[name] = self.as_text(value, ("sources", n, name)) if name == "note" else value
        ids = [name for name in ("pmid", "doi") if values.get(name) not in (None, "")]
        if len(ids) != 1:
            self.problem(("sources", n), "give a pmid or a doi (one of them)")
            return None
        key = self._study_key(values[ids[0]], ("sources", n, ids[0]), kind=ids[0])
        if key is None or ("note" in values and values["note"] is None):
            return None
        return key, values.get("note") or ""

    def _study_key(self, value, where: tuple, *, kind: str | None = None) -> str | None:
        if value is front_matter.UNREADABLE:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.problem(where, "must be a PubMed ID or a DOI")
            return None
        value = str(value).strip()
        if kind == "doi" or (kind is None and not value.isdigit()):
            value, validator, kind = normalise_doi(value), validate_doi, "doi"
        else:
            validator, kind = validate_pmid, "pmid"
        try:
            validator(value)
        except ValidationError as exc:
            self.problem(where, f"“{value}”: {exc.messages[0]}")
            return None
        return f"{kind}:{value}"

    def _studies(self, keys: list[str]) -> dict[str, Study]:
        pmids = [key[5:] for key in keys if key.startswith("pmid:")]
        dois = [key[4:] for key in keys if key.startswith("doi:")]
        found = {f"pmid:{s.pmid}": s for s in Study.objects.filter(pmid__in=pmids)} if pmids else {}
        for doi in dois:
            study = Study.objects.filter(doi__iexact=doi).first()
            if study:
                found[f"doi:{doi}"] = study
        return found


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _label(key: str) -> str:
    kind, value = key.split(":", 1)
    return f"{'PMID' if kind == 'pmid' else 'DOI'} {value}"
