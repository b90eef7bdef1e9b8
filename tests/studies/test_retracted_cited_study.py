"""When a study our pages cite is retracted: every citing page goes to the top of the
review queue, readers are told at once, the recomputed score waits for review, and
nothing else public changes until a reviewer decides."""

import datetime
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from compounds import scoring
from compounds.models import Compound
from reviews import registry, selectors, services, sweeps
from reviews.models import AuditEvent, Edition, ReviewFlag, Submission
from studies.models import Study
from studies.pubmed import import_pubmed_files
from studies.recheck import recheck
from studies.retractions import import_retraction_file
from tests import factories
from tests.admin_forms import change_form_data
from tests.public_surfaces import API, LISTINGS
from tests.studies.test_eutils_client import RecordedEutils, client_for

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent.parent / "fixtures" / "retraction_watch"
DEMO = FIXTURES / "demo_study_retracted.csv"
CITING_NOTICE = 'A study this page cites was retracted on <time datetime="2026-05-04">4 May 2026</time>.'
STUDY_NOTICE = 'This study was retracted on <time datetime="2026-05-04">4 May 2026</time>.'
NOTICE = re.compile(r'<aside class="notice retraction-notice".*?</aside>', re.DOTALL)
HEADER = (
    "Record ID,Title,URLS,RetractionDate,RetractionDOI,RetractionPubMedID,OriginalPaperDOI,"
    "OriginalPaperPubMedID,RetractionNature,Reason\n"
)


class RecordingCache:
    """A shared cache in this process (a purge backend, as a CDN's would be): the tags purged."""

    name = "recording cache"
    purged: list[str] = []

    def purge(self, tags, *, timeout):
        RecordingCache.purged.extend(tags)


@pytest.fixture
def recording_cache(settings):
    settings.FRONTEND_CACHE_BACKENDS = [f"{__name__}.RecordingCache"]
    RecordingCache.purged = []
    return RecordingCache


def public_pages(client) -> dict[str, str]:
    """Every listing, and each live page, its earlier versions and its API record where it has one."""
    urls = list(LISTINGS)
    for edition in Edition.objects.current().order_by("pk"):
        builder = registry.builder_for_kind(edition.kind)
        urls += [builder.url(edition.slug), builder.history_url(edition.slug)]
        if edition.kind in API:
            urls.append(f"{API[edition.kind]}{edition.slug}/")
    return {url: client.get(url).content.decode() for url in urls}


def retraction_csv(tmp_path, study: Study, *, on: str = "5/4/2026 0:00", nature: str = "Retraction") -> Path:
    path = tmp_path / "retractions.csv"
    row = f'70001,"{study.title}",,{on},10.1000/test.notice.{study.pmid},0,,{study.pmid},{nature},+Misconduct;\n'
    path.write_text(HEADER + row, encoding="utf-8")
    return path


@pytest.fixture
def cited(db):
    """A compound scored 6 on two independent trials, one of which will be retracted."""
    compound = factories.published_compound(studies=2)
    study = compound.evidence_links.order_by("position").first().study
    return compound, study


def test_importing_a_retraction_of_a_cited_demo_study_flags_its_pages_tells_readers_and_waits_for_review(
    editor_user, client, django_capture_on_commit_callbacks, recording_cache
):
    call_command("load_demo")
    heiss = Study.objects.get(pmid="22282884")
    study_page = reverse("studies:page", args=[heiss.slug])
    citing = list(
        Edition.objects.current().filter(citations__object_id=heiss.pk, citations__content_type__model="study")
    )
    assert citing, "the demo cites Heiss 2012"
    citing_urls = {edition.kind + str(edition.object_id): _url(edition) for edition in citing}
    # A change already waiting, safety-critical and older: the retraction goes before it.
    waiting = _an_older_safety_critical_submission(exclude=[e.object_id for e in citing if e.kind == "compound"])
    live_evidence = {e.object_id: e.content["evidence"] for e in citing if e.kind == "compound"}
    before = public_pages(client)
    editions_before = list(Edition.objects.current().values_list("pk", "content_hash"))

    with django_capture_on_commit_callbacks(execute=True):
        import_retraction_file(DEMO, by=editor_user)

    # the citing pages at the top of the review queue, and first among the pages back for review
    queue = list(selectors.in_queue_order(Submission.objects.filter(status=Submission.Status.PENDING)))
    retraction_submissions = [s for s in queue if s.pk != waiting.pk]
    assert queue[-1].pk == waiting.pk
    assert {(s.content_type.model, s.object_id) for s in retraction_submissions} == {
        (e.kind, e.object_id) for e in citing
    }
    flags = list(selectors.open_flags())
    assert {(f.content_type.model, f.object_id) for f in flags} == {(e.kind, e.object_id) for e in citing} | {
        ("study", heiss.pk)
    }
    assert all(f.reason == ReviewFlag.Reason.CITED_STUDY_RETRACTED for f in flags)
    # the notice on those pages and on the study page
    after = public_pages(client)
    for url in citing_urls.values():
        assert CITING_NOTICE in after[url], url
    assert STUDY_NOTICE in after[study_page]
    assert CITING_NOTICE not in after[study_page]
    assert {f"{e.kind}-{e.object_id}" for e in citing} | {f"study-{heiss.pk}"} <= set(recording_cache.purged)
    # the recomputed score waiting for review, safety-critical, without the retracted study
    for submission in retraction_submissions:
        if submission.content_type.model != "compound":
            continue
        compound = Compound.objects.get(pk=submission.object_id)
        assert submission.risk == Submission.Risk.SAFETY_CRITICAL
        assert "no longer counts towards the evidence score" in submission.change_note
        content = selectors.submitted_content(submission, working_copy_content=_content(compound))
        studies = [s["study"] for s in content["sources"]]
        retracted = [s for s in studies if s["pmid"] == heiss.pmid]
        assert retracted and retracted[0]["integrity_status"] == "retracted"
        expected = scoring.assess(_studies(s for s in studies if s["pmid"] != heiss.pmid))
        evidence, live = content["evidence"], live_evidence[compound.pk]
        assert (evidence["score"], evidence["studies"]) == (expected.score, expected.studies)
        assert (evidence["studies"], evidence["not_counted"]) == (live["studies"] - 1, [heiss.slug])
        assert evidence["summary_line"] != live["summary_line"]
    # nothing else public changed: every page and API answer, the notice aside
    assert list(Edition.objects.current().values_list("pk", "content_hash")) == editions_before
    assert {url: NOTICE.sub("", text) for url, text in after.items()} == before
    assert len([url for url, text in after.items() if NOTICE.search(text)]) == len(citing_urls) + 1


def test_a_reviewer_approving_the_recomputed_score_clears_the_notice_and_publishes_the_new_score(
    editor_user, cited, tmp_path, client, django_capture_on_commit_callbacks
):
    compound, study = cited
    page = reverse("compounds:page", args=[compound.slug])
    assert selectors.current_edition(compound).content["evidence"]["score"] == 6
    with django_capture_on_commit_callbacks(execute=True):
        import_retraction_file(retraction_csv(tmp_path, study), by=editor_user)
    submission = selectors.pending_submission(compound)
    assert CITING_NOTICE in client.get(page).content.decode()
    reviewer = factories.reviewer(username="retraction-reviewer")

    with django_capture_on_commit_callbacks(execute=True):
        edition = factories.approve(submission, by=reviewer)

    html = client.get(page).content.decode()
    assert CITING_NOTICE not in html
    assert edition.content["evidence"]["score"] == 4
    assert edition.content["evidence"]["studies"] == 1
    assert not ReviewFlag.for_object(compound).filter(resolved_at=None).exists()
    # the study's own page says so until its reviewer decides, then for good from its edition
    study_page = reverse("studies:page", args=[study.slug])
    assert STUDY_NOTICE in client.get(study_page).content.decode()
    study.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        factories.approve(services.submit(study, by=editor_user), by=reviewer)
    html = client.get(study_page).content.decode()
    assert not NOTICE.search(html)
    assert 'This study was retracted on <time datetime="2026-05-04">4 May 2026</time>' in html


def test_a_reviewer_confirming_the_citing_page_clears_its_notice(
    editor_user, cited, tmp_path, client, django_capture_on_commit_callbacks
):
    compound, study = cited
    page = reverse("compounds:page", args=[compound.slug])
    with django_capture_on_commit_callbacks(execute=True):
        import_retraction_file(retraction_csv(tmp_path, study), by=editor_user)
    first = client.get(page)
    assert CITING_NOTICE in first.content.decode()
    reviewer = factories.reviewer(username="confirming-reviewer")

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_still_accurate(compound, by=reviewer, signature=factories.signature(reviewer))

    second = client.get(page, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert CITING_NOTICE not in second.content.decode()


def test_the_notice_changes_the_pages_etag_so_a_cached_copy_is_not_served(editor_user, cited, tmp_path, client):
    compound, study = cited
    page = reverse("compounds:page", args=[compound.slug])
    etag = client.get(page)["ETag"]
    assert client.get(page, HTTP_IF_NONE_MATCH=etag).status_code == 304

    import_retraction_file(retraction_csv(tmp_path, study), by=editor_user)

    response = client.get(page, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert CITING_NOTICE in response.content.decode()


def test_a_citing_page_with_an_editors_draft_is_flagged_but_its_draft_is_not_submitted(
    editor_user, cited, tmp_path, client
):
    compound, study = cited
    compound.summary = "An editor's unfinished rewrite."
    services.save_draft(compound, by=editor_user, comment="Rewrite in progress")

    import_retraction_file(retraction_csv(tmp_path, study), by=editor_user)

    compound.refresh_from_db()
    assert compound.state == "draft"
    assert selectors.pending_submission(compound) is None
    assert ReviewFlag.for_object(compound).get().reason == ReviewFlag.Reason.CITED_STUDY_RETRACTED
    assert CITING_NOTICE in client.get(reverse("compounds:page", args=[compound.slug])).content.decode()
    event = AuditEvent.objects.get(action="study.retraction_recorded", object_id=study.pk)
    assert "draft is in progress" in event.data["not_submitted"][0]


def test_importing_the_retraction_again_raises_nothing_new(editor_user, cited, tmp_path):
    compound, study = cited
    path = retraction_csv(tmp_path, study)
    import_retraction_file(path, by=editor_user)
    flags, submissions = ReviewFlag.objects.count(), Submission.objects.count()

    import_retraction_file(path, by=editor_user)

    assert (ReviewFlag.objects.count(), Submission.objects.count()) == (flags, submissions)


def test_an_editor_marking_a_cited_study_retracted_in_the_admin_flags_its_pages_at_once(editor_client, cited, client):
    compound, study = cited
    url = reverse("admin:studies_study_change", args=[study.pk])
    data = change_form_data(
        editor_client.get(url),
        integrity_status="retracted",
        integrity_notice_date="04/05/2026",
        integrity_notice_url="https://doi.org/10.1000/test.by-hand",
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302
    assert ReviewFlag.for_object(compound).get().reason == ReviewFlag.Reason.CITED_STUDY_RETRACTED
    assert selectors.pending_submission(compound).risk == Submission.Risk.SAFETY_CRITICAL
    assert CITING_NOTICE in client.get(reverse("compounds:page", args=[compound.slug])).content.decode()


def test_a_reinstatement_before_review_withdraws_the_notice(editor_user, cited, tmp_path, client):
    compound, study = cited
    import_retraction_file(retraction_csv(tmp_path, study), by=editor_user)
    services.withdraw(selectors.pending_submission(compound), by=editor_user)

    import_retraction_file(retraction_csv(tmp_path, study, on="6/1/2026 0:00", nature="Reinstatement"), by=editor_user)

    assert not ReviewFlag.objects.filter(resolved_at=None).exists()
    assert not NOTICE.search(client.get(reverse("compounds:page", args=[compound.slug])).content.decode())
    assert not NOTICE.search(client.get(reverse("studies:page", args=[study.slug])).content.decode())


def test_a_correction_flags_nothing_and_waits_for_review_of_the_study_alone(editor_user, cited, tmp_path):
    compound, study = cited

    import_retraction_file(retraction_csv(tmp_path, study, nature="Correction"), by=editor_user)

    assert not ReviewFlag.objects.exists()
    assert selectors.pending_submission(compound) is None


def test_the_weekly_recheck_reports_a_retraction_in_a_local_file_once(editor_user, cited, tmp_path, settings):
    compound, study = cited
    managing = factories.managing_editor(username="managing", email="managing@example.org")
    source = tmp_path / "sources"
    source.mkdir()
    retraction_csv(source, study)
    # A paper no live page cites is not reported.
    factories.published_study(pmid="39999999")
    retraction_csv(source, Study.objects.get(pmid="39999999")).rename(source / "uncited.csv")
    retraction_csv(source, study)

    first = recheck(directory=str(source), eutils=False)
    second = recheck(directory=str(source), eutils=False)

    assert [(d.study, d.field) for d in first.differences] == [(study, "integrity_status")]
    assert "Retracted (2026-05-04)" in first.differences[0].line
    assert (second.differences, second.already_reported) == ([], 1)
    assert len(mail.outbox) == 1
    assert managing.email in mail.outbox[0].to
    assert study.citation in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="study.recheck_found", object_id=study.pk).count() == 1
    study.refresh_from_db()
    assert study.integrity_status == "none"  # reported, not changed: an editor imports it
    assert not ReviewFlag.objects.exists()


def test_the_weekly_recheck_reports_a_source_it_cannot_read_and_goes_on(editor_user, cited, tmp_path):
    compound, study = cited
    factories.managing_editor(username="managing", email="managing@example.org")
    (tmp_path / "broken.csv").write_text("Record ID,Title\n1,x\n", encoding="utf-8")
    retraction_csv(tmp_path, study)

    result = recheck(directory=str(tmp_path), eutils=False)

    assert len(result.differences) == 1
    assert any("broken.csv" in problem and "not the Retraction Watch CSV" in problem for problem in result.problems)
    assert "broken.csv" in mail.outbox[0].body


def test_the_weekly_recheck_is_scheduled_with_the_other_sweeps(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["recheck-cited-studies"]
    assert entry["task"] == "studies.tasks.recheck_cited_studies"
    assert entry["schedule"].day_of_week == {1}


def _url(edition: Edition) -> str:
    return registry.builder_for_kind(edition.kind).url(edition.slug)


def _content(obj) -> dict:
    return registry.canonical(registry.builder_for(obj).content(obj))


def _studies(embedded):
    return [
        Study(
            slug=s["slug"],
            year=s["year"],
            design=s["design"],
            funding=s["funding"],
            direction=s["direction"],
            participants=s["participants"],
        )
        for s in embedded
    ]


def _an_older_safety_critical_submission(*, exclude) -> Submission:
    compound = Compound.objects.filter(is_live=True).exclude(pk__in=exclude).first()
    row = compound.dosing_protocols.first()
    row.dose_max = (row.dose_max or row.dose_min or 1) * 2
    editor = factories.editor(username="dosing-editor")
    services.save_draft(compound, by=editor, comment="Dose", rows=[row])
    return services.submit(compound, by=editor, change_note="The highest dose studied is now shown.")


def test_a_retracted_study_counts_towards_no_score_count_or_line():
    trials = [
        Study(slug=f"trial-{n}", design=Study.Design.RCT, funding="independent", direction="benefit", participants=600)
        for n in range(2)
    ]
    trials[1].integrity_status = Study.IntegrityStatus.RETRACTED

    evidence = scoring.assess(trials)

    assert (evidence.score, evidence.studies, evidence.rcts, evidence.participants) == (4, 1, 1, 600)
    assert evidence == scoring.assess(trials[:1])


def test_the_review_queue_and_the_flags_list_show_pages_citing_a_retracted_study_first(
    editor_user, cited, tmp_path, client
):
    compound, study = cited
    factories.published_compound(studies=1)
    waiting = _an_older_safety_critical_submission(exclude=[compound.pk])
    sweeps.flag_due(today=datetime.date(2100, 1, 1))  # every live page due, flagged before the retraction
    import_retraction_file(retraction_csv(tmp_path, study), by=editor_user)
    client.force_login(factories.reviewer(username="queue-reader"))

    queue = _result_list(client.get(reverse("admin:reviews_submission_changelist")))
    flags = _result_list(client.get(reverse("admin:reviews_reviewflag_changelist")))
    flag = ReviewFlag.for_object(compound).get(reason=ReviewFlag.Reason.CITED_STUDY_RETRACTED)
    detail = client.get(reverse("admin:reviews_reviewflag_change", args=[flag.pk])).content.decode()

    assert queue.index(compound.name) < queue.index("Cites a retracted study") < queue.index(waiting.title)
    assert flags.rindex("A cited study was retracted") < flags.index("Review due")
    assert f"{study.citation} was retracted on 2026-05-04" in detail
    assert "Misconduct" in detail


def _result_list(response) -> str:
    html = response.content.decode()
    start = html.index('id="result_list"')
    return html[start : html.index("</table>", start)]


PUBMED_RETRACTED = Path(__file__).parent.parent / "fixtures" / "pubmed" / "retracted.xml"


def _compound_citing(study: Study) -> Compound:
    compound = factories.compound_with_rows(studies=0, dosing=1, side_effects=1, cite_when_no_studies=False)
    factories.EvidenceLinkFactory(compound=compound, study=study)
    factories.EvidenceLinkFactory(compound=compound, study=factories.published_study())
    return factories._publish(compound)


def test_a_retraction_pubmed_carries_flags_the_pages_citing_the_study_as_the_csv_does(editor_user, client):
    study = factories.published_study(pmid="90000101", title="A randomised trial of a fictional peptide for memory.")
    compound = _compound_citing(study)

    import_pubmed_files(PUBMED_RETRACTED, by=editor_user)

    assert ReviewFlag.for_object(compound).get().reason == ReviewFlag.Reason.CITED_STUDY_RETRACTED
    assert selectors.pending_submission(compound).risk == Submission.Risk.SAFETY_CRITICAL
    html = client.get(reverse("compounds:page", args=[compound.slug])).content.decode()
    assert 'A study this page cites was retracted on <time datetime="2021-06-15">15 June 2021</time>.' in html


def test_the_weekly_recheck_reads_pubmed_files_in_its_directory_too(editor_user, tmp_path):
    study = factories.published_study(pmid="90000101", title="A randomised trial of a fictional peptide for memory.")
    _compound_citing(study)
    (tmp_path / "pubmed.xml").write_bytes(PUBMED_RETRACTED.read_bytes())

    result = recheck(directory=str(tmp_path), eutils=False)

    found = {(d.study.pmid, d.field, d.theirs) for d in result.differences}
    assert ("90000101", "integrity_status", "retracted") in found
    assert ("90000101", "integrity_notice_date", "2021-06-15") in found
    assert not result.problems


@pytest.fixture
def eutils():
    """A local E-utilities answering as planned (see test_eutils_client)."""
    servers = []

    def start(*answers):
        server = RecordedEutils(answers)
        server.thread.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.httpd.shutdown()
        server.httpd.server_close()


def test_the_weekly_recheck_asks_e_utilities_for_the_cited_pubmed_ids(editor_user, eutils):
    study = factories.published_study(pmid="90000101", title="A randomised trial of a fictional peptide for memory.")
    _compound_citing(study)
    server = eutils((200, PUBMED_RETRACTED.read_bytes()))

    result = recheck(directory="", eutils=True, client=client_for(server))

    (_, path, query) = server.requests[0]
    assert path.endswith("/efetch.fcgi")
    assert "90000101" in query["id"][0].split(",")
    assert ("90000101", "integrity_status") in {(d.study.pmid, d.field) for d in result.differences}


def test_the_weekly_recheck_reports_e_utilities_failing_and_changes_nothing(editor_user, eutils):
    study = factories.published_study(pmid="90000101")
    _compound_citing(study)
    server = eutils((503, b"busy"))

    result = recheck(directory="", eutils=True, client=client_for(server, attempts=2))

    assert result.differences == []
    assert any("E-utilities" in problem and "503" in problem for problem in result.problems)
