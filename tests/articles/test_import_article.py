from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from reversion.models import Version

from articles.models import Article, ArticleSource, Category, Tag
from studies.models import Study
from tests import factories

pytestmark = pytest.mark.django_db
GUIDE = Path(__file__).parent.parent / "fixtures" / "guide.md"


def counts():
    return [model.objects.count() for model in (Article, Study, Tag, Category, ArticleSource, Version)]


def variant(tmp_path, text: str) -> Path:
    path = tmp_path / "variant.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_guide_in_the_seed_shape_imports_as_a_draft_with_its_sources_takeaways_and_faq(capsys):
    known = factories.StudyFactory(pmid="22282884", title="Already here", slug="heiss-2012")

    call_command("import_article", str(GUIDE))

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
    assert "Muresanu (2016) PMID 26564102: add its title, journal, design" in capsys.readouterr().out


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
        (lambda t: t.replace("published: 2026-03-02", "published: next spring"), "is not a date"),
    ],
)
def test_a_malformed_guide_is_refused_with_file_line_and_reason_and_nothing_is_saved(tmp_path, change, message):
    path = variant(tmp_path, change(GUIDE.read_text()))
    before = counts()

    with pytest.raises(CommandError) as refused:
        call_command("import_article", str(path))

    assert message in str(refused.value)
    assert "Nothing was imported" in str(refused.value)
    assert counts() == before


def test_importing_the_same_guide_twice_is_refused_the_second_time():
    call_command("import_article", str(GUIDE))
    before = counts()
    with pytest.raises(CommandError, match="already exists"):
        call_command("import_article", str(GUIDE))
    assert counts() == before
