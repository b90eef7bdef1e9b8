"""FAQ answers and the other longer texts an editor writes (mechanism, timing, the
evidence appraisal...) reach readers through the same safe Markdown pipeline as article
bodies: formatting renders, and scripts or links other than http, https and mailto stay
inert."""

import pytest

from articles.models import ArticleFaqEntry
from compounds.models import FaqEntry
from reviews import services
from tests import factories

pytestmark = pytest.mark.django_db

ANSWER = """Take it **with food**; see [the label](https://example.org/label).

- once a day
- for four weeks

Ask [the clinic](mailto:clinic@example.org).

<script>alert("answer")</script>
[a trap](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=)
"""


def drafted(obj, edit):
    with services.drafting(by=factories.editor(username="markdown-editor"), comment="Markdown fields"):
        edit(obj)
    return factories._publish(obj)


def assert_rendered_safely(html: str) -> None:
    assert "<strong>with food</strong>" in html
    assert '<a href="https://example.org/label" rel="noopener noreferrer">the label</a>' in html
    assert "<li>once a day</li>" in html and "<li>for four weeks</li>" in html
    assert 'href="mailto:clinic@example.org"' in html
    assert "**" not in html and "](https://" not in html
    assert "<script>alert" not in html
    # Such links are left as the text the editor typed, never as links.
    assert 'href="javascript:' not in html and 'href="data:' not in html


def test_a_compound_faq_answer_renders_as_markdown_and_stays_inert(client):
    compound = factories.compound_with_rows(studies=0, slug="markdown-faq")

    def edit(obj):
        FaqEntry.objects.create(compound=obj, position=0, question="How do I take it?", answer=ANSWER)

    drafted(compound, edit)
    assert_rendered_safely(client.get("/compounds/markdown-faq/").content.decode())


def test_an_article_faq_answer_renders_as_markdown_and_stays_inert(client):
    article = factories.ArticleFactory(slug="markdown-guide", body="A body that cites nothing.")

    def edit(obj):
        ArticleFaqEntry.objects.create(article=obj, position=0, question="How do I take it?", answer=ANSWER)

    drafted(article, edit)
    assert_rendered_safely(client.get("/articles/markdown-guide/").content.decode())


@pytest.mark.parametrize("field", ["what_it_is", "mechanism", "timing", "stacking_note", "cycle_note"])
def test_a_compound_s_longer_texts_render_as_markdown(client, field):
    compound = factories.compound_with_rows(studies=0, slug="markdown-texts")

    def edit(obj):
        setattr(obj, field, ANSWER)
        obj.save()

    drafted(compound, edit)
    assert_rendered_safely(client.get("/compounds/markdown-texts/").content.decode())
