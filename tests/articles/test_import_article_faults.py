"""Faults in an imported article: each is refused with the file, the line, the field and
the limit, as a command error listing every problem, and nothing is saved."""

import time

import pytest
from django.core.management import CommandError, call_command
from reversion.models import Version

from articles import front_matter, importing
from articles.models import Article, ArticleFaqEntry, ArticleKeyTakeaway, Category, Tag
from studies.models import Study
from tests import factories

pytestmark = pytest.mark.django_db

FRONT = """---
title: A guide to semax
description: What the trials say.
category: peptide-guides
{extra}---
{body}"""
BODY = "Semax is a short synthetic peptide.\n"


def limit(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def state():
    return [model.objects.count() for model in (Article, Study, Tag, Category, ArticleKeyTakeaway, Version)]


@pytest.fixture
def refused(tmp_path, editor_user):
    """Import `extra` front-matter lines and `body`; return the command's error, checking nothing was saved."""

    def run(extra: str = "", body: str = BODY, *, text: str | None = None) -> str:
        path = tmp_path / "guide.md"
        path.write_text(text if text is not None else FRONT.format(extra=extra, body=body), encoding="utf-8")
        before = state()
        with pytest.raises(CommandError) as error:
            call_command("import_article", str(path), by=editor_user.username)
        assert state() == before
        message = str(error.value)
        assert message.startswith("Nothing was imported")
        return message

    return run


def test_the_base_file_of_these_tests_imports(tmp_path, editor_user):
    path = tmp_path / "guide.md"
    path.write_text(FRONT.format(extra="", body=BODY), encoding="utf-8")
    call_command("import_article", str(path), by=editor_user.username)
    assert Article.objects.get().slug == "a-guide-to-semax"


def test_a_date_that_does_not_exist_is_refused_with_its_line(refused):
    message = refused("published: 2026-02-30\n")
    assert "guide.md:5: published: “2026-02-30” is not a real date (day is out of range for month)" in message


def test_a_date_with_a_time_is_refused(refused):
    assert "published: “2026-02-14 10:00:00” is not a date like 2026-02-14" in refused(
        "published: 2026-02-14 10:00:00\n"
    )


def test_a_tag_name_longer_than_a_tag_holds_is_refused_with_the_limit(refused):
    name = "t" * (limit(Tag, "name") + 1)
    message = refused(f"tags: [semax, {name}]\n")
    assert f"guide.md:5: tags item 2: name: Ensure this value has at most {limit(Tag, 'name')} characters" in message


def test_a_category_name_longer_than_a_category_holds_is_refused_with_the_limit(refused):
    name = "Peptides " * 12
    assert len(name.strip()) > limit(Category, "name")
    message = refused(text=FRONT.format(extra="", body=BODY).replace("peptide-guides", name.strip()))
    assert f"guide.md:4: category: name: Ensure this value has at most {limit(Category, 'name')} characters" in message


def test_link_text_longer_than_a_study_author_list_holds_is_refused_with_its_line(refused):
    author = "A" * (limit(Study, "authors") + 1)
    message = refused(body=f"Intro.\n\nA claim ([{author} et al., 2012](https://pubmed.ncbi.nlm.nih.gov/22282884/)).\n")
    assert "guide.md:8: link text “AAAA" in message
    assert f"gives the study's authors: Ensure this value has at most {limit(Study, 'authors')} characters" in message


def test_a_list_given_as_a_slug_is_refused(refused):
    assert "guide.md:5: slug: must be text, not a list" in refused('"slug": ["a"]\n')


def test_a_list_given_as_a_title_is_refused_not_stored_as_its_python_spelling(refused):
    message = refused(text=FRONT.format(extra="", body=BODY).replace("title: A guide to semax", "title: [a, b]"))
    assert "guide.md:2: title: must be text, not a list" in message


def test_a_number_where_text_belongs_is_refused_until_it_is_quoted(refused):
    message = refused("indication: 2026\n")
    assert "indication: must be text; YAML read 2026 as a number; put it in quotes" in message


def test_a_slug_that_is_not_a_slug_is_refused_with_the_slug_it_could_be(refused):
    assert "slug: “Semax Guide” is not a slug; use lowercase letters" in refused("slug: Semax Guide\n")


def test_a_title_that_gives_an_empty_slug_is_refused(refused):
    message = refused(text=FRONT.format(extra="", body=BODY).replace("title: A guide to semax", 'title: "???"'))
    assert "guide.md:2: title: gives an empty page address; add “slug:” with letters or digits" in message


def test_a_tag_that_gives_an_empty_slug_is_refused(refused):
    assert "guide.md:5: tags item 1: “!!!” gives an empty address" in refused('tags: ["!!!"]\n')


def test_a_category_that_gives_an_empty_slug_is_refused(refused):
    message = refused(text=FRONT.format(extra="", body=BODY).replace("category: peptide-guides", 'category: "---!"'))
    assert "category: “---!” gives an empty address" in message


def test_a_yaml_alias_bomb_is_refused_before_it_expands(refused):
    lines = ["lol: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"lol{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
    started = time.monotonic()
    message = refused("\n".join(lines) + "\n")
    assert time.monotonic() - started < 2
    assert f"guide.md:7: more than {front_matter.MAX_ALIASES} aliases (*name); write the values out" in message


def test_aliases_that_would_expand_past_the_size_limit_are_refused(refused):
    big = "x" * (front_matter.MAX_BYTES // 4)
    message = refused(f"evidence_summary: &big {big}\nprotocol_notes: [*big, *big, *big, *big]\n")
    assert f"with its aliases written out, this is over {front_matter.MAX_BYTES:,} characters" in message


def test_an_alias_that_contains_itself_is_refused(refused):
    assert "an alias refers to the value that contains it" in refused("tags: &loop [*loop]\n")


def test_front_matter_nested_deeper_than_the_limit_is_refused_with_its_line(refused):
    depth = 40_000
    message = refused("tags: " + "[" * depth + "]" * depth + "\n")
    assert f"guide.md:5: values are nested more than {front_matter.MAX_DEPTH} levels deep" in message


def test_front_matter_nested_100000_deep_is_refused_by_its_size(refused):
    depth = 100_000
    message = refused("tags: " + "[" * depth + "]" * depth + "\n")
    assert f"at most {front_matter.MAX_BYTES:,} are accepted" in message


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(refused):
    message = refused(body="word " * (importing.MAX_FILE_BYTES // 5 + 1))
    assert f"at most {importing.MAX_FILE_BYTES:,} are accepted" in message


def test_an_unknown_key_is_refused_with_the_nearest_known_key(refused):
    assert "guide.md:5: tgas: unknown key; did you mean “tags”?" in refused("tgas: [semax]\n")


def test_an_unknown_key_in_an_faq_item_is_refused_with_the_nearest_known_key(refused):
    message = refused("faq:\n  - question: Is it legal?\n    anwser: Not everywhere.\n")
    assert "guide.md:7: faq item 1 anwser: unknown key; did you mean “answer”?" in message
    assert "faq item 1: has no “answer”" in message


def test_a_key_given_twice_is_refused_rather_than_the_first_dropped(refused):
    assert "“title” is given twice (lines 2 and 5); keep one" in refused("title: Another title\n")


def test_a_key_takeaway_longer_than_a_takeaway_holds_is_refused_not_cut_short(refused):
    text = "w" * (limit(ArticleKeyTakeaway, "text") + 1)
    message = refused(f"key_takeaways:\n  - Short.\n  - {text}\n")
    assert "guide.md:7: key_takeaways item 2 text: Ensure this value has" in message
    assert f"at most {limit(ArticleKeyTakeaway, 'text')} characters (it has {len(text)})" in message


def test_a_key_takeaway_in_the_body_longer_than_a_takeaway_holds_is_refused_with_its_line(refused):
    text = "w" * (limit(ArticleKeyTakeaway, "text") + 1)
    message = refused(body=f"Intro.\n\n> **Key Takeaways**\n>\n> - {text}\n")
    assert f"guide.md:10: key takeaway 1: text: Ensure this value has at most {limit(ArticleKeyTakeaway, 'text')}" in (
        message
    )


def test_an_faq_question_in_the_body_longer_than_a_question_holds_is_refused_not_cut_short(refused):
    question = "q" * (limit(ArticleFaqEntry, "question") + 1)
    message = refused(body=f"Intro.\n\n## FAQ\n\n### {question}\n\nAn answer.\n")
    assert f"guide.md:10: FAQ 1: question: Ensure this value has at most {limit(ArticleFaqEntry, 'question')}" in (
        message
    )


def test_text_in_the_takeaways_box_that_is_not_a_list_item_is_refused_not_dropped(refused):
    message = refused(body="Intro.\n\n> **Key Takeaways**\n> A sentence, not an item.\n> - An item\n")
    assert "guide.md:9: text in the Key Takeaways box must be a “- ” list item" in message


def test_text_between_the_faq_heading_and_its_first_question_is_refused_not_dropped(refused):
    message = refused(body="Intro.\n\n## FAQ\nSome words.\n### Is it legal?\nNo.\n")
    assert "guide.md:9: text under the FAQ heading must follow a “### ” question" in message


def test_takeaways_in_both_the_front_matter_and_the_body_are_refused(refused):
    message = refused("key_takeaways: [One]\n", body="> **Key Takeaways**\n> - Two\n")
    assert "key_takeaways: are also in the body's Key Takeaways box; keep one of the two" in message


def test_a_source_that_is_not_a_study_here_is_refused(refused):
    message = refused("sources: [22282884, 10.1000/xyz123]\n")
    assert "guide.md:5: sources item 1: there is no study with PMID 22282884; import the study first" in message
    assert "sources item 2: there is no study with DOI 10.1000/xyz123; import the study first" in message


def test_a_source_that_is_neither_a_pmid_nor_a_doi_is_refused(refused):
    assert "sources item 1: “pubmed 123”: A DOI starts with" in refused('sources: ["pubmed 123"]\n')


def test_a_source_listed_twice_is_refused(refused):
    factories.StudyFactory(pmid="22282884", doi="10.1161/strokeaha.111.646810", slug="heiss-2012")
    message = refused("sources: [22282884, 10.1161/STROKEAHA.111.646810]\n")
    assert "sources item 2: Doe J et al. (2020) PMID 22282884 is listed twice" in message


def test_a_compound_that_is_not_here_is_refused_with_the_nearest_slug(refused):
    factories.CompoundFactory(slug="cerebrolysin")
    message = refused("kind: use_case\ncompound: cerebrolysn\nindication: stroke\n")
    assert "guide.md:6: compound: there is no compound “cerebrolysn”; did you mean “cerebrolysin”?" in message


def test_a_related_compound_that_is_not_here_is_refused(refused):
    message = refused("related_compounds: [semax]\n")
    assert "related_compounds: there is no compound “semax”; import the compound first" in message


def test_an_author_and_a_list_of_authors_at_once_are_refused(refused):
    message = refused("author: ghost\nauthors: [spirit]\n")
    assert "guide.md:5: author: is given with “authors”; list every author under “authors”" in message


def test_an_evidence_tier_we_do_not_know_is_refused_with_the_nearest_one(refused):
    message = refused("evidence_tier: emergent\n")
    assert "evidence_tier: “emergent” is not one of strong, moderate, emerging" in message
    assert "did you mean “emerging”?" in message


def test_a_kind_we_do_not_know_is_refused(refused):
    assert "kind: “howto” is not one of guide, journal_post, use_case" in refused("kind: howto\n")


def test_a_use_case_page_without_its_compound_and_indication_is_refused(refused):
    message = refused("kind: use_case\n")
    assert "compound: A use-case page is about one compound: choose it." in message
    assert "indication: Say what the compound is used for on this page" in message


def test_a_nul_character_is_refused_with_its_line(refused):
    assert "guide.md:8: contains a NUL character" in refused(body="Intro.\n\nA \x00 here.\n")


def test_a_python_object_tag_is_refused_by_the_safe_loader(refused):
    message = refused("title2: !!python/object/apply:os.system [echo hacked]\n")
    assert "front matter is not valid YAML: could not determine a constructor" in message


def test_every_problem_in_a_file_is_listed_at_once(refused):
    message = refused("tgas: [x]\nauthors: ghost\nevidence_tier: emergent\n")
    assert message.count("guide.md:") == 3


@pytest.mark.parametrize("field", ["title", "description", "indication", "image_alt"])
def test_an_article_field_longer_than_its_column_is_refused_with_the_limit(refused, field):
    text = "w" * (limit(Article, field) + 1)
    document = FRONT.format(extra="", body=BODY)
    if field in ("title", "description"):
        document = document.replace(f"{field}: ", f"{field}: {text} ", 1)
        length = len(text) + 1 + len({"title": "A guide to semax", "description": "What the trials say."}[field])
    else:
        document = document.replace("---\nSemax", f"{field}: {text}\n---\nSemax")
        length = len(text)
    message = refused(text=document)
    assert f"{field}: Ensure this value has at most {limit(Article, field)} characters (it has {length})" in message


def test_a_takeaway_wrapped_over_two_lines_in_the_body_is_kept_whole(tmp_path, editor_user):
    path = tmp_path / "guide.md"
    body = "> **Key Takeaways**\n>\n> - A takeaway long enough\n>   to wrap onto a second line\n> - Another\n\nText.\n"
    path.write_text(FRONT.format(extra="", body=body), encoding="utf-8")
    call_command("import_article", str(path), by=editor_user.username)
    assert list(Article.objects.get().key_takeaways.values_list("text", flat=True)) == [
        "A takeaway long enough to wrap onto a second line",
        "Another",
    ]


def test_a_value_yaml_cannot_build_does_not_hide_the_other_problems(refused):
    message = refused(
        text=FRONT.format(extra="published: 2026-02-30\ntgas: [x]\n", body=BODY).replace(
            "title: A guide to semax", "title: [a, b]"
        )
    )
    assert message.splitlines()[1:] == [
        line.replace("FILE", message.splitlines()[1].split(":")[0])
        for line in [
            "FILE:5: published: “2026-02-30” is not a real date (day is out of range for month)",
            "FILE:6: tgas: unknown key; did you mean “tags”?",
            "FILE:2: title: must be text, not a list",
        ]
    ]
