"""A Compound as Edition data: every section, its rows, the studies it cites (as
approved) and the evidence figures computed from them."""

from decimal import Decimal

from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse

from reviews import figures, registry
from studies.editions import approved_editions, cited_edition_ids, current_citations, unapproved
from studies.models import Study

from . import scoring, selectors
from .models import Caution, Compound, SideEffect

# A switch between these units is a thousandfold change hiding behind one letter.
CONFUSABLE_UNITS = {frozenset({"mg", "mcg"}), frozenset({"g", "mg"}), frozenset({"mg/kg", "mcg/kg"})}
JUMP_FACTOR = 10
# Filled in when the page is served, with the live compounds of the same area.
MORE_IN_AREA_MARK = "<!--more-in-area-->"
MORE_IN_AREA_TEMPLATE = "compounds/_more_in_area.html"
BOUNDS = {"dose_min": "minimum", "dose_max": "maximum"}


def _rows(queryset, *fields, **computed) -> list[dict]:
    rows = []
    for row in queryset:
        data = {"id": row.pk, **{name: getattr(row, name) for name in fields}}
        data.update({name: make(row) for name, make in computed.items()})
        rows.append(data)
    return rows


def _label(field: str):
    return lambda row: getattr(row, f"get_{field}_display")()


class CompoundEditionBuilder(registry.EditionBuilder):
    model = Compound
    kind = "compound"
    fragment_template = "compounds/_compound_body.html"
    link_sections = {"related_compounds": ("related_compounds", "compounds/_related_compounds.html")}
    # A dosing row's dose is read as the page prints it ("30–50 mL"), not as its parts.
    composed_fields = {"dose": ("dose_min", "dose_max", "unit")}
    # What a reader acts on to stay safe: doses with their units, routes and frequency
    # (the dosing rows and the header's standard dose), side effects, interactions and
    # contraindications (the cautions), a "none known" in their place, and the public
    # evidence score, and a cited study it no longer counts because it was retracted.
    # The scoring workings beside the score are not.
    critical = (
        "dosing_protocols",
        "standard_dose",
        "side_effects",
        "cautions",
        "no_known_adverse_effects_reason",
        "evidence.score",
        "evidence.not_counted",
    )
    labels = {
        "name": "Name",
        "slug": "Page address",
        "other_names": "Other names",
        "kind": "Kind",
        "banner": "Banner",
        "drug_class": "Class",
        "area": "Area",
        "area.name": "Area",
        "area.slug": "Area address",
        "approved_in": "Where approved",
        "fda_status": "FDA status",
        "manufacturer": "Manufacturer",
        "is_proprietary": "Proprietary product",
        "standard_dose": "Standard dose",
        "summary": "Summary",
        "what_it_is": "What it is",
        "mechanism": "Mechanism",
        "evidence": "Evidence",
        "evidence.score": "Evidence score",
        "evidence.scale": "Evidence: scored out of",
        "evidence.computed_score": "Evidence: score the rubric computes",
        "evidence.tier": "Evidence tier",
        "evidence.summary_line": "Evidence: studies and participants line",
        "evidence.studies": "Evidence: studies counted",
        "evidence.meta_analyses": "Evidence: meta-analyses counted",
        "evidence.rcts": "Evidence: RCTs counted",
        "evidence.participants": "Evidence: participants counted",
        "evidence.appraisal": "Evidence: honest appraisal",
        "evidence.is_overridden": "Evidence: score set by hand",
        "evidence.override_reason": "Evidence: reason for setting the score by hand",
        "evidence.reasons": "Evidence: rubric rules that applied",
        "evidence.rubric_version": "Evidence: rubric version",
        "evidence.confidence": "Evidence: confidence in the score",
        "evidence.confidence_reason": "Evidence: why that confidence",
        "evidence.body_line": "Evidence: years and typical size of the studies behind the score",
        "evidence.first_year": "Evidence: earliest year of the studies behind the score",
        "evidence.last_year": "Evidence: latest year of the studies behind the score",
        "evidence.typical_size": "Evidence: typical size of the studies behind the score",
        "evidence.not_counted": "Evidence: cited studies not counted (retracted)",
        "cycling": "Cycling",
        "dose_response": "Dose-response",
        "higher_dose_note": "Pushing higher",
        "timing": "Timing",
        "cycle_min_days": "Minimum course (days)",
        "cycle_optimal_days": "Optimal course (days)",
        "cycle_note": "Cycle note",
        "stacking_note": "Stacking",
        "no_known_adverse_effects_reason": "No side effects or cautions known, because",
        "related_compounds": "Related compounds",
        "related_compounds.name": "Name",
        "related_compounds.slug": "Page address",
        "key_takeaways": "Key takeaways",
        "key_takeaways.text": "Takeaway",
        "mechanism_steps": "How it works",
        "mechanism_steps.title": "Step",
        "mechanism_steps.text": "Text",
        "verdicts": "Verdicts by outcome",
        "verdicts.outcome": "Outcome",
        "verdicts.verdict": "Verdict",
        "verdicts.quality": "Quality of evidence",
        "verdicts.note": "Note",
        "verdicts.studies": "Studies",
        "dosing_protocols": "Dosing",
        "dosing_protocols.use": "Use or condition",
        "dosing_protocols.dose_min": "Minimum dose",
        "dosing_protocols.dose_max": "Maximum dose",
        "dosing_protocols.unit": "Unit",
        "dosing_protocols.route": "Route",
        "dosing_protocols.frequency": "Frequency",
        "dosing_protocols.duration": "Duration",
        "dosing_protocols.basis": "Basis",
        "dosing_protocols.note": "Note",
        "dosing_protocols.dose": "Dose",
        "forms": "Forms",
        "forms.name": "Form",
        "forms.advice": "Advice",
        "forms.note": "Note",
        "side_effects": "Side effects",
        "side_effects.name": "Side effect",
        "side_effects.frequency": "Frequency",
        "side_effects.note": "Note",
        "side_effects.tip": "Tip",
        "cautions": "Interactions, contraindications and cautions",
        "cautions.kind": "Kind",
        "cautions.name": "Name",
        "cautions.note": "Note",
        "skip_items": "What to skip",
        "skip_items.title": "Title",
        "skip_items.text": "Text",
        "faq": "FAQ",
        "faq.question": "Question",
        "faq.answer": "Answer",
        "sources": "Sources",
        "sources.note": "What it shows for this compound",
        "sources.study": "Study",
        "sources.pools": "Studies it pools (counted once)",
    }

    def content(self, compound: Compound) -> dict:
        links = list(compound.evidence_links.select_related("study").prefetch_related("pools"))
        verdicts = list(compound.verdicts.prefetch_related("studies"))
        approved = approved_editions([link.study for link in links] + [s for v in verdicts for s in v.studies.all()])
        sources = [
            {
                "id": link.pk,
                "note": link.note,
                "study": approved[link.study_id],
                # By the slugs of their approved pages, as verdicts name their studies.
                "pools": sorted(approved[s.pk]["slug"] for s in link.pools.all() if s.pk in approved),
            }
            for link in links
            if link.study_id in approved
        ]
        related = selectors.live_compounds(compound.related_compounds.values_list("pk", flat=True))
        return {
            "name": compound.name,
            "slug": compound.slug,
            "other_names": [name.strip() for name in compound.other_names.split(",") if name.strip()],
            "kind": compound.kind,
            "kind_label": compound.get_kind_display(),
            "banner": str(compound.banner),
            "drug_class": compound.drug_class,
            "area": {"name": compound.area.name, "slug": compound.area.slug},
            "approved_in": compound.approved_in,
            "fda_status": compound.fda_status,
            "fda_status_label": compound.get_fda_status_display(),
            "manufacturer": compound.manufacturer,
            "is_proprietary": compound.is_proprietary,
            "standard_dose": compound.standard_dose,
            "summary": compound.summary,
            "what_it_is": compound.what_it_is,
            "mechanism": compound.mechanism,
            "evidence": _evidence(
                sources,
                override=compound.evidence_score_override,
                override_reason=compound.evidence_override_reason,
                appraisal=compound.evidence_appraisal,
            ),
            "timing": compound.timing,
            "cycle_min_days": compound.cycle_min_days,
            "cycle_optimal_days": compound.cycle_optimal_days,
            "cycling": compound.cycling,
            "cycling_label": compound.get_cycling_display() if compound.cycling else "",
            "cycle_note": compound.cycle_note,
            "dose_response": compound.dose_response,
            "higher_dose_note": compound.higher_dose_note,
            "stacking_note": compound.stacking_note,
            "no_known_adverse_effects_reason": compound.no_known_adverse_effects_reason.strip(),
            # As their own approved pages name them: a draft rename never shows here.
            "related_compounds": sorted(related.values(), key=lambda c: c["name"]),
            "key_takeaways": _rows(compound.key_takeaways.all(), "text"),
            "mechanism_steps": _rows(compound.mechanism_steps.all(), "title", "text"),
            "verdicts": _rows(
                verdicts,
                "outcome",
                "verdict",
                "quality",
                "note",
                verdict_label=_label("verdict"),
                quality_label=_label("quality"),
                studies=lambda v: [approved[s.pk]["slug"] for s in v.studies.all() if s.pk in approved],
            ),
            "dosing_protocols": _rows(
                compound.dosing_protocols.all(),
                "use",
                "dose_min",
                "dose_max",
                "unit",
                "route",
                "frequency",
                "duration",
                "basis",
                "note",
                dose=lambda row: row.dose_display,
                route_label=_label("route"),
                basis_label=_label("basis"),
            ),
            "forms": _rows(compound.forms.all(), "name", "advice", "note", advice_label=_label("advice")),
            "side_effects": _rows(
                compound.side_effects.all(), "name", "frequency", "note", "tip", frequency_label=_label("frequency")
            ),
            "cautions": _rows(compound.cautions.all(), "kind", "name", "note", kind_label=_label("kind")),
            "skip_items": _rows(compound.skip_items.all(), "title", "text"),
            "faq": _rows(compound.faq_entries.all(), "question", "answer"),
            "sources": sources,
        }

    def with_current_citations(self, content: dict) -> dict:
        sources, slugs = current_citations(content["sources"])
        if any("pools" in source for source in sources):  # editions before pooling was recorded have none
            sources = [{**source, "pools": [slugs.get(slug, slug) for slug in source["pools"]]} for source in sources]
        evidence = content["evidence"]
        if evidence.get("rubric_version", 1) == scoring.RUBRIC_VERSION:
            evidence = _evidence(
                sources,
                override=evidence["score"] if evidence["is_overridden"] else None,
                override_reason=evidence["override_reason"],
                appraisal=evidence["appraisal"],
            )
        # Otherwise the approved figures stay: a confirmation shows the reviewer the cited
        # study's change, not the score a newer rubric would give, so a new rubric reaches
        # a page only through a working copy whose score change a reviewer approves.
        return {
            **content,
            "sources": sources,
            "evidence": evidence,
            "verdicts": [
                {**verdict, "studies": [slugs.get(slug, slug) for slug in verdict["studies"]]}
                for verdict in content["verdicts"]
            ],
        }

    def facets(self, content: dict) -> dict:
        return {
            "kind": content["kind"],
            "drug_class": content["drug_class"],
            "area": content["area"]["slug"],
            "tier": content["evidence"]["tier"],
            "score": content["evidence"]["score"],
            "fda_status": content["fda_status"],
            "area_name": content["area"]["name"],
            "summary": content["summary"][:300],
            "search": " ".join([content["name"], *content["other_names"], content["drug_class"], content["summary"]]),
        }

    def problems(self, compound: Compound) -> list[str]:
        cited = [link.study for link in compound.evidence_links.select_related("study")]
        for verdict in compound.verdicts.prefetch_related("studies"):
            cited.extend(study for study in verdict.studies.all() if study not in cited)
        problems = []
        if not cited:
            problems.append(
                "Cite at least one study: link it under “Evidence links”, or name it in a verdict. "
                "The reviewer checks the page against the studies it cites."
            )
        problems.extend(unapproved(cited))
        problems.extend(_pooling_problems(compound))
        has_rows = compound.side_effects.exists() or compound.cautions.exists()
        reason = compound.no_known_adverse_effects_reason.strip()
        if not has_rows and not reason:
            problems.append(
                "Add side effects or cautions, or say why none are known in “Why no side effects or cautions "
                "are known” (the reviewer reads it and the page shows it)."
            )
        elif has_rows and reason:
            problems.append(
                "The page lists side effects or cautions and also says none are known: empty “Why no side "
                "effects or cautions are known”, or remove the rows."
            )
        return problems

    def warnings(self, old: dict | None, new: dict) -> list[str]:
        if not old:
            return []
        before = {row["id"]: row for row in old.get("dosing_protocols", [])}
        warnings = []
        for row in new.get("dosing_protocols", []):
            was = before.get(row["id"])
            if was is None:
                continue
            if was["unit"] != row["unit"] and frozenset({was["unit"], row["unit"]}) in CONFUSABLE_UNITS:
                warnings.append(f"“{row['use']}”: the dose unit changed from {was['unit']} to {row['unit']}.")
            for bound, name in BOUNDS.items():
                factor = _factor(was[bound], row[bound])
                if factor is not None and factor >= JUMP_FACTOR:
                    warnings.append(
                        f"“{row['use']}”: the {name} dose changed from {figures.figure(was[bound])} "
                        f"to {figures.figure(row[bound])} {row['unit']}, a {factor:g}-fold change."
                    )
        return warnings

    def page_title(self, content: dict) -> str:
        return f"{content['name']}: evidence, dosing and side effects"

    def page_body(self, fragment: str, *, review_line: str, links: dict, related_pages: list[dict]):
        """The compounds in the same area come as pages about this one (see `apps.py`), so
        that they cost no query of their own: they go under "More in AREA", the articles
        about it under "Further reading"."""
        same_area = sorted((p for p in related_pages if _is_compound_page(p["url"])), key=lambda p: p["title"].lower())
        articles = [p for p in related_pages if not _is_compound_page(p["url"])]
        more = render_to_string(MORE_IN_AREA_TEMPLATE, {"compounds": same_area}).strip()
        return super().page_body(
            fragment.replace(MORE_IN_AREA_MARK, more), review_line=review_line, links=links, related_pages=articles
        )

    def page_context(self, content: dict) -> dict:
        return {"side_effect_groups": SideEffect.Frequency.choices, "caution_groups": Caution.Kind.choices}

    def links(self, content: dict) -> dict[str, list[dict]]:
        related = [c for c in content["related_compounds"] if "id" in c]
        return {"related_compounds": [{"kind": "compound", **c} for c in related]}

    def schema_org(self, edition, url: str) -> dict:
        page = edition.content
        return super().schema_org(edition, url) | {
            "description": page["summary"],
            "about": _about(page),
            "citation": [source["study"]["pubmed_url"] for source in page["sources"] if source["study"]["pubmed_url"]],
        }

    def cited_editions(self, content: dict) -> list[int]:
        return cited_edition_ids(content["sources"])

    def url(self, slug: str) -> str:
        return reverse("compounds:page", args=[slug])


def _is_compound_page(url: str) -> bool:
    try:
        match = resolve(url)
    except Resolver404:
        return False
    return match.namespace == "compounds" and match.url_name == "page"


def _pooling_problems(compound: Compound) -> list[str]:
    """A link may pool only the primary studies linked on the same page, and only if it is a review."""
    links = list(compound.evidence_links.select_related("study").prefetch_related("pools"))
    linked = {link.study_id for link in links}
    problems = []
    for link in links:
        pooled = list(link.pools.all())
        if pooled and link.study.design not in scoring.POOLED:
            problems.append(
                f"“{link.study}” is not a meta-analysis or systematic review, so it cannot pool other studies: "
                "empty its “pools these studies”."
            )
        for study in pooled:
            if study.pk not in linked:
                problems.append(f"“{link.study}” pools “{study}”, which this page does not cite: link it too.")
            elif study.design not in Study.PRIMARY_HUMAN_DESIGNS:
                problems.append(
                    f"“{link.study}” pools “{study}”, which is not a primary study in people: "
                    "only trials and other primary human studies are counted once this way."
                )
    return problems


# Only the kinds whose prescription status we know: a supplement, a research peptide or an
# investigational drug has none that schema.org can name.
PRESCRIPTION_STATUS = {Compound.Kind.PRESCRIPTION_DRUG: "PrescriptionOnly", Compound.Kind.OTC_DRUG: "OTC"}


def _about(page: dict) -> dict:
    """The compound as schema.org describes it, with only the facts the page holds."""
    if page["kind"] == Compound.Kind.SUPPLEMENT:
        about = {"@type": "DietarySupplement", "name": page["name"]}
    else:
        about = {"@type": "Drug", "name": page["name"], "drugClass": page["drug_class"]}
    if page["other_names"]:
        about["alternateName"] = page["other_names"]
    if page["kind"] in PRESCRIPTION_STATUS:
        about["prescriptionStatus"] = PRESCRIPTION_STATUS[page["kind"]]
    # Editions approved before the field existed hold no answer: say nothing.
    if page.get("is_proprietary") is not None:
        about["isProprietary"] = page["is_proprietary"]
    return about


def _factor(old, new) -> float | None:
    if old in (None, "") or new in (None, ""):
        return None
    old, new = Decimal(str(old)), Decimal(str(new))
    if old == 0 or new == 0:
        return None
    return float(max(old, new) / min(old, new))


def _evidence(sources: list[dict], *, override: int | None, override_reason: str, appraisal: str) -> dict:
    """The evidence figures computed from the approved studies the page cites."""
    evidence = scoring.assess(
        [_study_from(source["study"]) for source in sources],
        pools={source["study"]["slug"]: source.get("pools", []) for source in sources},
        override=override,
        override_reason=override_reason,
    )
    body = evidence.body
    return {
        "score": evidence.score,
        "scale": scoring.MAX_SCORE,
        "computed_score": evidence.computed_score,
        "tier": evidence.tier,
        "summary_line": evidence.summary_line,
        "studies": evidence.studies,
        "meta_analyses": evidence.meta_analyses,
        "rcts": evidence.rcts,
        "participants": evidence.participants,
        "appraisal": appraisal,
        "is_overridden": evidence.is_overridden,
        "override_reason": evidence.override_reason,
        "reasons": list(evidence.reasons),
        "rubric_version": evidence.rubric_version,
        "confidence": evidence.confidence,
        "confidence_reason": evidence.confidence_reason,
        "body_line": body.line,
        "first_year": body.first_year,
        "last_year": body.last_year,
        "typical_size": body.typical_size,
        # Cited, but counted towards nothing (`scoring.assess`): a reviewer must see it.
        "not_counted": sorted(
            source["study"]["slug"] for source in sources if source["study"].get("integrity_status") == "retracted"
        ),
    }


def _study_from(edition: dict) -> Study:
    """An unsaved Study carrying what scoring reads, from its approved edition."""
    return Study(
        slug=edition["slug"],
        year=edition["year"],
        design=edition["design"],
        funding=edition["funding"],
        direction=edition["direction"],
        participants=edition["participants"],
        # Editions from before notices were recorded have none.
        integrity_status=edition.get("integrity_status", Study.IntegrityStatus.NONE),
    )
