import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from reviews import selectors, services
from reviews.models import Edition, Submission
from studies.merging import ImportRefused
from studies.models import Study
from studies.retractions import import_retraction_file
from tests import factories
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent.parent / "fixtures" / "retraction_watch"
SAMPLE = FIXTURES / "sample.csv"
DEMO = FIXTURES / "demo_study_retracted.csv"
RETRACTION_NOTICE = (
    "This study was retracted on "
    '<time datetime="2021-06-15">15 June 2021</time>. '
    "Reason: Falsification/Fabrication of Data; Investigation by Journal/Publisher. "
    '<a href="https://doi.org/10.1000/test.0199" rel="noopener">Read the notice</a>.'
)


def counts():
    return [Version.objects.count(), Submission.objects.count(), Edition.objects.count()]


def variant(tmp_path, old: str, new: str) -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "variant.csv"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.fixture
def cited_studies():
    """Two published studies the sample names: one by PubMed ID, one by DOI only."""
    return (
        factories.published_study(pmid="90000101", doi="10.1000/test.0101", slug="ivers-2019", title="Memory trial"),
        factories.published_study(pmid="", doi="10.1000/TEST.0102", slug="kerr-2020", title="Sleep study"),
    )


def test_a_row_for_our_study_writes_a_draft_carrying_the_notice_and_submits_nothing(editor_user, cited_studies):
    trial, _ = cited_studies
    live = selectors.current_edition(trial)

    result = import_retraction_file(SAMPLE, by=editor_user)

    trial.refresh_from_db()
    assert trial.integrity_status == Study.IntegrityStatus.RETRACTED
    assert trial.integrity_notice_date == datetime.date(2021, 6, 15)
    assert trial.integrity_notice_url == "https://doi.org/10.1000/test.0199"
    assert trial.integrity_reason == "Falsification/Fabrication of Data; Investigation by Journal/Publisher"
    assert (trial.state, trial.is_live) == ("draft", True)
    revision = Version.objects.get_for_object(trial).first().revision
    assert (revision.user, revision.comment) == (editor_user, "Notice from sample.csv")
    assert not Submission.objects.filter(status="pending").exists()
    assert selectors.current_edition(trial).pk == live.pk
    # Readers are told at once that the paper was retracted; the approved page is otherwise unchanged.
    html = Client().get("/studies/ivers-2019/").content.decode()
    assert 'This study was retracted on <time datetime="2021-06-15">15 June 2021</time>.' in html
    assert "publication-notice" not in html and "Falsification" not in html
    assert {s.pk for s in result.updated} == {s.pk for s in cited_studies}


def test_after_review_the_study_page_says_it_was_retracted_and_the_edition_carries_the_notice(
    editor_user, cited_studies
):
    trial, _ = cited_studies
    import_retraction_file(SAMPLE, by=editor_user)

    factories._publish(trial, author=editor_user)

    content = selectors.current_edition(trial).content
    assert {key: content[key] for key in content if key.startswith("integrity_")} == {
        "integrity_status": "retracted",
        "integrity_status_label": "Retracted",
        "integrity_notice_date": "2021-06-15",
        "integrity_notice_url": "https://doi.org/10.1000/test.0199",
        "integrity_reason": "Falsification/Fabrication of Data; Investigation by Journal/Publisher",
    }
    html = Client().get("/studies/ivers-2019/").content.decode()
    assert RETRACTION_NOTICE in html
    # it stays on the page: a later, unrelated change keeps it
    trial.refresh_from_db()
    trial.finding = "Retracted: the data were fabricated."
    services.save_draft(trial, by=editor_user, comment="Finding after the retraction")
    submission = services.submit(trial, by=editor_user, change_note="The finding now says the data were fabricated.")
    factories.approve(submission, by=factories.reviewer(username="second-look"))
    assert RETRACTION_NOTICE in Client().get("/studies/ivers-2019/").content.decode()


def test_a_row_without_a_pubmed_id_matches_by_doi_whatever_its_case(editor_user, cited_studies):
    _, sleep = cited_studies

    import_retraction_file(SAMPLE, by=editor_user)

    sleep.refresh_from_db()
    assert sleep.integrity_status == Study.IntegrityStatus.EXPRESSION_OF_CONCERN
    assert sleep.integrity_notice_date == datetime.date(2022, 3, 2)
    # no notice DOI or PubMed ID in the row: its first link
    assert sleep.integrity_notice_url == "https://retractionwatch.com/2022/03/02/fictional-concern/"
    assert sleep.integrity_reason == "Concerns/Issues About Data"


def test_rows_about_papers_we_do_not_hold_are_reported_not_refused(editor_user, cited_studies, capsys):
    call_command("import_retractions", str(SAMPLE), by="editor", list_unmatched=True)

    out = capsys.readouterr().out
    assert "4 rows; 2 studies now carry a notice as a draft awaiting review, 0 already did, 1 rows name no" in out
    assert "No study here: row 4 (Record ID 50003): PMID 12345678" in out


def test_a_later_correction_does_not_replace_a_retraction_and_a_reinstatement_removes_it(
    editor_user, cited_studies, tmp_path
):
    trial, _ = cited_studies
    import_retraction_file(SAMPLE, by=editor_user)  # retraction 2021, correction 2022
    trial.refresh_from_db()
    assert trial.integrity_status == Study.IntegrityStatus.RETRACTED

    reinstated = variant(
        tmp_path,
        "1/10/2022 0:00,10.1000/test.0198,0,3/1/2019 0:00,10.1000/test.0101,90000101,Correction",
        "1/10/2022 0:00,10.1000/test.0198,0,3/1/2019 0:00,10.1000/test.0101,90000101,Reinstatement",
    )
    import_retraction_file(reinstated, by=editor_user)

    trial.refresh_from_db()
    assert (trial.integrity_status, trial.integrity_notice_date, trial.integrity_notice_url) == ("none", None, "")


def test_importing_the_same_file_twice_changes_nothing_the_second_time(editor_user, cited_studies):
    import_retraction_file(SAMPLE, by=editor_user)
    before = counts()

    result = import_retraction_file(SAMPLE, by=editor_user)

    assert counts() == before
    assert not result.updated and len(result.unchanged) == 2


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("6/15/2021 0:00", "6/31/2021 0:00", "sample.csv: row 2 (Record ID 50001) RetractionDate: “6/31/2021 0:00”"),
        (
            "10.1000/test.0301,12345678",
            "unavailable,0",
            "row 4 (Record ID 50003) OriginalPaperPubMedID, OriginalPaperDOI: neither given",
        ),
        (",Expression of concern,", ",Withdrawal,", "row 3 (Record ID 50002) RetractionNature: “Withdrawal”"),
        (",12345678,", ",PMID1234,", "row 4 (Record ID 50003) OriginalPaperPubMedID: “PMID1234” is not 1 to 8"),
        ("10.1000/test.0102", "doi 10/x", "row 3 (Record ID 50002) OriginalPaperDOI: “doi 10/x” is not a DOI"),
        ("RetractionNature", "Nature", "sample.csv: not the Retraction Watch CSV: no column RetractionNature"),
    ],
    ids=["bad-date", "no-identifiers", "unknown-nature", "bad-pmid", "bad-doi", "missing-column"],
)
def test_a_malformed_row_is_refused_naming_its_row_and_column_and_nothing_is_saved(
    editor_user, cited_studies, tmp_path, old, new, problem
):
    path = variant(tmp_path, old, new).rename(tmp_path / "sample.csv")
    before = counts()

    with pytest.raises(ImportRefused) as refused:
        import_retraction_file(path, by=editor_user)

    assert any(problem in line for line in refused.value.problems), refused.value.problems
    assert counts() == before
    assert set(Study.objects.values_list("integrity_status", flat=True)) == {"none"}


def test_a_study_awaiting_review_is_refused_and_nothing_is_saved(editor_user, cited_studies):
    trial, sleep = cited_studies
    sleep.population = "Adults who sleep badly"
    services.save_draft(sleep, by=editor_user, comment="Population")
    services.submit(sleep, by=editor_user)
    before = counts()

    with pytest.raises(ImportRefused, match=r"row 3 \(Record ID 50002\): the study .* is awaiting review"):
        import_retraction_file(SAMPLE, by=editor_user)

    assert counts() == before
    trial.refresh_from_db()
    assert trial.integrity_status == "none"


def test_the_command_requires_by_and_a_user_who_may_edit_studies():
    with pytest.raises(CommandError, match="--by"):
        call_command("import_retractions", str(SAMPLE))
    factories.reviewer(username="outsider")
    with pytest.raises(CommandError, match="outsider may not change studies"):
        call_command("import_retractions", str(SAMPLE), by="outsider")


def test_a_retraction_of_a_cited_demo_study_waits_for_review_and_changes_nothing_else(editor_user):
    call_command("load_demo")
    heiss = Study.objects.get(pmid="22282884")
    editions = list(Edition.objects.current().values_list("pk", "content_hash"))
    others = {s.pk: s.version for s in Study.objects.exclude(pk=heiss.pk)}

    result = import_retraction_file(DEMO, by=editor_user)

    assert [s.pk for s in result.updated] == [heiss.pk]
    heiss.refresh_from_db()
    assert (heiss.integrity_status, heiss.state) == ("retracted", "draft")
    assert list(Edition.objects.current().values_list("pk", "content_hash")) == editions
    assert {s.pk: s.version for s in Study.objects.exclude(pk=heiss.pk)} == others


def test_an_editor_marks_a_study_retracted_by_hand_in_the_admin(editor_client, cited_studies):
    trial, _ = cited_studies
    url = reverse("admin:studies_study_change", args=[trial.pk])
    data = change_form_data(
        editor_client.get(url),
        integrity_status="corrected",
        integrity_notice_date="02/03/2024",
        integrity_notice_url="https://doi.org/10.1000/test.0500",
        integrity_reason="The dose in Table 2 was misprinted.",
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    trial.refresh_from_db()
    assert (trial.integrity_status, trial.integrity_notice_date) == ("corrected", datetime.date(2024, 3, 2))
    assert trial.state == "draft"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"integrity_status": "retracted"}, "integrity_notice_url", "Link to the notice"),
        (
            {"integrity_notice_url": "https://doi.org/10.1000/x"},
            "integrity_status",
            "A notice's date, link or reason needs its kind",
        ),
    ],
    ids=["no-link", "no-status"],
)
def test_a_notice_by_hand_needs_its_kind_and_its_link(editor_client, cited_studies, fields, field, message):
    trial, _ = cited_studies
    url = reverse("admin:studies_study_change", args=[trial.pk])
    versions = Version.objects.count()

    response = editor_client.post(url, change_form_data(editor_client.get(url), **fields))

    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors[field][0]
    assert Version.objects.count() == versions


def test_an_editor_uploads_the_retraction_watch_csv_in_the_study_admin(editor_client, cited_studies):
    with SAMPLE.open("rb") as upload:
        response = editor_client.post(
            reverse("admin:studies_study_import"), {"kind": "retraction_watch", "file": upload}, follow=True
        )

    assert "Retraction Watch: 4 rows; 2 studies now carry a notice" in response.content.decode()
    assert Study.objects.filter(integrity_status="retracted").count() == 1
