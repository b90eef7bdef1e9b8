"""People pages for tests: drafts saved as an editor saves them, live ones through review."""

from articles.models import ArticleAuthor
from people.models import Disclosure, Person
from reviews import services
from tests import factories


def draft_person(*, name="Jordan Reyes", slug="", job_title="Clinical pharmacist", reviewer=None, by=None, **fields):
    """A draft person page, one revision by an editor; `reviewer` is the user it is about."""
    disclosures = fields.pop("disclosures", ())
    with services.drafting(by=by or factories.editor(username="factory-editor"), comment="Created in a test"):
        person = Person.objects.create(
            name=name,
            slug=slug or Person.unique_slug(name),
            job_title=job_title,
            reviewer=reviewer.reviewer_profile if reviewer is not None else None,
            **fields,
        )
        for position, (interest, funder) in enumerate(disclosures):
            Disclosure.objects.create(person=person, interest=interest, funder=funder, position=position)
    return person


def live_person(*, approver=None, **kwargs) -> Person:
    """A person page approved by `approver` (by default a reviewer it is not about)."""
    person = draft_person(**kwargs)
    return factories._publish(person, approver=approver or factories.reviewer(username="people-desk-reviewer"))


def with_authors(article, *people):
    """`article` (a draft) naming `people` as its authors, in byline order."""
    with services.drafting(by=factories.editor(username="factory-editor"), comment="Authors"):
        for position, person in enumerate(people):
            ArticleAuthor.objects.create(article=article, person=person, position=position)
        article.save()
    return article
