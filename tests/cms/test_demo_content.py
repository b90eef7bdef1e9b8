import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Revision, Version

from articles.models import Article
from cms.demo import loader
from compounds.models import Compound
from reviews import registry
from reviews.models import Edition
from reviews.roles import EDITORS, MEDICAL_REVIEWERS
from studies.models import Study

pytestmark = pytest.mark.django_db

CEREBROLYSIN_ROWS = (
    "mechanism_steps", "evidence_links", "verdicts", "dosing_protocols", "forms", "side_effects", "cautions",
    "skip_items", "faq_entries", "key_takeaways", "related_compounds",
)  # fmt: skip
CEREBROLYSIN_TEXT = (
    "other_names", "drug_class", "approved_in", "manufacturer", "standard_dose", "summary", "what_it_is",
    "mechanism", "evidence_appraisal", "evidence_override_reason", "timing", "cycle_note", "stacking_note",
)  # fmt: skip


@pytest.fixture
def demo(capsys):
    call_command("load_demo")
    return capsys.readouterr().out


def test_the_demo_holds_enough_content_of_every_kind(demo):
    assert Compound.objects.count() >= 8
    assert Study.objects.count() >= 25
    assert set(Article.objects.values_list("kind", flat=True)) == {"guide", "journal_post", "use_case"}
    for pmid in ("32662068", "22282884", "26564102", "25832905", "39055722"):
        assert Study.objects.filter(pmid=pmid).exists()


def test_every_demo_page_is_published_through_review(demo):
    for model in (Study, Compound, Article):
        for obj in model.objects.all():
            assert obj.is_live and obj.state == "published", obj
            assert Edition.for_object(obj).current().get().approved_by.username == "reviewer"


def test_the_demo_cerebrolysin_has_every_section_filled(demo):
    cerebrolysin = Compound.objects.get(slug="cerebrolysin")
    for name in CEREBROLYSIN_ROWS:
        assert getattr(cerebrolysin, name).exists(), name
    for name in CEREBROLYSIN_TEXT:
        assert getattr(cerebrolysin, name).strip(), name
    assert (cerebrolysin.cycle_min_days, cerebrolysin.cycle_optimal_days) == (10, 21)
    assert set(cerebrolysin.side_effects.values_list("frequency", flat=True)) == {
        "common",
        "uncommon",
        "rare",
        "serious",
    }
    assert set(cerebrolysin.dosing_protocols.values_list("basis", flat=True)) == {
        "clinical_trial",
        "label",
        "community",
    }


def test_demo_users_hold_their_roles_and_the_reviewer_is_named():
    call_command("load_demo")
    User = get_user_model()
    assert list(User.objects.get(username="editor").groups.values_list("name", flat=True)) == [EDITORS]
    reviewer = User.objects.get(username="reviewer")
    assert list(reviewer.groups.values_list("name", flat=True)) == [MEDICAL_REVIEWERS]
    assert reviewer.reviewer_profile.byline == "Dr Amara Okafor, MD, PhD"
    assert User.objects.get(username="admin").is_superuser


def test_loading_the_demo_twice_changes_nothing(capsys):
    call_command("load_demo")
    before = (
        [model.objects.count() for model in (Study, Compound, Article, Edition, Revision, Version)],
        list(get_user_model().objects.order_by("pk").values_list("password", flat=True)),
    )

    call_command("load_demo")

    after = (
        [model.objects.count() for model in (Study, Compound, Article, Edition, Revision, Version)],
        list(get_user_model().objects.order_by("pk").values_list("password", flat=True)),
    )
    assert after == before
    assert "compounds: 0 created, 9 already present" in capsys.readouterr().out


def test_all_demo_content_passes_the_validation_editors_face(demo):
    for model in (Study, Compound, Article):
        for obj in model.objects.all():
            obj.full_clean()


def test_each_demo_compound_has_the_revisions_of_writing_and_submitting_it(demo):
    for compound in Compound.objects.all():
        comments = [v.revision.get_comment() for v in Version.objects.get_for_object(compound)]
        assert comments[0] == "Submitted for review"
        assert "Demo content" in comments


def test_the_demo_editor_signs_in_with_the_printed_password_and_sees_the_content(client, demo):
    password = next(spec["password"] for spec in loader.USERS if spec["username"] == "editor")
    assert f"editor    password: {password}" in demo

    response = client.post(reverse("admin:login"), {"username": "editor", "password": password, "next": "/admin/"})

    assert response.status_code == 302
    listing = client.get(reverse("admin:compounds_compound_changelist"))
    assert "Cerebrolysin" in listing.content.decode()


def test_the_guides_citations_are_all_among_its_sources(demo):
    guide = Article.objects.get(kind="guide")
    assert registry.builder_for(guide).problems(guide) == []
    edition = Edition.for_object(guide).current().get()
    assert edition.content["body_html"].count('class="citation"') >= 5
