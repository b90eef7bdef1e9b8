import pytest
from django.core.exceptions import ValidationError

from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_use_case_page_needs_its_compound_and_indication():
    article = factories.ArticleFactory.build(kind=Article.Kind.USE_CASE, category=factories.CategoryFactory())
    with pytest.raises(ValidationError) as caught:
        article.full_clean()
    assert caught.value.message_dict == {
        "compound": ["A use-case page is about one compound: choose it."],
        "indication": ['Say what the compound is used for on this page, e.g. "stroke recovery".'],
    }
    assert not Article.objects.exists()


def test_two_articles_cannot_share_a_slug():
    factories.ArticleFactory(slug="cerebrolysin-guide")
    duplicate = factories.ArticleFactory.build(slug="cerebrolysin-guide", category=factories.CategoryFactory())
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert "slug" in caught.value.message_dict


def test_read_time_is_computed_from_the_body_at_220_words_a_minute():
    assert Article(body="word " * 220).read_time_minutes == 1
    assert Article(body="word " * 221).read_time_minutes == 2
    assert Article(body="").read_time_minutes == 1
