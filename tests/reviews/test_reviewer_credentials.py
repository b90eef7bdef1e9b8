"""Reviewers' credentials as records: only a verified, unexpired credential lets a
reviewer sign; only a managing editor verifies one, never their own; expiry is told
once; and what an Edition printed stays what it printed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reviews import credentials, services, tasks
from reviews.exceptions import CredentialsNotCurrent, InvalidTransition, NotAllowed, NotReady
from reviews.models import AuditEvent, Credential, CredentialNotice, Edition, ReviewerProfile, Submission
from tests import factories
from tests.reviews.conftest import edit, make_draft

pytestmark = pytest.mark.django_db


class RecordingCache:
    """A shared cache (as a CDN backend is configured) that records what it is told to purge."""

    purged: list[list[str]] = []

    def purge(self, tags, *, timeout):
        RecordingCache.purged.append(list(tags))


@pytest.fixture
def purged(settings):
    settings.FRONTEND_CACHE_BACKENDS = [f"{__name__}.RecordingCache"]
    RecordingCache.purged = []
    return RecordingCache.purged


def today():
    return timezone.localdate()


def expire(credential: Credential, *, days_ago: int = 0) -> None:
    """Time passes: the credential's expiry date arrives (it no longer counts from that day)."""
    Credential.objects.filter(pk=credential.pk).update(expires_on=today() - timedelta(days=days_ago))


def pending_study(editor_user) -> Submission:
    obj = make_draft("study")
    edit(obj, by=editor_user)
    return services.submit(obj, by=editor_user)


def a_reviewer_whose_licence(state: str):
    """A reviewer holding one MD licence (General Medical Council 1234567) in `state`."""
    user = factories.reviewer(username=f"{state}-reviewer", abbreviations=())
    licence = factories.CredentialFactory(reviewer=user.reviewer_profile, number="1234567")
    if state != "unverified":
        credentials.verify(licence, by=factories.managing_editor(username="credentials-desk"))
    if state == "expired":
        expire(licence, days_ago=3)
    return user


REFUSALS = {
    "expired": r"^Your MD licence \(General Medical Council 1234567\) expired on \d+ \w+ \d{4}: ask a managing "
    r"editor to verify its renewal\.$",
    "unverified": r"^Your MD licence \(General Medical Council 1234567\) is not verified yet: ask a managing editor "
    r"to verify it",
}


@pytest.mark.parametrize("state", ["expired", "unverified"])
def test_an_approval_is_refused_naming_the_credential_and_what_to_do(editor_user, state):
    submission = pending_study(editor_user)
    user = a_reviewer_whose_licence(state)

    with pytest.raises(CredentialsNotCurrent, match=REFUSALS[state]):
        services.approve(submission, by=user, signature=factories.signature(user))

    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING
    assert not submission.approvals.exists()
    assert not Edition.objects.filter(submission=submission).exists()


@pytest.mark.parametrize("state", ["expired", "unverified"])
def test_a_confirmation_is_refused_without_a_current_verified_credential(state):
    study = factories.published_study()
    stamps_before = study.last_reviewed_at
    user = a_reviewer_whose_licence(state)

    with pytest.raises(CredentialsNotCurrent, match=REFUSALS[state]):
        services.confirm_still_accurate(study, by=user, signature=factories.signature(user))

    study.refresh_from_db()
    assert study.last_reviewed_at == stamps_before


def test_a_reviewer_with_no_credentials_on_record_is_told_to_have_one_added(editor_user):
    submission = pending_study(editor_user)
    user = factories.reviewer(username="new-reviewer", abbreviations=())

    with pytest.raises(CredentialsNotCurrent, match="no credentials on record.*add and verify your degree or licence"):
        services.approve(submission, by=user, signature=factories.signature(user))


def test_one_current_credential_is_enough_and_the_review_prints_only_what_is_current(editor_user):
    user = factories.reviewer(username="amara", first_name="Amara", last_name="Okafor", abbreviations=("MD", "PhD"))
    expire(user.reviewer_profile.credential_records.get(abbreviation="PhD"))
    submission = pending_study(editor_user)

    edition = factories.approve(submission, by=user)

    assert edition.signatories[-1]["credentials"] == "MD"
    assert edition.reviewer_credentials == "MD"


def test_a_renewed_credential_verified_again_lets_the_reviewer_approve_again(editor_user):
    user = a_reviewer_whose_licence("expired")
    licence = user.reviewer_profile.credential_records.get()
    desk = factories.managing_editor(username="credentials-desk")
    submission = pending_study(editor_user)

    with pytest.raises(InvalidTransition, match="expired on .*enter the renewal's number and expiry date"):
        credentials.verify(licence, by=desk)
    licence.expires_on = today() + timedelta(days=730)
    credentials.record(licence, by=desk)
    credentials.verify(licence, by=desk)

    assert factories.approve(submission, by=user).reviewer_credentials == "MD"


def test_nobody_verifies_their_own_credentials():
    desk = factories.managing_editor(username="desk-and-reviewer")
    profile = ReviewerProfile.objects.create(user=desk, display_name="Morgan Lee")
    own = factories.CredentialFactory(reviewer=profile)

    with pytest.raises(NotAllowed, match="Nobody verifies their own credentials"):
        credentials.verify(own, by=desk)

    own.refresh_from_db()
    assert (own.verified_on, own.verified_by, profile.credentials) == (None, None, "")
    assert not AuditEvent.objects.filter(action="credential.verified", object_id=own.pk).exists()


def test_a_superuser_does_not_verify_their_own_credentials_either():
    boss = factories.UserFactory(username="boss", is_superuser=True)
    own = factories.CredentialFactory(reviewer=ReviewerProfile.objects.create(user=boss, display_name="Boss"))

    with pytest.raises(NotAllowed):
        credentials.verify(own, by=boss)


def test_verifying_records_who_and_when_prints_the_credential_and_purges_the_reviewers_pages(
    django_capture_on_commit_callbacks, purged
):
    user = factories.reviewer(username="jordan", abbreviations=())
    licence = factories.CredentialFactory(reviewer=user.reviewer_profile, abbreviation="PharmD")
    desk = factories.managing_editor(username="credentials-desk")

    with django_capture_on_commit_callbacks(execute=True):
        credentials.verify(licence, by=desk)

    licence.refresh_from_db()
    assert (licence.verified_on, licence.verified_by) == (today(), desk)
    assert ReviewerProfile.objects.get(user=user).credentials == "PharmD"
    event = AuditEvent.objects.get(action="credential.verified", object_id=licence.pk)
    assert event.actor == desk and event.data["number"] == licence.number
    assert [f"reviewer-credentials-{user.reviewer_profile.pk}"] in purged


def test_changing_what_a_verified_credential_says_withdraws_its_verification(editor_user):
    user = factories.reviewer(username="jordan")
    licence = user.reviewer_profile.credential_records.get()
    desk = factories.managing_editor(username="credentials-desk")

    licence.number = "7654321"
    credentials.record(licence, by=desk)

    licence.refresh_from_db()
    assert not licence.is_verified
    assert ReviewerProfile.objects.get(user=user).credentials == ""
    assert AuditEvent.objects.filter(action="credential.unverified", object_id=licence.pk, actor=desk).exists()
    with pytest.raises(CredentialsNotCurrent, match="is not verified yet"):
        services.approve(pending_study(editor_user), by=user, signature=factories.signature(user))


def test_a_past_edition_keeps_its_reviewers_credentials_after_the_registry_changes(client):
    user = factories.reviewer(username="amara", first_name="Amara", last_name="Okafor", abbreviations=("MD", "PhD"))
    study = factories.StudyFactory()
    edition = factories.approve(services.submit(study, by=factories.editor(username="writer")), by=user)
    desk = factories.managing_editor(username="credentials-desk")
    md, phd = user.reviewer_profile.credential_records.order_by("pk")

    expire(phd)  # the PhD stops counting, the MD licence is renewed under a new number
    md.number = "9999999"
    credentials.record(md, by=desk)
    credentials.verify(md, by=desk)
    factories.verified_credential(user.reviewer_profile, abbreviation="MPH", by=desk)

    edition.refresh_from_db()
    assert edition.reviewer_credentials == "MD, PhD"
    assert edition.signatories[-1] == {**edition.signatories[-1], "name": "Amara Okafor", "credentials": "MD, PhD"}
    assert edition.submission.approvals.get(reviewer=user).reviewer_credentials == "MD, PhD"
    assert "Amara Okafor, MD, PhD" in client.get(f"/studies/{edition.slug}/").content.decode()
    assert ReviewerProfile.objects.get(user=user).credentials == "MD, MPH"


def test_the_expiry_job_tells_the_reviewer_and_managing_editors_once_before_and_once_at_expiry(
    settings, django_capture_on_commit_callbacks, purged
):
    user = factories.reviewer(username="jordan", first_name="Jordan", last_name="Reyes")
    licence = user.reviewer_profile.credential_records.get()
    Credential.objects.filter(pk=licence.pk).update(expires_on=today() + timedelta(days=20))
    desk = factories.managing_editor(username="credentials-desk")
    second_desk = factories.managing_editor(username="second-desk")

    assert tasks.send_credential_expiry_notices() == 1
    assert tasks.send_credential_expiry_notices() == 0  # the next night: nothing new to say
    (warning,) = mail.outbox
    assert sorted(warning.to) == sorted([user.email, desk.email, second_desk.email])
    assert "Jordan Reyes's MD licence expires" in warning.subject
    assert "in 20 day(s)" in warning.body and reverse("admin:reviews_credential_change", args=[licence.pk]) in (
        warning.body
    )

    expire(licence)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_credential_expiry_notices() == 1
    assert tasks.send_credential_expiry_notices() == 0

    assert len(mail.outbox) == 2 and "has expired" in mail.outbox[1].subject
    assert set(CredentialNotice.objects.values_list("kind", flat=True)) == {"expiring", "expired"}
    assert ReviewerProfile.objects.get(user=user).credentials == ""
    assert [f"reviewer-credentials-{user.reviewer_profile.pk}"] in purged


def test_a_credential_expiring_later_or_not_verified_gets_no_notice():
    user = factories.reviewer(username="later")
    Credential.objects.filter(reviewer__user=user).update(expires_on=today() + timedelta(days=31))
    factories.CredentialFactory(
        reviewer=factories.reviewer(username="unverified", abbreviations=()).reviewer_profile,
        expires_on=today() + timedelta(days=5),
    )

    assert credentials.send_expiry_notices() == []
    assert mail.outbox == []


def test_a_renewal_gets_its_own_notices():
    user = factories.reviewer(username="jordan")
    licence = user.reviewer_profile.credential_records.get()
    Credential.objects.filter(pk=licence.pk).update(expires_on=today() + timedelta(days=10))
    credentials.send_expiry_notices()
    desk = factories.managing_editor(username="credentials-desk")

    licence.refresh_from_db()
    licence.expires_on = today() + timedelta(days=15)  # renewed, briefly
    credentials.record(licence, by=desk)
    credentials.verify(licence, by=desk)

    assert len(credentials.send_expiry_notices()) == 1
    assert len(mail.outbox) == 2


def test_the_expiry_job_runs_daily():
    from cms.celery import app

    entry = app.conf.beat_schedule["credential-expiry-notices"]
    assert entry["task"] == tasks.send_credential_expiry_notices.name


# The admin: a form that explains bad input, and a verify button that checks itself.


@pytest.fixture
def desk(db):
    # Not the factories' "credentials-desk", whose password each new reviewer resets.
    return factories.managing_editor(username="desk")


@pytest.fixture
def desk_client(client, desk):
    client.force_login(desk)
    return client


def test_the_credential_form_explains_each_mistake_and_saves_nothing(desk_client):
    profile = factories.reviewer(username="jordan", abbreviations=()).reviewer_profile

    response = desk_client.post(
        reverse("admin:reviews_credential_add"),
        {"reviewer": profile.pk, "kind": "licence", "abbreviation": "MD, PhD", "issuing_body": "", "number": " "},
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "one abbreviation without commas" in errors["abbreviation"][0]
    assert errors["issuing_body"] == ["This field is required."]
    assert "Add the licence number" in errors["number"][0]
    assert "Add the date the licence expires" in errors["expires_on"][0]
    assert not Credential.objects.exists()


def test_a_degree_needs_neither_number_nor_expiry(desk_client):
    profile = factories.reviewer(username="jordan", abbreviations=()).reviewer_profile

    response = desk_client.post(
        reverse("admin:reviews_credential_add"),
        {"reviewer": profile.pk, "kind": "degree", "abbreviation": "PhD", "issuing_body": "University of Leeds"},
    )

    assert response.status_code == 302
    assert Credential.objects.get().abbreviation == "PhD"
    assert AuditEvent.objects.filter(action="credential.added").count() == 1


def test_saving_a_changed_verified_credential_in_the_admin_says_it_must_be_verified_again(desk_client):
    licence = factories.reviewer(username="jordan").reviewer_profile.credential_records.get()
    url = reverse("admin:reviews_credential_change", args=[licence.pk])
    data = {
        "reviewer": licence.reviewer_id,
        "kind": licence.kind,
        "abbreviation": licence.abbreviation,
        "issuing_body": licence.issuing_body,
        "number": "1111111",
        "expires_on": licence.expires_on.isoformat(),
    }

    response = desk_client.post(url, data, follow=True)

    licence.refresh_from_db()
    assert not licence.is_verified
    assert "no longer verified" in response.content.decode()


def test_the_verify_button_verifies_and_refuses_ones_own(desk_client, desk):
    licence = factories.CredentialFactory(
        reviewer=factories.reviewer(username="jordan", abbreviations=()).reviewer_profile
    )
    own = factories.CredentialFactory(reviewer=ReviewerProfile.objects.create(user=desk, display_name="Morgan Lee"))

    assert (
        b"Mark as verified with General Medical Council"
        in desk_client.get(reverse("admin:reviews_credential_change", args=[licence.pk])).content
    )
    desk_client.post(reverse("admin:reviews_credential_verify", args=[licence.pk]))
    response = desk_client.post(reverse("admin:reviews_credential_verify", args=[own.pk]), follow=True)

    assert Credential.objects.get(pk=licence.pk).is_verified
    assert not Credential.objects.get(pk=own.pk).is_verified
    assert "Nobody verifies their own credentials" in response.content.decode()


def test_the_verify_button_refuses_a_post_without_a_csrf_token():
    licence = factories.CredentialFactory(
        reviewer=factories.reviewer(username="jordan", abbreviations=()).reviewer_profile
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.managing_editor(username="desk"))

    response = client.post(reverse("admin:reviews_credential_verify", args=[licence.pk]))

    assert response.status_code == 403
    assert not Credential.objects.get(pk=licence.pk).is_verified


def test_a_credential_imported_from_the_old_free_text_is_completed_before_it_can_be_verified():
    profile = factories.reviewer(username="jordan", abbreviations=()).reviewer_profile
    imported = Credential.objects.create(reviewer=profile, kind="degree", abbreviation="PharmD", issuing_body="")

    with pytest.raises(NotReady, match=r"Complete this credential before verifying it \(issuing body: "):
        credentials.verify(imported, by=factories.managing_editor(username="credentials-desk"))

    assert not Credential.objects.get(pk=imported.pk).is_verified


def test_the_review_screen_tells_a_reviewer_whose_licence_expired_before_they_try(client, editor_user):
    submission = pending_study(editor_user)
    client.force_login(a_reviewer_whose_licence("expired"))

    page = client.get(reverse("admin:reviews_submission_change", args=[submission.pk])).content.decode()

    assert "Your MD licence (General Medical Council 1234567) expired on" in page


def test_a_managing_editor_records_a_credential_from_the_reviewers_profile(desk_client):
    profile = factories.reviewer(username="jordan", abbreviations=()).reviewer_profile

    page = desk_client.get(reverse("admin:reviews_reviewerprofile_change", args=[profile.pk])).content.decode()
    add = desk_client.get(reverse("admin:reviews_credential_add") + f"?reviewer={profile.pk}")

    assert f"{reverse('admin:reviews_credential_add')}?reviewer={profile.pk}" in page
    assert add.context["adminform"].form.initial["reviewer"] == str(profile.pk)
