from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from reversion.models import Version

from articles.importing import KEYS, import_article
from articles.models import Article, ArticleSource, Category, Tag
from reviews import selectors, services
from reviews.exceptions import NotAllowed
from reviews.roles import EDITORS
from studies.importing import ImportRefused
from studies.models import Study
from tests import factories

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent.parent / "fixtures"
GUIDE = FIXTURES / "guide.md"
USE_CASE = FIXTURES / "use_case_article.md"


def counts():
    return [model.objects.count() for model in (Article, Study, Tag, Category, ArticleSource, Version)]


def variant(tmp_path, text: str) -> Path:
    path = tmp_path / "variant.md"
    path.write_text(text, encoding="utf-8")
    return path


def use_case_world(author_username="maya"):
    """What the use-case fixture refers to: two compounds, an author and three approved studies."""
    factories.CompoundFactory(slug="cerebrolysin", name="Cerebrolysin")
    factories.CompoundFactory(slug="semax", name="Semax")
    factories.UserFactory(username=author_username, first_name="Maya", last_name="Lindqvist")
    return [
        factories.published_study(pmid="32662068", slug="ziganshina-2020"),
        factories.published_study(pmid="26564102", slug="muresanu-2016"),
        factories.published_study(pmid="", doi="10.1002/14651858.CD012345.pub2", slug="cochrane-2021"),
    ]


def test_a_guide_in_the_seed_shape_imports_as_a_draft_with_its_sources_takeaways_and_faq(editor_user, capsys):
    known = factories.StudyFactory(pmid="22282884", title="Already here", slug="heiss-2012")

    call_command("import_article", str(GUIDE), by="editor")

    article = Article.objects.get()
    assert article.title == "Semax: What a Russian Nasal Peptide Can and Cannot Claim"
    assert (article.kind, article.state, article.is_live) == (Article.Kind.GUIDE, "draft", False)
    assert article.slug == "semax-what-a-russian-nasal-peptide-can-and-cannot-claim"
    assert str(article.published_on) == "2026-03-02"
    assert article.category.slug == "peptide-guides"
    assert sorted(article.tags.values_list("slug", flat=True)) == ["nootropics", "semax", "stroke"]
    assert [s.study.pmid for s in article.sources.order_by("position")] == ["22282884", "26564102"]
    assert article.sources.order_by("position").first().study == known  # reused, not overwritten
    assert Study.objects.get(pk=known.pk).title == "Already here"
    new = Study.objects.get(pmid="26564102")
    assert (new.authors, new.year, new.state) == ("Muresanu", 2016, "draft")
    assert list(article.key_takeaways.values_list("text", flat=True))[0].startswith("Semax is a seven-amino-acid")
    assert list(article.faq_entries.values_list("question", flat=True)) == [
        "Is Semax legal to buy?",
        "How is it taken?",
    ]
    assert "Frequently Asked Questions" not in article.body and "Key Takeaways" not in article.body
    assert not article.body.lstrip().startswith("# Semax")
    assert "## The Bottom Line" in article.body
    assert Version.objects.get_for_object(article).count() == 1
    out = capsys.readouterr().out
    assert "Muresanu (2016) PMID 26564102: add its title, journal, design" in out
    assert "The image /images/articles/semax.webp was not imported: upload it in the admin." in out


def test_the_import_is_one_revision_recorded_as_the_user_named_by_by(editor_user):
    call_command("import_article", str(GUIDE), by="editor")

    article = Article.objects.get()
    (version,) = Version.objects.get_for_object(article)
    assert version.revision.user == editor_user
    assert version.revision.comment == "Imported from guide.md"
    new_study = Study.objects.get(pmid="26564102")
    assert Version.objects.get_for_object(new_study).get().revision.user == editor_user
    assert selectors.authors_since_last_edition(article) == {editor_user.pk}


def test_an_import_without_by_is_refused():
    with pytest.raises(CommandError, match="--by"):
        call_command("import_article", str(GUIDE))


def test_an_import_by_an_unknown_user_is_refused_and_saves_nothing(editor_user):
    before = counts()
    with pytest.raises(CommandError, match="there is no user “nobody”"):
        call_command("import_article", str(GUIDE), by="nobody")
    assert counts() == before


@pytest.mark.parametrize("make_user", [factories.reviewer, factories.UserFactory], ids=["reviewer", "no-role"])
def test_an_import_by_a_user_who_may_not_add_articles_is_refused_and_saves_nothing(make_user):
    make_user(username="outsider")
    before = counts()
    with pytest.raises(CommandError, match="outsider may not add articles"):
        call_command("import_article", str(GUIDE), by="outsider")
    assert counts() == before


def test_a_reviewer_who_imported_an_article_cannot_approve_it():
    factories.published_study(pmid="22282884", slug="heiss-2012")
    factories.published_study(pmid="26564102", slug="muresanu-2016")
    both = factories.reviewer(username="both-roles")
    both.groups.add(Group.objects.get(name=EDITORS))
    both = type(both).objects.get(pk=both.pk)  # permissions are cached per instance
    article = import_article(GUIDE, by=both)
    submission = services.submit(article, by=factories.editor(username="submitter"))

    assert both.pk in selectors.authors_since_last_edition(article)
    with pytest.raises(NotAllowed):
        services.approve(submission, by=both, signature=factories.signature(both))
    factories.approve(submission, by=factories.reviewer(username="other-reviewer"))
    article.refresh_from_db()
    assert article.is_live


def test_a_use_case_page_with_every_front_matter_key_imports_every_field(editor_user):
    ziganshina, muresanu, cochrane = use_case_world()

    article = import_article(USE_CASE, by=editor_user)

    article.refresh_from_db()
    assert (article.kind, article.slug, article.state) == (Article.Kind.USE_CASE, "cerebrolysin-for-stroke", "draft")
    assert article.title == "Why people use Cerebrolysin for stroke recovery"
    assert article.compound.slug == "cerebrolysin"
    assert article.indication == "stroke recovery"
    assert article.evidence_tier == Article.EvidenceTier.EMERGING
    assert article.evidence_summary.startswith("Trials include more than a thousand patients")
    assert article.evidence_summary.endswith("not been repeated independently.")
    assert article.protocol_notes.startswith("In trials: 30 mL a day")
    assert article.image_alt == "A vial and an infusion bag on a hospital trolley."
    # "maya" is a user with no person page: a draft page named as she is was made for her.
    (author,) = [row.person for row in article.authors.all()]
    assert (author.name, author.is_live) == ("Maya Lindqvist", False)
    assert article.published_on == date(2026, 5, 4)
    assert (article.category.name, article.category.slug) == ("Use cases", "use-cases")
    assert article.category.description == "Why people use a compound for one condition."
    assert sorted(article.tags.values_list("name", flat=True)) == ["cerebrolysin", "stroke"]
    assert sorted(article.related_compounds.values_list("slug", flat=True)) == ["cerebrolysin", "semax"]
    assert list(article.key_takeaways.values_list("text", flat=True)) == [
        "Ask the stroke team; do not source it yourself.",
        "The independent review is null for acute stroke.",
    ]
    assert list(article.skip_items.values_list("title", "text")) == [
        ("Online vials", "No verified identity or sterility."),
        ("Home injections", ""),
    ]
    assert list(article.faq_entries.values_list("question", "answer")) == [
        ("Is it too late to start months after a stroke?", "Later use has not been tested."),
    ]
    # Listed sources first, in their order; a study cited only in the body follows.
    assert [(s.study, s.note) for s in article.sources.order_by("position")] == [
        (cochrane, "The pooled analysis."),
        (muresanu, ""),
        (ziganshina, ""),
    ]
    assert Study.objects.count() == 3


def test_the_kind_option_fills_in_a_kind_the_front_matter_does_not_give(editor_user):
    call_command("import_article", str(GUIDE), by="editor", kind="journal_post")
    assert Article.objects.get().kind == Article.Kind.JOURNAL_POST


def test_a_kind_option_that_contradicts_the_front_matter_is_refused(editor_user):
    use_case_world()
    with pytest.raises(CommandError, match="kind: is “use_case” but the command asked for guide"):
        call_command("import_article", str(USE_CASE), by="editor", kind="guide")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("---\ntitle", "title", 1), "variant.md:1: the file must start with “---”"),
        (lambda t: t.replace('tags: ["semax", "nootropics", "stroke"]\n---', "tags: []"), "never closed"),
        (
            lambda t: t.replace("category: peptide-guides", "category: [unclosed"),
            "variant.md:7: front matter is not valid YAML",
        ),
        (
            lambda t: t.replace('title: "Semax: What a Russian Nasal Peptide Can and Cannot Claim"\n', ""),
            "front matter has no “title”",
        ),
        (
            lambda t: t.replace("pubmed.ncbi.nlm.nih.gov/26564102", "pubmed.ncbi.nlm.nih.gov/2656410299"),
            "variant.md:26: “2656410299” is not a PubMed ID",
        ),
        (
            lambda t: t.replace("pubmed.ncbi.nlm.nih.gov/26564102", "pubmed.ncbi.nlm.nih.gov/26x64102"),
            "“26x64102” is not a PubMed ID",
        ),
        (
            lambda t: t.replace("published: 2026-03-02", "published: next spring"),
            "variant.md:5: published: “next spring” is not a date like 2026-02-14",
        ),
    ],
)
def test_a_malformed_guide_is_refused_with_file_line_and_reason_and_nothing_is_saved(
    tmp_path, editor_user, change, message
):
    path = variant(tmp_path, change(GUIDE.read_text()))
    before = counts()

    with pytest.raises(CommandError) as refused:
        call_command("import_article", str(path), by="editor")

    assert message in str(refused.value)
    assert "Nothing was imported" in str(refused.value)
    assert counts() == before


def test_importing_the_same_guide_twice_is_refused_the_second_time(editor_user):
    call_command("import_article", str(GUIDE), by="editor")
    before = counts()
    with pytest.raises(CommandError, match="already exists"):
        call_command("import_article", str(GUIDE), by="editor")
    assert counts() == before


def test_the_import_function_refuses_with_every_problem_and_saves_nothing(tmp_path, editor_user):
    path = variant(tmp_path, GUIDE.read_text().replace("category: peptide-guides", "category: peptide-guides\nx: 1"))
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        import_article(path, by=editor_user)
    assert refused.value.problems == [f"{path}:7: x: unknown key; known keys: {', '.join(KEYS)}"]
    assert counts() == before


def test_a_file_saved_with_a_byte_order_mark_imports(tmp_path, editor_user):
    path = tmp_path / "guide.md"
    path.write_bytes(b"\xef\xbb\xbf" + GUIDE.read_bytes())
    assert import_article(path, by=editor_user).title.startswith("Semax")
