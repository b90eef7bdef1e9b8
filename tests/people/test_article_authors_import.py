"""An imported article names its authors by their person pages: by page address, by
name, or by the username of a reviewer with a page; anyone else gets a draft page."""

import pytest

from articles.importing import check_article, save_article
from people.models import Person
from reviews import services
from reviews.exceptions import NotReady
from studies.importing import ImportRefused
from tests import factories
from tests.people.factories import live_person

pytestmark = pytest.mark.django_db

FRONT = """---
title: A guide to semax
description: What the trials say.
category: peptide-guides
{extra}---
Semax is a short synthetic peptide.
"""


def imported(tmp_path, editor_user, extra: str):
    path = tmp_path / "guide.md"
    path.write_text(FRONT.format(extra=extra), encoding="utf-8")
    plan = check_article(path, by=editor_user)
    return save_article(plan, by=editor_user), plan.notes


def byline(article) -> list[str]:
    return [row.person.name for row in article.authors.order_by("position")]


def test_authors_are_found_by_page_address_or_name_in_the_order_given(tmp_path, editor_user):
    live_person(name="Zed Adams", slug="zed-adams")
    live_person(name="Ann Bell", slug="ann-bell")
    article, notes = imported(tmp_path, editor_user, "authors: [zed-adams, ann bell]\n")
    assert byline(article) == ["Zed Adams", "Ann Bell"]
    assert notes == []


def test_a_reviewer_named_by_username_is_the_person_of_their_page(tmp_path, editor_user):
    okafor = factories.reviewer(username="okafor", first_name="Amara", last_name="Okafor")
    live_person(name="Dr Amara Okafor", slug="amara-okafor", reviewer=okafor)
    article, _ = imported(tmp_path, editor_user, "author: okafor\n")
    assert byline(article) == ["Dr Amara Okafor"]


def test_an_author_with_no_page_gets_a_draft_one_and_the_article_waits_for_its_approval(tmp_path, editor_user):
    article, notes = imported(tmp_path, editor_user, "author: Nora Quist\n")

    person = Person.objects.get(name="Nora Quist")
    assert (person.slug, person.state, person.is_live) == ("nora-quist", "draft", False)
    assert byline(article) == ["Nora Quist"]
    assert notes == [
        "The author “Nora Quist” has no page yet: a draft page was made for them; complete it and have it "
        "approved before the article goes to review."
    ]
    with pytest.raises(NotReady, match="The author “Nora Quist” has no approved page yet"):
        services.submit(article, by=editor_user)


def test_an_author_name_too_long_for_a_page_is_refused_and_nothing_is_saved(tmp_path, editor_user):
    with pytest.raises(ImportRefused, match="author: name: Ensure this value has at most 120 characters"):
        imported(tmp_path, editor_user, f"author: {'N' * 121}\n")
    assert not Person.objects.exists()
