"""The rules that must hold whatever editors and reviewers do, in whatever order.

A Hypothesis state machine drives random sequences of every workflow action by
random users of every role (a user in both Editors and Medical reviewers included),
writing a fresh marker word with every edit. After every step it checks:

- every marker on any public surface was in a submission a reviewer approved;
- nobody approved or confirmed a change they wrote;
- every current edition of a safety-critical change was approved by as many different
  reviewers as its risk class needs, none of them its author, all on its content hash;
- every live page has a last-reviewed date and a review due date;
- no object has more than one current edition, and a page taken down answers 410.

`make prove EXAMPLES=5000` runs many more examples than CI does.
"""

import itertools
import os
import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
from django.test import TestCase
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from reversion.models import Version

from articles.models import ArticleFaqEntry, Category, Tag
from compounds.models import Area, SideEffect
from reviews import registry, selectors, services
from reviews.exceptions import InvalidTransition, WorkflowError
from reviews.models import Approval, Edition, ReviewerProfile, Submission
from reviews.roles import EDITORS, MEDICAL_REVIEWERS
from tests import factories
from tests.public_surfaces import public_text

pytestmark = pytest.mark.django_db(transaction=False)

MARKER = re.compile(r"qz\d+qz")
EXAMPLES = int(os.environ.get("INVARIANT_EXAMPLES", "200"))
STEPS = int(os.environ.get("INVARIANT_STEPS", "12"))

# The two pages that cite the study and link to the related compound, and the text
# fields an editor changes on each.
PAGES = ("compound", "article")
TEXT_FIELDS = {
    "study": ("title", "finding"),
    "compound": ("name", "summary", "what_it_is"),
    "article": ("title", "description", "body"),
}
OBJECTS = ("study", "compound", "related", "article")
USERS = ("editor", "reviewer", "second_reviewer", "managing_editor", "both_roles")
LABELS = ("area", "category", "tag")


class _Rollback(Exception):
    pass


class PublicationMachine(RuleBasedStateMachine):
    # Set by the test: the public site as a reader reaches it, the users and the site.
    client = None
    users: dict = {}
    objects: dict = {}

    def __init__(self):
        super().__init__()
        # Each example starts from the same live site and is rolled back at the end.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        cache.clear()
        self.counter = itertools.count(1)
        self.approved: set[str] = set()
        self.submitted: dict[int, set[str]] = {}
        # Whether the last step wrote anything: a refused action rolls back, so the
        # public site is as it was at the last check and need not be read again.
        self.changed = True
        self.last_marker = ""

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # Helpers

    def marker(self) -> str:
        self.last_marker = f"qz{next(self.counter)}qz"
        return self.last_marker

    def obj(self, name):
        obj = self.objects[name]
        return type(obj)._default_manager.get(pk=obj.pk)

    def pending(self, name) -> Submission:
        submission = selectors.pending_submission(self.obj(name))
        if submission is None:
            raise InvalidTransition("Nothing awaits review.")
        return submission

    def act(self, action) -> None:
        """Run one action as a person would, all or nothing: refusals are part of the
        game, and whatever runs after commit (jobs, cache purges) runs as if it committed."""
        try:
            with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
                action()
        except WorkflowError:
            self.changed = False
        else:
            self.changed = True

    def _markers_submitted(self, submission: Submission) -> set[str]:
        """What the reviewer was shown: the pinned revision's own fields and rows, and
        the names of the labels (area, category, tags) it carried when submitted."""
        text = " ".join(version.serialized_data for version in submission.revision.version_set.all())
        labels = " ".join(
            [*Area.objects.values_list("name", flat=True), *Category.objects.values_list("name", flat=True)]
            + list(Tag.objects.values_list("name", flat=True))
        )
        return set(MARKER.findall(text)) | set(MARKER.findall(labels))

    # Editors' actions

    @rule(name=st.sampled_from(tuple(TEXT_FIELDS)), user=st.sampled_from(USERS))
    def edit_the_text(self, name, user):
        obj = self.obj(name)
        marker = self.marker()
        for field in TEXT_FIELDS[name]:
            setattr(obj, field, f"{field} {marker}")
        self.act(lambda: services.save_draft(obj, by=self.users[user], comment="Edited"))

    @rule(name=st.sampled_from(PAGES), user=st.sampled_from(USERS))
    def move_the_page(self, name, user):
        obj = self.obj(name)
        obj.slug = f"page-{self.marker()}"
        self.act(lambda: services.save_draft(obj, by=self.users[user], comment="New address"))

    @rule(name=st.sampled_from(PAGES), user=st.sampled_from(USERS))
    def add_a_row(self, name, user):
        obj = self.obj(name)
        marker = self.marker()
        if name == "article":
            row = ArticleFaqEntry(article=obj, question=f"Question {marker}?", answer="An answer.", position=9)
        else:
            row = SideEffect(compound=obj, name=f"Effect {marker}", frequency=SideEffect.Frequency.RARE, position=9)
        self.act(lambda: services.save_draft(obj, by=self.users[user], comment="Added a row", rows=[row]))

    @rule(user=st.sampled_from(USERS))
    def rename_the_related_compound(self, user):
        related = self.obj("related")
        related.name = f"Related {self.marker()}"
        self.act(lambda: services.save_draft(related, by=self.users[user], comment="Renamed"))

    @rule(label=st.sampled_from(LABELS))
    def rename_a_label(self, label):
        model = {"area": Area, "category": Category, "tag": Tag}[label]
        model.objects.update(name=f"Label {self.marker()}")
        self.changed = True

    @rule(name=st.sampled_from(PAGES), user=st.sampled_from(USERS))
    def submit(self, name, user):
        def action():
            submission = services.submit(self.obj(name), by=self.users[user])
            self.submitted[submission.pk] = self._markers_submitted(submission)

        self.act(action)

    @rule(name=st.sampled_from(PAGES), user=st.sampled_from(USERS))
    def withdraw(self, name, user):
        self.act(lambda: services.withdraw(self.pending(name), by=self.users[user]))

    @rule(name=st.sampled_from(PAGES), user=st.sampled_from(USERS), data=st.data())
    def revert(self, name, user, data):
        obj = self.obj(name)
        versions = list(Version.objects.get_for_object(obj).order_by("pk"))
        to = data.draw(st.sampled_from(versions))
        self.act(lambda: services.revert(obj, to=to, by=self.users[user]))

    # Reviewers' actions

    @rule(name=st.sampled_from(PAGES), user=st.sampled_from(USERS))
    def request_changes(self, name, user):
        self.act(lambda: services.request_changes(self.pending(name), by=self.users[user], comment="Check the dose."))

    @rule(name=st.sampled_from(PAGES), user=st.sampled_from(USERS), later=st.booleans())
    def approve(self, name, user, later):
        """A first approval of a change that needs two, or the one that publishes it."""

        def action():
            pending = self.pending(name)
            publishes = selectors.sign_off(pending).next_publishes
            # Only the approval that publishes chooses when.
            publish_at = timezone.now() + timedelta(days=30) if later and publishes else None
            by = self.users[user]
            if services.approve(pending, by=by, signature=factories.signature(by), publish_at=publish_at) is not None:
                self.approved |= self.submitted[pending.pk]

        self.act(action)

    @rule(name=st.sampled_from(PAGES), user=st.sampled_from(USERS))
    def confirm_still_accurate(self, name, user):
        self.act(
            lambda: services.confirm_still_accurate(
                self.obj(name), by=self.users[user], signature=factories.signature(self.users[user])
            )
        )

    @rule(author=st.sampled_from(USERS), approvers=st.lists(st.sampled_from(USERS), min_size=2, max_size=2))
    def republish_the_cited_study(self, author, approvers):
        study = self.obj("study")
        study.finding = f"Finding {self.marker()}"
        self.act(lambda: self._republish(study, author=author, approvers=approvers))

    @rule(author=st.sampled_from(USERS), approvers=st.lists(st.sampled_from(USERS), min_size=2, max_size=2))
    def republish_the_related_compound(self, author, approvers):
        self.act(lambda: self._republish(self.obj("related"), author=author, approvers=approvers))

    def _republish(self, obj, *, author, approvers):
        """Edit, submit and approve, by the second of `approvers` too if the change needs two."""
        if obj.state == obj.State.IN_REVIEW:
            services.withdraw(selectors.pending_submission(obj), by=self.users[author])
        services.save_draft(obj, by=self.users[author], comment="Changed")
        submission = services.submit(obj, by=self.users[author])
        self.submitted[submission.pk] = self._markers_submitted(submission)
        for approver in approvers:
            by = self.users[approver]
            if services.approve(submission, by=by, signature=factories.signature(by)) is not None:
                self.approved |= self.submitted[submission.pk]
                return
        raise InvalidTransition("Not published: it needs more approvals.")

    @rule()
    def publish_what_was_scheduled(self):
        def action():
            if not services.publish_scheduled(now=timezone.now() + timedelta(days=31)):
                raise InvalidTransition("Nothing was scheduled.")

        self.act(action)

    @rule(name=st.sampled_from(OBJECTS), user=st.sampled_from(USERS))
    def take_down(self, name, user):
        self.act(
            lambda: services.unpublish(
                self.obj(name),
                by=self.users[user],
                reason="Dose under question.",
                signature=factories.signature(self.users[user]),
            )
        )

    # What must always be true

    @invariant()
    def only_approved_markers_are_public(self):
        if not self.changed:
            return
        # Search is asked for the newest marker: found only if that text was approved.
        text = public_text(self.client, searches=[self.last_marker] if self.last_marker else [])
        leaked = set(MARKER.findall(text)) - self.approved
        assert not leaked, f"unapproved text is public: {sorted(leaked)}"

    @invariant()
    def nobody_approved_their_own_change(self):
        for edition in Edition.objects.select_related("revision").order_by("approved_at", "pk"):
            if edition.submission_id is not None:
                authors = _authors_of(edition)
            else:  # republished at a confirm with a cited study's newer edition
                authors = _authors_of_newly_embedded_studies(edition)
            assert edition.approved_by_id not in authors, f"{edition} was approved by one of its authors"

    @invariant()
    def safety_critical_editions_have_enough_different_reviewers_none_an_author_on_one_hash(self):
        if not self.changed:
            return
        needed = django_settings.REVIEW_APPROVALS_REQUIRED[Submission.Risk.SAFETY_CRITICAL]
        current = (
            Edition.objects.current()
            .filter(submission__risk=Submission.Risk.SAFETY_CRITICAL)
            .select_related("revision", "submission")
        )
        for edition in current:
            approvals = list(Approval.objects.filter(submission=edition.submission_id, voided_at=None))
            reviewers = {approval.reviewer_id for approval in approvals}
            assert len(reviewers) >= needed, f"{edition} was published with {len(reviewers)} of {needed} approvals"
            assert not reviewers & _authors_of(edition), f"{edition} was approved by one of its authors"
            assert {approval.content_hash for approval in approvals} == {edition.content_hash}, (
                f"{edition}'s approvals signed other content"
            )
            assert [s["reviewer"] for s in edition.signatories] == [a.reviewer_id for a in approvals]

    @invariant()
    def every_live_page_has_a_review_date_and_a_due_date(self):
        for name in OBJECTS:
            obj = self.obj(name)
            current = Edition.for_object(obj).current().first()
            assert obj.is_live == (current is not None)
            if current is not None:
                assert current.last_reviewed_at is not None, f"{name} is live without a last-reviewed date"
                assert obj.last_reviewed_at is not None and obj.review_due_at is not None, (
                    f"{name} is live without a review due date"
                )

    @invariant()
    def at_most_one_current_edition_per_object_and_taken_down_pages_are_gone(self):
        per_object = Edition.objects.current().values("content_type", "object_id").annotate(n=Count("pk"))
        assert all(row["n"] == 1 for row in per_object)
        if not self.changed:
            return
        for edition in Edition.objects.filter(unpublished_at__isnull=False):
            if not Edition.objects.current().filter(kind=edition.kind, slug=edition.slug).exists():
                url = registry.builder_for_kind(edition.kind).url(edition.slug)
                assert self.client.get(url).status_code == 410, f"{url} was taken down but still answers"


def _starting_site() -> tuple[dict, dict]:
    """The users of every role, and a live study, two compounds and an article that
    cite and link to each other, all approved through the workflow."""
    users = {
        "editor": factories.editor(username="sm-editor"),
        "reviewer": factories.reviewer(username="sm-reviewer"),
        "second_reviewer": factories.reviewer(username="sm-second-reviewer"),
        "managing_editor": factories.UserFactory(username="sm-managing", is_superuser=True),
        "both_roles": factories.UserFactory(username="sm-both", groups=[EDITORS, MEDICAL_REVIEWERS]),
    }
    for name in ("managing_editor", "both_roles"):
        factories.verified_credential(ReviewerProfile.objects.create(user=users[name], display_name=name))
    editor, reviewer = users["editor"], users["reviewer"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        study = factories.StudyFactory(pmid="22282884", slug="a-trial", title="A trial")
        related = factories.compound_with_rows(name="Related", slug="related", studies=0, by=editor)
        compound = factories.compound_with_rows(name="Main", slug="main", studies=0, by=editor)
        factories.approve(services.submit(study, by=editor), by=reviewer)
        factories.approve(services.submit(related, by=editor), by=reviewer)
        with services.drafting(by=editor):
            factories.EvidenceLinkFactory(compound=compound, study=study)
            compound.related_compounds.add(related)
            compound.save()
        factories.approve(services.submit(compound, by=editor), by=reviewer)
        article = factories.ArticleFactory(title="A guide", slug="a-guide", compound=compound)
        with services.drafting(by=editor):
            article.tags.add(factories.TagFactory(name="a tag", slug="a-tag"))
            article.related_compounds.add(related)
            factories.ArticleSourceFactory(article=article, study=study)
            article.save()
        factories.approve(services.submit(article, by=editor), by=reviewer)
    return users, {"study": study, "compound": compound, "related": related, "article": article}


def _authors_of(edition: Edition) -> set[int]:
    """Who saved a revision of the page between its previous edition and this one."""
    earlier = (
        Edition.objects.filter(content_type_id=edition.content_type_id, object_id=edition.object_id)
        .filter(approved_at__lt=edition.approved_at)
        .select_related("revision")
        .order_by("-approved_at", "-pk")
        .first()
    )
    versions = Version.objects.filter(
        content_type_id=edition.content_type_id,
        object_id=str(edition.object_id),
        revision__date_created__lte=edition.revision.date_created,
    )
    if earlier is not None:
        versions = versions.filter(revision__date_created__gt=earlier.revision.date_created)
    return set(versions.values_list("revision__user_id", flat=True))


def _authors_of_newly_embedded_studies(edition: Edition) -> set[int]:
    """Who wrote the study versions that this edition embeds and its predecessor did not."""
    previous = (
        Edition.objects.filter(content_type_id=edition.content_type_id, object_id=edition.object_id)
        .filter(approved_at__lt=edition.approved_at)
        .order_by("-approved_at", "-pk")
        .first()
    )
    before = {c.object_id: c.cited_edition for c in previous.citations.select_related("cited_edition__revision")}
    authors = set()
    for citation in edition.citations.select_related("cited_edition__revision"):
        old = before.get(citation.object_id)
        versions = Version.objects.filter(
            content_type_id=citation.content_type_id,
            object_id=str(citation.object_id),
            revision__date_created__lte=citation.cited_edition.revision.date_created,
        )
        if old is not None:
            versions = versions.filter(revision__date_created__gt=old.revision.date_created)
        authors |= set(versions.values_list("revision__user_id", flat=True))
    return authors


# The examples run in parts, so that a test run on several processes shares them out.
PARTS = 4


@pytest.mark.parametrize("part", range(PARTS))
def test_only_approved_text_reaches_readers_whatever_anyone_does_in_any_order(client, part):
    PublicationMachine.client = client
    PublicationMachine.users, PublicationMachine.objects = _starting_site()
    run_state_machine_as_test(
        PublicationMachine,
        settings=settings(
            max_examples=-(-EXAMPLES // PARTS),
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
