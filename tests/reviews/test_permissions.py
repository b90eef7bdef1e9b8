"""Who may do what, in which state: every allowed cell succeeds, every other is refused
and changes nothing. Once through the services, once through the admin URLs."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from reviews import credentials, selectors, services
from reviews.exceptions import WorkflowError
from reviews.models import AuditEvent, Credential, Edition, ReviewerProfile, Submission
from tests import factories
from tests.reviews.conftest import edit, make_draft

pytestmark = pytest.mark.django_db

ROLES = ("editor", "reviewer", "admin", "outsider")
ACTIONS = ("submit", "withdraw", "request_changes", "approve", "confirm", "unpublish", "revert")
STATES = ("draft", "in_review", "changes_requested", "live")

ALLOWED = {
    "submit": ({"editor", "admin"}, {"draft", "changes_requested"}),
    "withdraw": ({"editor", "admin"}, {"in_review"}),
    "request_changes": ({"reviewer", "admin"}, {"in_review"}),
    "approve": ({"reviewer", "admin"}, {"in_review"}),
    "confirm": ({"reviewer", "admin"}, {"live"}),
    "unpublish": ({"reviewer", "admin"}, {"live"}),
    "revert": ({"editor", "admin"}, {"draft", "changes_requested", "live"}),
}
CELLS = [(role, action, state) for role in ROLES for action in ACTIONS for state in STATES]


def is_allowed(role, action, state):
    roles, states = ALLOWED[action]
    return role in roles and state in states


def make_user(role):
    if role == "editor":
        return factories.editor(username="acting-editor")
    if role == "reviewer":
        return factories.reviewer(username="acting-reviewer")
    if role == "outsider":
        return factories.UserFactory(username="outsider")  # staff, in no group
    user = factories.UserFactory(username="boss", is_superuser=True)
    factories.verified_credential(ReviewerProfile.objects.create(user=user, display_name="Boss"))
    return user


def in_state(kind, state):
    """A page of `kind` in `state`, reached through the services by other people."""
    author = factories.editor(username="author")
    decider = factories.reviewer(username="decider")
    obj = make_draft(kind)
    edit(obj, by=author)
    if state == "draft":
        return obj
    submission = services.submit(obj, by=author)
    if state == "changes_requested":
        services.request_changes(submission, by=decider, comment="Fix it.")
    elif state == "live":
        factories.approve(submission, by=decider)
    obj.refresh_from_db()
    return obj


def snapshot(obj):
    obj.refresh_from_db()
    return (
        obj.state,
        obj.is_live,
        obj.version,
        Submission.objects.count(),
        list(Submission.objects.values_list("status", flat=True)),
        Edition.objects.count(),
        Edition.objects.current().count(),
        AuditEvent.objects.count(),
        Version.objects.count(),
    )


def perform(action, obj, user):
    pending = selectors.pending_submission(obj)
    first_version = Version.objects.get_for_object(obj).last()
    calls = {
        "submit": lambda: services.submit(obj, by=user),
        "withdraw": lambda: services.withdraw(pending, by=user),
        "request_changes": lambda: services.request_changes(pending, by=user, comment="Needs work."),
        "approve": lambda: services.approve(pending, by=user, signature=factories.signature(user)),
        "confirm": lambda: services.confirm_still_accurate(obj, by=user, signature=factories.signature(user)),
        "unpublish": lambda: services.unpublish(
            obj, by=user, reason="Dose error reported.", signature=factories.signature(user)
        ),
        "revert": lambda: services.revert(obj, to=first_version, by=user),
    }
    if pending is None and action in ("withdraw", "request_changes", "approve"):
        raise WorkflowError("nothing pending")
    return calls[action]()


@pytest.mark.parametrize(("role", "action", "state"), CELLS)
def test_the_services_allow_exactly_the_permitted_cells(kind, role, action, state):
    obj = in_state(kind, state)
    user = make_user(role)
    before = snapshot(obj)

    if is_allowed(role, action, state):
        perform(action, obj, user)
        assert snapshot(obj) != before
    else:
        with pytest.raises(WorkflowError):
            perform(action, obj, user)
        assert snapshot(obj) == before


def signed(user, prefix="", signature=None) -> dict:
    """The password and code a person signs with (their own unless `signature` says
    what is entered), as the form's fields."""
    signature = signature or {"password": factories.PASSWORD, "code": factories.backup_code(user)}
    return {f"{prefix}{name}": value for name, value in signature.items()}


def admin_post(client, action, obj, user, signature=None):
    opts = obj._meta
    pending = selectors.pending_submission(obj)
    base = f"admin:{opts.app_label}_{opts.model_name}"
    if action in ("approve", "request_changes"):
        if pending is None:
            return None
        name = "approve" if action == "approve" else "request_changes"
        data = {"comment": "Needs work.", **signed(user, signature=signature)}
        return client.post(reverse(f"admin:reviews_submission_{name}", args=[pending.pk]), data)
    if action == "revert":
        version = Version.objects.get_for_object(obj).last()
        return client.post(reverse(f"{base}_revert", args=[obj.pk, version.pk]))
    data = {"unpublish-reason": "Dose error reported.", "submit-note": "", "confirm-comment": ""}
    data |= signed(user, prefix=f"{action}-", signature=signature)
    return client.post(reverse(f"{base}_workflow", args=[obj.pk, action]), data)


@pytest.mark.parametrize(("role", "action", "state"), CELLS)
def test_the_admin_urls_allow_exactly_the_permitted_cells(client, kind, role, action, state):
    obj = in_state(kind, state)
    user = make_user(role)
    client.force_login(user)
    before = snapshot(obj)

    response = admin_post(client, action, obj, user)

    if is_allowed(role, action, state):
        assert response.status_code == 302
        assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]
        assert snapshot(obj) != before
    else:
        if response is not None:
            errors = [m.level_tag for m in get_messages(response.wsgi_request)]
            assert response.status_code == 403 or errors == ["error"]
        assert snapshot(obj) == before


@pytest.mark.parametrize("view", ["preview", "compare", "history"])
def test_staff_without_a_role_cannot_open_a_pages_workflow_views(client, view):
    obj = in_state("compound", "draft")
    client.force_login(make_user("outsider"))
    url = reverse(f"admin:compounds_compound_{view}", args=[obj.pk])

    assert client.get(url).status_code == 403


def test_staff_without_a_role_cannot_open_the_review_screen(client):
    obj = in_state("study", "in_review")
    client.force_login(make_user("outsider"))

    response = client.get(reverse("admin:reviews_submission_change", args=[selectors.pending_submission(obj).pk]))

    assert response.status_code == 403


def test_workflow_actions_refuse_a_post_without_a_csrf_token(kind):
    from django.test import Client

    obj = in_state(kind, "draft")
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("editor"))
    opts = obj._meta

    response = client.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_workflow", args=[obj.pk, "submit"]))

    assert response.status_code == 403
    obj.refresh_from_db()
    assert obj.state == "draft"


# Approving, confirming and taking down are signatures: the first in a session needs
# the password and a code, later ones either; nothing else signs.
SIGNED_ACTIONS = ("approve", "confirm", "unpublish")
SIGNATURES = {
    # what is entered: (goes through at the first signing in a session, at a later one)
    "password and code": (True, True),
    "password": (False, True),
    "code": (False, True),
    "nothing": (False, False),
    "wrong password and code": (False, False),
    "password and wrong code": (False, False),
}


def entered(what, user) -> dict:
    password = {"password": factories.PASSWORD, "wrong password": "not-the-password-1"}
    code = {"code": factories.backup_code(user), "wrong code": "wrongcode1"}
    parts = what.split(" and ")
    return {
        "password": next((password[part] for part in parts if part in password), ""),
        "code": next((code[part] for part in parts if part in code), ""),
    }


@pytest.mark.parametrize("action", SIGNED_ACTIONS)
@pytest.mark.parametrize("signed_before", [False, True], ids=["first signing", "later signing"])
@pytest.mark.parametrize("what", SIGNATURES)
def test_signed_actions_go_through_only_with_the_signature_the_session_asks_for(client, action, signed_before, what):
    obj = in_state("study", "in_review" if action == "approve" else "live")
    user = make_user("reviewer")
    client.force_login(user)
    if signed_before:
        response = admin_post(client, "confirm", in_state("compound", "live"), user)
        assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]
    before = snapshot(obj)

    admin_post(client, action, obj, user, signature=entered(what, user))

    if SIGNATURES[what][signed_before]:
        assert snapshot(obj) != before
    else:
        assert snapshot(obj) == before


# A reviewer's credentials, rather than a page: (role, action, state of the credential).
# "own" is an unverified credential of the acting user's own.
CREDENTIAL_ROLES = ("editor", "reviewer", "managing_editor", "admin", "outsider")
CREDENTIAL_ACTIONS = ("verify", "record")
CREDENTIAL_STATES = ("unverified", "verified", "expired", "own")
CREDENTIAL_ALLOWED = {
    "verify": ({"managing_editor", "admin"}, {"unverified"}),
    # Changing what a credential says only withdraws its verification, so one's own may be changed too.
    "record": ({"managing_editor", "admin"}, set(CREDENTIAL_STATES)),
}
CREDENTIAL_CELLS = [
    (role, action, state) for role in CREDENTIAL_ROLES for action in CREDENTIAL_ACTIONS for state in CREDENTIAL_STATES
]


def credential_user(role):
    if role == "managing_editor":
        return factories.managing_editor(username="acting-managing-editor")
    return make_user(role)


def credential_in_state(state, user) -> Credential:
    if state == "own":
        profile = ReviewerProfile.objects.get_or_create(user=user, defaults={"display_name": "Acting"})[0]
        return factories.CredentialFactory(reviewer=profile)
    holder = factories.reviewer(username="holder", abbreviations=())
    credential = factories.CredentialFactory(reviewer=holder.reviewer_profile)
    if state in ("verified", "expired"):
        credentials.verify(credential, by=factories.managing_editor(username="credentials-desk"))
    if state == "expired":
        Credential.objects.filter(pk=credential.pk).update(expires_on=timezone.localdate())
    return credential


def credential_snapshot(credential):
    credential.refresh_from_db()
    profile = ReviewerProfile.objects.get(pk=credential.reviewer_id)
    return (
        credential.verified_on,
        credential.verified_by_id,
        credential.number,
        profile.credentials,
        AuditEvent.objects.count(),
    )


def is_allowed_on_credential(role, action, state):
    roles, states = CREDENTIAL_ALLOWED[action]
    return role in roles and state in states


@pytest.mark.parametrize(("role", "action", "state"), CREDENTIAL_CELLS)
def test_the_credential_services_allow_exactly_the_permitted_cells(role, action, state):
    user = credential_user(role)
    credential = credential_in_state(state, user)
    before = credential_snapshot(credential)

    def perform():
        if action == "verify":
            return credentials.verify(credential, by=user)
        credential.number = "5550001"
        return credentials.record(credential, by=user)

    if is_allowed_on_credential(role, action, state):
        perform()
        assert credential_snapshot(credential) != before
    else:
        with pytest.raises(WorkflowError):
            perform()
        assert credential_snapshot(credential) == before


@pytest.mark.parametrize(("role", "action", "state"), CREDENTIAL_CELLS)
def test_the_credential_admin_allows_exactly_the_permitted_cells(client, role, action, state):
    user = credential_user(role)
    credential = credential_in_state(state, user)
    client.force_login(user)
    before = credential_snapshot(credential)

    if action == "verify":
        response = client.post(reverse("admin:reviews_credential_verify", args=[credential.pk]))
    else:
        data = {
            "reviewer": credential.reviewer_id,
            "kind": credential.kind,
            "abbreviation": credential.abbreviation,
            "issuing_body": credential.issuing_body,
            "number": "5550001",
            "expires_on": credential.expires_on.isoformat(),
        }
        response = client.post(reverse("admin:reviews_credential_change", args=[credential.pk]), data)

    levels = [m.level_tag for m in get_messages(response.wsgi_request)]
    if is_allowed_on_credential(role, action, state):
        assert response.status_code == 302 and "error" not in levels
        assert credential_snapshot(credential) != before
    else:
        assert response.status_code == 403 or levels == ["error"]
        assert credential_snapshot(credential) == before
