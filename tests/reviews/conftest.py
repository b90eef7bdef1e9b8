import pytest

from reviews import services
from tests import factories


def make_draft(kind):
    """A draft of `kind` that is ready for review (its cited studies are approved)."""
    if kind == "study":
        return factories.StudyFactory()
    if kind == "compound":
        compound = factories.compound_with_rows(studies=0, cite_when_no_studies=False)
        factories.EvidenceLinkFactory(compound=compound, study=factories.published_study())
        return compound
    article = factories.ArticleFactory()  # its body cites PubMed 22282884
    factories.ArticleSourceFactory(article=article, study=factories.published_study(pmid="22282884", slug="heiss"))
    return article


def edit(obj, *, by, **fields):
    """An editor's save: one revision with the new values."""
    with services.drafting(by=by):
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save()
    return obj


TITLE_FIELD = {"study": "title", "compound": "name", "article": "title"}


@pytest.fixture(params=["compound", "study", "article"])
def kind(request):
    return request.param
