"""Approving, confirming and taking a page down are electronic signatures (21 CFR Part
11): a second factor to sign in, the password and a code at the first signing in a
session, either one after, and a record of how each was signed."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from reviews import selectors, services, signatures
from reviews.exceptions import SignatureRefused
from reviews.models import Approval, AuditEvent, Edition, ReviewStamp, Submission
from tests import factories
from tests.reviews.conftest import edit

pytestmark = pytest.mark.django_db


def routine_change(editor_user):
    """A routine change waiting for review, which one approval publishes."""
    article = edit(factories.published_article(), by=editor_user, description="What the trials say, briefly.")
    return services.submit(article, by=editor_user)


def both(user) -> dict:
    return {"password": factories.PASSWORD, "code": factories.authenticator_code(user)}


def test_a_reviewer_without_a_second_factor_cannot_sign_an_approval(editor_user, reviewer_user):
    submission = routine_change(editor_user)
    TOTPDevice.objects.filter(user=reviewer_user).delete()

    with pytest.raises(SignatureRefused, match="Set up two-factor sign-in first"):
        signatures.sign(
            reviewer_user, session={}, password=factories.PASSWORD, code=factories.backup_code(reviewer_user)
        )

    with pytest.raises(SignatureRefused):
        services.approve(submission, by=reviewer_user, signature=None)
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.PENDING
    assert not Approval.objects.filter(submission=submission).exists()


@pytest.mark.parametrize("action", ["approve", "confirm", "unpublish"])
def test_a_signed_action_without_a_signature_is_refused_and_changes_nothing(editor_user, reviewer_user, action):
    submission = routine_change(editor_user)
    live = factories.published_study()
    calls = {
        "approve": lambda: services.approve(submission, by=reviewer_user, signature=None),
        "confirm": lambda: services.confirm_still_accurate(live, by=reviewer_user, signature=None),
        "unpublish": lambda: services.unpublish(live, by=reviewer_user, reason="Dose error", signature=None),
    }
    editions = Edition.objects.current().count()

    with pytest.raises(SignatureRefused, match="Sign this with your password"):
        calls[action]()

    assert Edition.objects.current().count() == editions
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.PENDING
    assert not ReviewStamp.objects.filter(reviewer=reviewer_user).exists()


def test_a_signature_is_personal_and_cannot_be_forged_or_kept(editor_user, reviewer_user):
    submission = routine_change(editor_user)
    someone_else = factories.signature(factories.reviewer(username="colleague"))
    own = factories.signature(reviewer_user)
    forged = signatures.Signature(
        signer_id=reviewer_user.pk, method="password", signed_at=timezone.now(), seal="0" * 64
    )
    kept = signatures.Signature(
        signer_id=own.signer_id,
        method=own.method,
        signed_at=own.signed_at - timedelta(hours=1),
        seal=own.seal,
    )

    for signature, message in [(someone_else, "personal"), (forged, "Sign this"), (kept, "Sign this")]:
        with pytest.raises(SignatureRefused, match=message):
            services.approve(submission, by=reviewer_user, signature=signature)
    assert not Approval.objects.filter(submission=submission).exists()


def test_the_first_signing_in_a_session_needs_the_password_and_a_code_later_ones_either(reviewer_user):
    session = {}

    for entered in [{"password": factories.PASSWORD}, {"code": factories.authenticator_code(reviewer_user)}]:
        with pytest.raises(SignatureRefused, match="first signature since you signed in"):
            signatures.sign(reviewer_user, session=session, **entered)
    first = signatures.sign(reviewer_user, session=session, **both(reviewer_user))
    by_password = signatures.sign(reviewer_user, session=session, password=factories.PASSWORD)
    by_code = signatures.sign(reviewer_user, session=session, code=factories.authenticator_code(reviewer_user))

    assert first.method == "password and authenticator code"
    assert by_password.method == "password"
    assert by_code.method == "authenticator code"
    with pytest.raises(SignatureRefused, match="Sign with your password or a fresh code"):
        signatures.sign(reviewer_user, session=session)
    with pytest.raises(SignatureRefused, match="first signature since you signed in"):
        signatures.sign(reviewer_user, session={}, password=factories.PASSWORD)


def test_a_code_signs_once(reviewer_user):
    code = factories.backup_code(reviewer_user)
    signatures.sign(reviewer_user, session={}, password=factories.PASSWORD, code=code)

    with pytest.raises(SignatureRefused, match="wrong or was already used"):
        signatures.sign(reviewer_user, session={}, password=factories.PASSWORD, code=code)


@pytest.mark.parametrize("wrong", ["code", "password"])
def test_a_wrong_code_or_password_when_signing_makes_the_next_try_wait(settings, reviewer_user, wrong):
    # Each device waits factor × 2^(failures − 1) seconds after a failure: a minute here.
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    entered = both(reviewer_user) | ({"code": "000000"} if wrong == "code" else {"password": "not-my-password"})
    if entered["code"] == "000000" and both(reviewer_user)["code"] == "000000":
        pytest.skip("the app happens to show 000000 now")

    with pytest.raises(SignatureRefused, match="wrong"):
        signatures.sign(reviewer_user, session={}, **entered)
    with pytest.raises(SignatureRefused, match="Too many wrong passwords or codes"):
        signatures.sign(reviewer_user, session={}, **both(reviewer_user))

    assert TOTPDevice.objects.get(user=reviewer_user).throttling_failure_count == 1


def test_the_approval_the_stamp_the_edition_and_the_audit_log_record_how_they_were_signed(editor_user, reviewer_user):
    submission = routine_change(editor_user)
    session = {}

    edition = services.approve(
        submission, by=reviewer_user, signature=signatures.sign(reviewer_user, session=session, **both(reviewer_user))
    )
    services.confirm_still_accurate(
        submission.working_copy,
        by=reviewer_user,
        signature=signatures.sign(reviewer_user, session=session, password=factories.PASSWORD),
    )

    assert edition.signed_with == "password and authenticator code"
    assert Approval.objects.get(submission=submission).signed_with == "password and authenticator code"
    assert edition.signatories[0]["signed_with"] == "password and authenticator code"
    stamps = ReviewStamp.objects.filter(reviewer=reviewer_user).order_by("reviewed_at")
    assert [stamp.signed_with for stamp in stamps] == ["password and authenticator code", "password"]
    approved = AuditEvent.objects.get(action="review.approved", submission=submission)
    confirmed = AuditEvent.objects.get(action="review.confirmed")
    assert approved.data["signed_with"] == "password and authenticator code"
    assert confirmed.data["signed_with"] == "password"


def test_a_take_down_is_signed_and_the_audit_log_says_how(reviewer_user):
    study = factories.published_study()

    services.unpublish(study, by=reviewer_user, reason="Dose error", signature=factories.signature(reviewer_user))

    assert AuditEvent.objects.get(action="edition.unpublished").data["signed_with"] == "password and backup code"


def test_the_review_screen_asks_for_the_signature_and_keeps_the_comment_when_it_is_wrong(
    client, editor_user, reviewer_user
):
    submission = routine_change(editor_user)
    client.force_login(reviewer_user)
    url = reverse("admin:reviews_submission_approve", args=[submission.pk])
    screen = client.get(reverse("admin:reviews_submission_change", args=[submission.pk])).content.decode()
    assert 'name="password"' in screen and 'name="code"' in screen

    refused = client.post(url, {"comment": "Doses match the label", "password": factories.PASSWORD})

    assert refused.status_code == 200
    assert "first signature since you signed in" in refused.content.decode()
    assert "Doses match the label" in refused.content.decode()
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.PENDING

    approved = client.post(url, {"comment": "Doses match the label", **both(reviewer_user)})

    assert approved.status_code == 302
    assert selectors.current_edition(submission.working_copy).signed_with == "password and authenticator code"


def sign_in(client, username, password=factories.PASSWORD, code=""):
    data = {"username": username, "password": password, "otp_token": code, "next": "/admin/"}
    return client.post(reverse("admin:login"), data)


def test_a_reviewer_signs_in_with_the_password_and_an_authenticator_code(client, reviewer_user):
    without_code = sign_in(client, "reviewer")
    assert without_code.status_code == 200
    assert "Enter the code your authenticator app shows now" in without_code.content.decode()
    assert "_auth_user_id" not in client.session

    with_code = sign_in(client, "reviewer", code=factories.authenticator_code(reviewer_user))

    assert with_code.status_code == 302
    assert client.session[DEVICE_ID_SESSION_KEY] == TOTPDevice.objects.get(user=reviewer_user).persistent_id
    assert client.get("/admin/").status_code == 200


def test_a_backup_code_signs_in_without_the_phone(client, reviewer_user):
    response = sign_in(client, "reviewer", code=factories.backup_code(reviewer_user))

    assert response.status_code == 302
    assert client.session[DEVICE_ID_SESSION_KEY] == StaticDevice.objects.get(user=reviewer_user).persistent_id


def test_an_editor_without_a_second_factor_signs_in_with_the_password(client, editor_user):
    assert sign_in(client, "editor").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_an_editor_who_set_one_up_signs_in_with_it(client, editor_user):
    factories.enrol(editor_user)

    assert sign_in(client, "editor").status_code == 200
    assert sign_in(client, "editor", code=factories.authenticator_code(editor_user)).status_code == 302


def test_a_session_signed_in_without_the_code_does_not_open_the_admin(client, reviewer_user):
    client.force_login(reviewer_user)
    session = client.session
    del session[DEVICE_ID_SESSION_KEY]  # signed in around the form, without the code
    session.save()

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_wrong_code_at_sign_in_is_paused_like_a_wrong_password(client, reviewer_user):
    statuses = [
        sign_in(client, "reviewer", code="000001" if n % 2 else "zzzzzzzz").status_code
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    locked = sign_in(client, "reviewer", code=factories.backup_code(reviewer_user))

    assert statuses == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_managing_editor_must_sign_in_with_a_second_factor(client):
    managing_editor = factories.managing_editor(username="desk")

    assert sign_in(client, "desk").status_code == 200
    assert sign_in(client, "desk", code=factories.authenticator_code(managing_editor)).status_code == 302


def test_a_reviewer_without_a_second_factor_is_sent_to_set_one_up_first(client, reviewer_user):
    TOTPDevice.objects.filter(user=reviewer_user).delete()
    assert sign_in(client, "reviewer").status_code == 302

    index = client.get("/admin/")
    assert index.status_code == 302 and index["Location"] == reverse("admin:two_factor")
    page = client.get(reverse("admin:two_factor")).content.decode()
    assert "Set up an authenticator app" in page and "otpauth://totp/" in page

    confirmed = client.post(
        reverse("admin:two_factor"), {"confirm": "1", "code": factories.authenticator_code(reviewer_user)}
    )

    codes = confirmed.context["backup_codes"]
    assert len(codes) == 10 and all(code in confirmed.content.decode() for code in codes)
    assert client.get("/admin/").status_code == 200
    signature = signatures.sign(reviewer_user, session={}, password=factories.PASSWORD, code=codes[0])
    assert signature.method == "password and backup code"
