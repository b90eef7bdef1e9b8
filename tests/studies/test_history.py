import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from reversion.models import Version

from reviews import services
from studies.models import Study
from tests import factories

pytestmark = pytest.mark.django_db


def study_form(**overrides):
    fields = {
        "pmid": "22282884",
        "doi": "",
        "title": "Cerebrolysin in acute ischaemic stroke in Asia (CASTA)",
        "slug": "heiss-2012-casta",
        "authors": "Heiss WD, Brainin M",
        "journal": "Stroke",
        "year": "2012",
        "design": Study.Design.RCT,
        "participants": "1070",
        "population": "Adults within 12 h of ischaemic stroke",
        "funding": Study.Funding.INDUSTRY,
        "risk_of_bias": Study.RiskOfBias.SOME_CONCERNS,
        "finding": "Neutral on the primary outcome at day 90.",
        "direction": Study.Direction.NO_EFFECT,
        "integrity_status": Study.IntegrityStatus.NONE,
    }
    return fields | overrides


@pytest.fixture
def admin_client_with_delete(client):
    """A managing editor: an editor who may also delete studies."""
    user = factories.editor(username="managing")
    user.user_permissions.add(Permission.objects.get(codename="delete_study"))
    client.force_login(user)
    return client


def test_a_deleted_study_can_be_recovered_from_its_history(admin_client_with_delete):
    client = admin_client_with_delete
    client.post(reverse("admin:studies_study_add"), study_form())
    study = Study.objects.get(pmid="22282884")
    client.post(reverse("admin:studies_study_delete", args=[study.pk]), {"post": "yes"})
    assert not Study.objects.exists()

    deleted = Version.objects.get_deleted(Study).get()
    recover_list = client.get(reverse("admin:studies_study_recoverlist"))
    assert "Heiss WD et al. (2012) PMID 22282884" in recover_list.text
    response = client.post(reverse("admin:studies_study_recover", args=[deleted.pk]), study_form())

    assert response.status_code == 302
    recovered = Study.objects.get(pmid="22282884")
    assert recovered.title == "Cerebrolysin in acute ischaemic stroke in Asia (CASTA)"
    assert recovered.participants == 1070


def test_an_editor_cannot_delete_a_study_that_pages_cite(admin_client_with_delete):
    link = factories.EvidenceLinkFactory()

    response = admin_client_with_delete.post(
        reverse("admin:studies_study_delete", args=[link.study.pk]), {"post": "yes"}
    )

    assert response.status_code == 200
    assert "would require deleting the following protected related objects" in response.text
    assert Study.objects.filter(pk=link.study.pk).exists()


def test_an_invalid_study_posted_in_the_admin_shows_the_reason_and_saves_nothing(editor_client):
    response = editor_client.post(reverse("admin:studies_study_add"), study_form(pmid="2228a884", doi=""))

    assert response.status_code == 200
    assert "A PubMed ID is 1 to 8 digits" in response.text
    assert not Study.objects.exists()


def test_the_history_page_compares_the_two_versions_an_editor_picks(client, editor_user):
    study = factories.StudyFactory(finding="The first finding.")
    services.save_draft(study, by=editor_user, comment="First")
    study.finding = "The second finding."
    services.save_draft(study, by=editor_user, comment="Second")
    client.force_login(editor_user)

    history = client.get(reverse("admin:studies_study_history", args=[study.pk]))
    first, second = Version.objects.get_for_object(study).order_by("pk")
    html = history.content.decode()
    assert f'name="from" value="{first.pk}"' in html and f'name="to" value="{second.pk}"' in html

    compare = client.get(reverse("admin:studies_study_compare", args=[study.pk]), {"from": first.pk, "to": second.pk})
    assert compare.status_code == 200
    assert "The second finding." in compare.content.decode()
