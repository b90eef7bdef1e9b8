import datetime
from pathlib import Path

import Bio.Entrez
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from lxml import etree  # installed with extruct (dev dependencies)
from reversion.models import Version

from articles.importing import import_article
from articles.models import Article
from reviews import selectors, services
from reviews.models import Edition, Submission
from studies.merging import ImportRefused
from studies.models import Study
from studies.pubmed import import_pubmed_files, read_pubmed_xml
from tests import factories

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent.parent / "fixtures"
PUBMED = FIXTURES / "pubmed"
GUIDE_SOURCES = PUBMED / "guide_sources.xml"
DESIGNS = PUBMED / "designs.xml"
RETRACTED = PUBMED / "retracted.xml"
FORBIDDEN = PUBMED / "forbidden_element.xml"
DTD = Path(Bio.Entrez.__file__).parent / "DTDs" / "pubmed_250101.dtd"


def counts():
    return [Study.objects.count(), Version.objects.count(), Submission.objects.count(), Edition.objects.count()]


def variant(tmp_path, source: Path, old: str, new: str, name: str = "variant.xml") -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("fixture", sorted(PUBMED.glob("*.xml")), ids=lambda p: p.name)
def test_every_pubmed_fixture_but_the_forbidden_one_is_valid_against_the_pubmed_dtd(fixture):
    dtd = etree.DTD(str(DTD))
    document = etree.parse(str(fixture), etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False))
    assert dtd.validate(document) is (fixture != FORBIDDEN), dtd.error_log.filter_from_errors()


def test_a_pubmed_file_makes_complete_draft_studies_with_the_design_its_publication_types_give(editor_user):
    result = import_pubmed_files(DESIGNS, by=editor_user)

    designs = dict(Study.objects.values_list("pmid", "design"))
    assert designs == {
        "90000001": Study.Design.META_ANALYSIS,
        "90000002": Study.Design.SYSTEMATIC_REVIEW,
        "90000003": Study.Design.NON_RANDOMISED,
        "90000004": Study.Design.OBSERVATIONAL,
        "90000005": Study.Design.CASE_REPORT,
        "90000006": Study.Design.NARRATIVE_REVIEW,
        "90000007": "",
    }
    assert len(result.created) == 7
    assert result.notes == [
        "designs.xml: record 7 (PMID 90000007): no design read from its publication types (Letter); "
        "choose one in the admin."
    ]
    trial = Study.objects.get(pmid="90000003")
    assert trial.title == "An open-label trial of Semax nasal drops after stroke"  # markup and final stop gone
    assert trial.authors == "Dunn P, Semax Open Trial Group"
    assert (trial.journal, trial.year, trial.doi) == ("Neurol Res", 2019, "10.1000/test.0003")
    assert Study.objects.get(pmid="90000004").year == 2018  # from "2018 Nov-Dec"
    pooled = Study.objects.get(pmid="90000001")
    assert pooled.abstract == "Fictional pooled analysis written for the tests."
    assert pooled.integrity_status == Study.IntegrityStatus.NONE
    assert {s.state for s in Study.objects.all()} == {"draft"}
    assert not Submission.objects.exists() and not Edition.objects.exists()
    assert Version.objects.get_for_object(pooled).get().revision.user == editor_user


def test_the_reference_guide_with_pubmed_records_completes_the_demo_studies_without_duplicating_them(capsys):
    call_command("load_demo")
    heiss = Study.objects.get(pmid="22282884")
    demo_studies = Study.objects.count()
    live_heiss = selectors.current_edition(heiss)
    editor = factories.editor(username="guide-editor")

    article = import_article(FIXTURES / "guide.md", by=editor)
    result = import_pubmed_files(GUIDE_SOURCES, by=editor)

    assert Study.objects.count() == demo_studies
    assert Study.objects.filter(pmid="22282884").get().pk == heiss.pk  # merged by PubMed ID
    assert [s.study_id for s in article.sources.order_by("position")] == [
        heiss.pk,
        Study.objects.get(pmid="26564102").pk,
    ]
    assert {s.pmid for s in result.updated} == {"22282884", "26564102"}
    for study in Study.objects.filter(pmid__in=["22282884", "26564102"]):
        assert study.title and study.journal == "Stroke" and study.year and study.design == Study.Design.RCT
        assert study.abstract.startswith("Background and purpose: ")
        assert study.state == "draft" and study.is_live  # the change waits for review
    assert selectors.current_edition(heiss).pk == live_heiss.pk
    assert "abstract" not in live_heiss.content or not live_heiss.content["abstract"]

    for study in Study.objects.filter(pmid__in=["22282884", "26564102"]):
        factories._publish(study, author=editor)
    factories._publish(article, author=editor)

    article_edition = Edition.objects.current().get(kind="article", object_id=article.pk)
    page = Client().get(reverse("articles:page", args=[article_edition.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cerebrolysin in patients with acute ischemic stroke in Asia: results of a double-blind" in html
    assert "Cerebrolysin and Recovery After Stroke (CARS)" in html
    study_page = Client().get(reverse("studies:page", args=[heiss.slug])).content.decode()
    assert "did not show a benefit on the primary outcome" in study_page


def test_the_guide_alone_gives_author_and_year_and_its_pubmed_file_completes_them(editor_user):
    import_article(FIXTURES / "guide.md", by=editor_user)
    heiss = Study.objects.get(pmid="22282884")
    assert heiss.missing_details == ["title", "journal", "design"]

    import_pubmed_files(GUIDE_SOURCES, by=editor_user)

    assert Study.objects.count() == 2
    heiss.refresh_from_db()
    assert heiss.missing_details == []
    assert heiss.authors == "Heiss WD, Brainin M, Bornstein NM, Tuomilehto J, Hong Z"
    assert (heiss.journal, heiss.year, heiss.design, heiss.doi) == (
        "Stroke",
        2012,
        Study.Design.RCT,
        "10.1161/STROKEAHA.111.628537",
    )
    assert Study.objects.get(pmid="26564102").authors.startswith("Muresanu DF, Heiss WD, Hoemberg V")


def test_a_change_to_a_published_study_arrives_as_a_draft_and_the_public_keeps_the_approved_title(editor_user):
    study = factories.published_study(pmid="22282884", slug="heiss-2012", title="An old title")
    edition = selectors.current_edition(study)

    import_pubmed_files(GUIDE_SOURCES, by=editor_user)

    study.refresh_from_db()
    assert study.title.startswith("Cerebrolysin in patients with acute ischemic stroke in Asia")
    assert (study.state, study.is_live) == ("draft", True)
    assert selectors.current_edition(study).pk == edition.pk
    assert Client().get("/studies/heiss-2012/").content.decode().count("An old title") >= 1
    assert not Submission.objects.filter(object_id=study.pk, status="pending").exists()
    assert Version.objects.get_for_object(study).first().revision.comment == "Imported from PubMed (guide_sources.xml)"


def test_an_editors_design_is_kept_and_an_unchanged_study_is_not_saved_again(editor_user):
    study = factories.StudyFactory(pmid="22282884", design=Study.Design.OBSERVATIONAL)
    import_pubmed_files(GUIDE_SOURCES, by=editor_user)
    study.refresh_from_db()
    assert study.design == Study.Design.OBSERVATIONAL
    versions = Version.objects.count()

    result = import_pubmed_files(GUIDE_SOURCES, by=editor_user)

    assert {s.pmid for s in result.unchanged} == {"22282884", "26564102"}
    assert not result.created and not result.updated
    assert Version.objects.count() == versions


def test_a_study_known_only_by_its_doi_is_completed_with_its_pubmed_id(editor_user):
    study = factories.StudyFactory(pmid="", doi="10.1161/strokeaha.111.628537", title="Heiss")

    import_pubmed_files(GUIDE_SOURCES, by=editor_user)

    study.refresh_from_db()
    assert study.pmid == "22282884"
    assert Study.objects.filter(doi__iexact="10.1161/STROKEAHA.111.628537").count() == 1


def test_a_study_awaiting_review_is_refused_with_its_record_and_nothing_is_saved(editor_user):
    study = factories.StudyFactory(pmid="26564102", title="In review")
    services.submit(study, by=editor_user)
    before = counts()

    with pytest.raises(ImportRefused) as refused:
        import_pubmed_files(GUIDE_SOURCES, by=editor_user)

    assert refused.value.problems == [
        "guide_sources.xml: record 2 (PMID 26564102): the study “Doe J et al. (2020) PMID 26564102” is awaiting "
        "review and locked; withdraw its submission (or let the reviewer decide) and import again."
    ]
    assert counts() == before  # record 1 (a new study) was not saved either


def test_a_doi_that_another_study_holds_is_refused(editor_user):
    factories.StudyFactory(pmid="22282884", doi="")
    factories.StudyFactory(pmid="11111111", doi="10.1161/STROKEAHA.111.628537")
    before = counts()
    with pytest.raises(ImportRefused, match=r"record 1 \(PMID 22282884\) doi: 10.1161/STROKEAHA.111.628537 belongs"):
        import_pubmed_files(GUIDE_SOURCES, by=editor_user)
    assert counts() == before


def test_a_retraction_pubmed_carries_is_recorded_with_its_date_and_notice(editor_user):
    import_pubmed_files(RETRACTED, by=editor_user)

    retracted = Study.objects.get(pmid="90000101")
    assert retracted.design == Study.Design.RCT
    assert retracted.integrity_status == Study.IntegrityStatus.RETRACTED
    assert retracted.integrity_notice_date == datetime.date(2021, 6, 15)
    assert retracted.integrity_notice_url == "https://pubmed.ncbi.nlm.nih.gov/90000199/"
    concern = Study.objects.get(pmid="90000102")
    assert concern.integrity_status == Study.IntegrityStatus.EXPRESSION_OF_CONCERN
    assert (concern.integrity_notice_date, concern.integrity_notice_url) == (
        None,
        "https://pubmed.ncbi.nlm.nih.gov/90000198/",
    )


def test_a_record_without_its_notice_leaves_the_notice_here_alone(editor_user, tmp_path):
    import_pubmed_files(RETRACTED, by=editor_user)
    plain = variant(tmp_path, RETRACTED, '<PublicationType UI="D016402">Retracted Publication</PublicationType>', "")
    plain = variant(tmp_path, plain, "RetractionIn", "CommentIn", name="plain.xml")

    import_pubmed_files(plain, by=editor_user)

    assert Study.objects.get(pmid="90000101").integrity_status == Study.IntegrityStatus.RETRACTED


def test_an_element_the_pubmed_dtd_does_not_define_is_refused_naming_the_record_and_nothing_is_saved(editor_user):
    with pytest.raises(ImportRefused) as refused:
        import_pubmed_files(FORBIDDEN, by=editor_user)
    assert refused.value.problems == [
        "forbidden_element.xml: record 2 (line 65): <Sponsor> is not an element of the PubMed DTD (pubmed_250101.dtd)"
    ]
    assert counts() == [0, 0, 0, 0]


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "<ArticleTitle>Creatine and cognition: a systematic review.</ArticleTitle>",
            "<ArticleTitle></ArticleTitle>",
            "variant.xml: record 2 (PMID 90000002) ArticleTitle: missing",
        ),
        (
            "<MedlineDate>2018 Nov-Dec</MedlineDate>",
            "<MedlineDate>Winter</MedlineDate>",
            "variant.xml: record 4 (PMID 90000004) PubDate: gives no year",
        ),
        (
            '<PMID Version="1">90000005</PMID>',
            '<PMID Version="1">PMC900005</PMID>',
            "variant.xml: record 5 PMID: “PMC900005” is not 1 to 8 digits",
        ),
        (
            '<ArticleId IdType="doi">10.1000/test.0006</ArticleId>',
            '<ArticleId IdType="doi">11.1000/not a doi</ArticleId>',
            "variant.xml: record 6 (PMID 90000006) doi: A DOI starts with",
        ),
        (
            '<PMID Version="1">90000007</PMID>',
            '<PMID Version="1">90000001</PMID>',
            "variant.xml: record 7 (PMID 90000001): the same paper as record 1",
        ),
        (
            "<Title>Age Ageing</Title>\n        <ISOAbbreviation>Age Ageing</ISOAbbreviation>\n      </Journal>",
            "<Title>Age Ageing</Title>\n        <ISOAbbreviation>Age Ageing</ISOAbbreviation>\n      </Journal",
            "variant.xml: record 4 (line 132): the XML is broken: not well-formed",
        ),
        (
            '<ArticleId IdType="doi">10.1000/test.0002</ArticleId>',
            '<ArticleId IdType="doi">10.1000/TEST.0001</ArticleId>',
            "variant.xml: record 2 (PMID 90000002): the same study as variant.xml: record 1 (PMID 90000001)",
        ),
        (
            '<PMID Version="1">90000003</PMID>',
            "",
            "variant.xml: record 3: has no <PMID>",
        ),
    ],
    ids=["no-title", "no-year", "bad-pmid", "bad-doi", "pmid-twice", "broken-xml", "doi-twice", "no-pmid"],
)
def test_a_malformed_record_is_refused_naming_the_record_and_field_and_nothing_is_saved(
    editor_user, tmp_path, old, new, problem
):
    path = variant(tmp_path, DESIGNS, old, new)
    with pytest.raises(ImportRefused) as refused:
        import_pubmed_files(path, by=editor_user)
    assert any(line.startswith(problem) for line in refused.value.problems), refused.value.problems
    assert counts() == [0, 0, 0, 0]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (b'<?xml version="1.0"?>\n<PubmedArticleSet></PubmedArticleSet>', "not PubMed XML"),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD x//EN" '
            b'"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_990101.dtd">\n<PubmedArticleSet/>',
            "the DTD “pubmed_990101.dtd” is not one we can check against",
        ),
        (
            DESIGNS.read_bytes().replace(b"<PubmedArticleSet>", b'<!ENTITY x SYSTEM "file:///etc/passwd">\n', 1),
            "declares its own entities",
        ),
    ],
    ids=["no-doctype", "unknown-dtd", "entity"],
)
def test_a_file_that_is_not_plain_pubmed_xml_is_refused_before_it_is_parsed(text, problem):
    with pytest.raises(ImportRefused, match=problem):
        read_pubmed_xml(text, name="upload.xml")


def test_one_paper_in_two_files_is_refused_and_nothing_is_saved(editor_user, tmp_path):
    copy = tmp_path / "again.xml"
    copy.write_bytes(GUIDE_SOURCES.read_bytes())

    with pytest.raises(ImportRefused) as refused:
        import_pubmed_files(GUIDE_SOURCES, copy, by=editor_user)

    assert refused.value.problems[0] == (
        "again.xml: record 1 (PMID 22282884): the same study as guide_sources.xml: record 1 (PMID 22282884)"
    )
    assert counts() == [0, 0, 0, 0]


def test_the_command_imports_as_the_user_named_by_by(editor_user, capsys):
    call_command("import_pubmed", str(DESIGNS), by="editor")
    assert Study.objects.count() == 7
    assert "7 new studies" in capsys.readouterr().out


def test_the_command_requires_by():
    with pytest.raises(CommandError, match="--by"):
        call_command("import_pubmed", str(DESIGNS))


@pytest.mark.parametrize(
    ("make_user", "message"),
    [(None, "there is no user “outsider”"), (factories.reviewer, "outsider may not add or change studies")],
    ids=["unknown", "reviewer"],
)
def test_the_command_refuses_a_user_who_may_not_write_studies(make_user, message):
    if make_user:
        make_user(username="outsider")
    with pytest.raises(CommandError, match=message):
        call_command("import_pubmed", str(DESIGNS), by="outsider")
    assert not Study.objects.exists()


def test_an_editor_uploads_a_pubmed_file_in_the_study_admin(editor_client):
    url = reverse("admin:studies_study_import")
    assert editor_client.get(reverse("admin:studies_study_changelist")).content.decode().count(url) == 1

    with DESIGNS.open("rb") as upload:
        response = editor_client.post(url, {"kind": "pubmed", "file": upload}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:studies_study_changelist")
    assert "PubMed records: 7 new studies" in response.content.decode()
    assert Study.objects.count() == 7


def test_an_upload_with_a_bad_record_lists_the_problem_and_saves_nothing(editor_client):
    with FORBIDDEN.open("rb") as upload:
        response = editor_client.post(reverse("admin:studies_study_import"), {"kind": "pubmed", "file": upload})
    assert response.status_code == 200
    assert "record 2 (line 65): &lt;Sponsor&gt; is not an element of the PubMed DTD" in response.content.decode()
    assert not Study.objects.exists()


def test_a_reviewer_cannot_open_the_import(client):
    client.force_login(factories.reviewer(username="a-reviewer"))
    assert client.get(reverse("admin:studies_study_import")).status_code == 403
    with DESIGNS.open("rb") as upload:
        assert client.post(reverse("admin:studies_study_import"), {"kind": "pubmed", "file": upload}).status_code == 403
    assert not Study.objects.exists()


def test_the_import_form_refuses_a_post_without_its_csrf_token(editor_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor_user)
    with DESIGNS.open("rb") as upload:
        response = browser.post(reverse("admin:studies_study_import"), {"kind": "pubmed", "file": upload})
    assert response.status_code == 403
    assert not Study.objects.exists()


def test_an_article_citing_the_merged_study_keeps_one_source_per_paper(editor_user):
    """The guide cites Heiss 2012 twice; after the merge it is still one source."""
    factories.StudyFactory(pmid="22282884", slug="heiss-2012")
    import_pubmed_files(GUIDE_SOURCES, by=editor_user)
    article = import_article(FIXTURES / "guide.md", by=editor_user)
    assert Article.objects.get(pk=article.pk).sources.filter(study__pmid="22282884").count() == 1
