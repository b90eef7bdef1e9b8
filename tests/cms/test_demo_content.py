"""`manage.py load_demo`: enough content of every kind, valid, versioned, published
through review, idempotent, and honest about its sources.

The demo is loaded once for the module, in a transaction rolled back at its end; each
test runs in a savepoint inside it, so one test's changes never reach the next.
"""

import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import markdown
from articles.models import Article, ArticleFaqEntry, ArticleKeyTakeaway, ArticleSkipItem, ArticleSource, Category, Tag
from cms.demo import loader
from cms.demo.users import USERS
from cms.management.commands.take_screenshots import CHANGED_ROW, _pending_dose_change
from compounds.models import COMPOUND_OWNED_ROWS, Area, Compound
from reviews.models import Credential, Edition, ReviewerProfile
from reviews.roles import EDITORS, MEDICAL_REVIEWERS
from studies.models import Study

pytestmark = pytest.mark.django_db

CEREBROLYSIN_TEXT = (
    "name", "other_names", "kind", "drug_class", "approved_in", "fda_status", "manufacturer", "standard_dose",
    "summary", "what_it_is", "mechanism", "evidence_appraisal", "evidence_override_reason", "timing", "cycle_note",
    "stacking_note",
)  # fmt: skip
REQUIRED_PMIDS = ("32662068", "22282884", "26564102", "25832905", "39055722")
# PMIDs that reference material attached to the wrong papers; the demo must never cite them.
MISATTRIBUTED_PMIDS = ("23390978", "16697710", "26303664", "34551229")
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PROJECT_APPS = ("auth", "reversion", "reviews", "studies", "compounds", "articles")


def password_of(username: str) -> str:
    return next(spec["password"] for spec in USERS if spec["username"] == username)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
    }


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The output of loading the demo into an empty database, once for every test here."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = io.StringIO()
            call_command("load_demo", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(loaded, db):
    return loaded


def test_the_demo_holds_enough_content_of_every_kind(demo):
    assert Compound.objects.count() >= 8
    assert Study.objects.count() >= 25
    assert sorted(Article.objects.values_list("kind", flat=True)) == ["guide", "journal_post", "use_case"]
    assert Area.objects.count() >= 4 and Category.objects.count() >= 3 and Tag.objects.exists()
    for pmid in REQUIRED_PMIDS:
        assert Study.objects.filter(pmid=pmid).exists(), pmid


def test_demo_studies_carry_what_a_reviewer_needs_and_no_misattributed_pmid(demo):
    for study in Study.objects.all():
        assert study.pmid or study.doi, study.slug
        assert study.missing_details == [], study.slug
        assert study.population and study.finding, study.slug
    assert not Study.objects.filter(pmid__in=MISATTRIBUTED_PMIDS).exists()


def test_the_demo_users_hold_their_roles_and_the_reviewer_is_named(demo):
    User = get_user_model()
    editor, reviewer, admin = (User.objects.get(username=name) for name in ("editor", "reviewer", "admin"))
    assert list(editor.groups.values_list("name", flat=True)) == [EDITORS]
    assert list(reviewer.groups.values_list("name", flat=True)) == [MEDICAL_REVIEWERS]
    assert admin.is_superuser and not editor.is_superuser and not reviewer.is_superuser
    assert all(user.is_staff for user in (editor, reviewer, admin))
    assert editor.email == "editor@example.org"
    profile = ReviewerProfile.objects.get(user=reviewer)
    assert (profile.display_name, profile.credentials) == ("Dr Amara Okafor", "MD, PhD")


def test_the_demo_cerebrolysin_has_every_section_filled(demo):
    cerebrolysin = Compound.objects.get(slug="cerebrolysin")
    for name in (*COMPOUND_OWNED_ROWS, "related_compounds"):
        assert getattr(cerebrolysin, name).exists(), name
    for name in CEREBROLYSIN_TEXT:
        assert str(getattr(cerebrolysin, name)).strip(), name
    assert cerebrolysin.kind == Compound.Kind.PRESCRIPTION_DRUG
    assert (cerebrolysin.cycle_min_days, cerebrolysin.cycle_optimal_days) == (10, 21)
    assert 5 <= cerebrolysin.mechanism_steps.count() <= 7
    assert cerebrolysin.key_takeaways.count() == 4
    assert cerebrolysin.faq_entries.count() >= 6
    assert cerebrolysin.evidence_links.count() == 10


def test_the_demo_cerebrolysin_rows_are_complete(demo):
    cerebrolysin = Compound.objects.get(slug="cerebrolysin")
    dosing = list(cerebrolysin.dosing_protocols.all())
    assert len(dosing) >= 5
    assert {row.basis for row in dosing} == {"clinical_trial", "label", "community"}
    for row in dosing:
        assert row.dose_min is not None and row.dose_max is not None and row.unit, row.use
        assert row.route and row.frequency and row.duration, row.use
    side_effects = list(cerebrolysin.side_effects.all())
    assert len(side_effects) >= 10
    assert {row.frequency for row in side_effects} == {"common", "uncommon", "rare", "serious"}
    assert all(row.note and row.tip for row in side_effects)
    assert set(cerebrolysin.cautions.values_list("kind", flat=True)) == {"interaction", "contraindication", "caution"}
    assert all(verdict.studies.exists() for verdict in cerebrolysin.verdicts.all())


def test_the_other_demo_compounds_have_a_reasonable_subset_of_sections(demo):
    for compound in Compound.objects.exclude(slug="cerebrolysin"):
        assert compound.summary and compound.key_takeaways.exists(), compound.slug
        assert compound.dosing_protocols.exists() and compound.side_effects.exists(), compound.slug
        if compound.evidence_score_override is not None:
            assert compound.evidence_override_reason.strip(), compound.slug


def test_every_demo_page_is_published_through_review(demo):
    for model in (Study, Compound, Article):
        for obj in model.objects.all():
            assert obj.is_live and obj.state == "published", obj
            assert Edition.for_object(obj).current().get().approved_by.username == "reviewer"


def test_each_demo_compound_is_one_revision_by_the_editor_holding_all_its_rows(demo):
    for compound in Compound.objects.all():
        versions = list(Version.objects.get_for_object(compound).select_related("revision__user"))
        # The import writes one revision; submitting for review pins one more, as it does for every page.
        # A page the demo corrects was first saved as first published, then corrected and submitted again.
        corrected = [
            "Submitted for review",
            "Corrected where approved",
            "Submitted for review",
            "As first published, before its correction",
        ]
        assert [v.revision.get_comment() for v in versions] == [
            *(corrected if compound.slug == "cerebrolysin" else ["Submitted for review"]),
            f"Imported from {compound.slug}.json",
        ]
        demo_revision = versions[-1].revision
        assert demo_revision.user.username == "editor"
        recorded = {(v.content_type.model, v.object_id) for v in demo_revision.version_set.all()}
        for name in COMPOUND_OWNED_ROWS:
            for row in getattr(compound, name).all():
                assert (row._meta.model_name, str(row.pk)) in recorded, (compound.slug, name)
        related = versions[-1].field_dict["related_compounds"]
        assert sorted(related) == sorted(compound.related_compounds.values_list("pk", flat=True))


def test_each_demo_study_and_article_is_one_revision_by_the_editor(demo):
    for obj in (*Study.objects.all(), *Article.objects.all()):
        versions = list(Version.objects.get_for_object(obj).select_related("revision__user"))
        assert [v.revision.get_comment() for v in versions][0] == "Submitted for review", obj
        (written,) = versions[1:]
        assert written.revision.get_comment().startswith("Imported from "), obj
        assert written.revision.user.username == "editor", obj


def test_all_demo_objects_and_rows_pass_the_validation_editors_face(demo):
    row_models = [getattr(Compound, name).rel.related_model for name in COMPOUND_OWNED_ROWS]
    row_models += [ArticleSource, ArticleFaqEntry, ArticleKeyTakeaway, ArticleSkipItem]
    for model in (Study, Compound, Article, Area, Category, Tag, ReviewerProfile, get_user_model(), *row_models):
        assert model.objects.exists(), model
        for obj in model.objects.all():
            obj.full_clean()


def test_loading_the_demo_twice_changes_nothing(capsys, demo):
    first = demo
    before = (row_counts(), list(get_user_model().objects.order_by("pk").values_list("username", "password")))

    call_command("load_demo")

    second = capsys.readouterr().out
    after = (row_counts(), list(get_user_model().objects.order_by("pk").values_list("username", "password")))
    assert after == before
    assert "compounds: 9 created, 0 already present" in first
    for kind, total in (("users", len(USERS)), ("studies", Study.objects.count()), ("compounds", 9), ("articles", 3)):
        assert f"{kind}: 0 created, {total} already present" in second


def test_the_demo_prints_the_same_sign_ins_every_run(capsys, demo):
    call_command("load_demo")
    again = capsys.readouterr().out
    for spec in USERS:
        line = f"{spec['username']:<9} password: {spec['password']}"
        assert demo.count(line) == again.count(line) == 1


def test_the_demo_editor_signs_in_with_the_printed_password_and_sees_cerebrolysin(client, demo):
    assert f"editor    password: {password_of('editor')}" in demo

    response = client.post(
        reverse("admin:login"), {"username": "editor", "password": password_of("editor"), "next": "/admin/"}
    )

    assert response.status_code == 302
    listing = client.get(reverse("admin:compounds_compound_changelist"))
    assert listing.status_code == 200
    assert "Cerebrolysin" in listing.content.decode()


def test_every_pmid_an_article_body_cites_is_among_its_sources(demo):
    for article in Article.objects.all():
        cited = markdown.cited_pmids(article.body)
        listed = set(article.sources.values_list("study__pmid", flat=True))
        assert cited, article.slug
        assert set(cited) <= listed, (article.slug, set(cited) - listed)
    guide = Article.objects.get(kind="guide")
    assert len(markdown.cited_pmids(guide.body)) >= 5
    assert "| Condition | Dose | Route | Duration |" in guide.body


def test_the_use_case_page_names_its_compound_indication_and_evidence(demo):
    page = Article.objects.get(kind="use_case")
    assert page.title == "Why people use Cerebrolysin for stroke recovery"
    assert page.compound.slug == "cerebrolysin" and page.indication == "stroke recovery"
    assert page.evidence_tier and page.evidence_summary and page.protocol_notes
    assert page.skip_items.exists() and page.related_compounds.exists()


def test_the_screenshot_change_is_a_draft_by_the_demo_editor_submitted_once(demo):
    submission = _pending_dose_change()

    cerebrolysin = Compound.objects.get(slug="cerebrolysin")
    assert cerebrolysin.dosing_protocols.get(use=CHANGED_ROW).dose_max == 50
    latest_edit = Version.objects.get_for_object(cerebrolysin).select_related("revision__user")[1].revision
    assert (latest_edit.get_comment(), latest_edit.user.username) == ("Widened the stroke dose", "editor")
    assert submission.submitted_by.username == "editor"
    assert _pending_dose_change() == submission


def test_a_demo_file_that_fails_its_import_stops_the_load_with_the_reason_and_saves_nothing(db, tmp_path, monkeypatch):
    (tmp_path / "compounds").mkdir()
    (tmp_path / "compounds" / "broken.json").write_text('{"compounds": [{"name": "Broken", "side_efects": []}]}')
    monkeypatch.setattr(loader, "DATA", tmp_path)
    before = row_counts()

    with pytest.raises(CommandError, match="side_efects: is not a key we know; did you mean “side_effects”"):
        call_command("load_demo")

    assert row_counts() == before


def test_the_demo_reviewers_sign_with_credentials_a_managing_editor_verified_one_expiring_soon(demo):
    desk = get_user_model().objects.get(username="managing-editor")
    held = Credential.objects.held(on=timezone.localdate()).select_related("reviewer__user")
    by_reviewer = {c.reviewer.user.username: c for c in held if c.kind == Credential.Kind.LICENCE}

    assert not desk.is_superuser and desk.has_perm("reviews.verify_credential")
    assert {"reviewer", "second-reviewer"} <= set(by_reviewer)
    assert all(c.verified_by == desk for c in held)
    soon = by_reviewer["second-reviewer"].expires_on - timezone.localdate()
    assert soon <= timedelta(days=30)
    assert "Jordan Reyes: PharmD licence (California State Board of Pharmacy RPH 78214), expires" in demo
