"""Reviewers' credentials: recording them, verifying them, what they print after a
reviewer's name, whether a reviewer may sign today, and the expiry notices.

A page prints the credentials its reviewer held, verified and unexpired, on the day of
the review: approvals and stamps copy that line, and `ReviewerProfile.credentials`
keeps today's line for everything else (refreshed on every change, verification and
expiry). Only a managing editor verifies, and never their own.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import jobs, notifications
from .exceptions import CredentialsNotCurrent, InvalidTransition, NotAllowed, NotReady
from .models import AuditEvent, Credential, CredentialNotice, ReviewerProfile

VERIFY = "reviews.verify_credential"
# How long before a credential expires the reviewer and the managing editors are told.
NOTICE_DAYS = 30


def cache_tag(profile: ReviewerProfile) -> str:
    """The tag of every public page that prints `profile`'s credentials as held today."""
    return f"reviewer-credentials-{profile.pk}"


def printed_line(credentials, *, on: date) -> str:
    """The abbreviations of the credentials among `credentials` held on `on`, in the
    order they were recorded, each once: "MD, PhD"."""
    held = [c.abbreviation for c in sorted(credentials, key=lambda c: c.pk) if c.is_held_on(on)]
    return ", ".join(dict.fromkeys(held))[:120]


def refresh_printed_line(profile: ReviewerProfile, *, today: date | None = None) -> str:
    """Set the profile's printed credentials to what it holds today, and purge the pages
    that print them."""
    line = printed_line(profile.credential_records.all(), on=today or timezone.localdate())
    if line != profile.credentials:
        ReviewerProfile.objects.filter(pk=profile.pk).update(credentials=line)
        profile.credentials = line
    jobs.purge_on_commit([cache_tag(profile)])
    return line


def signing_line(profile: ReviewerProfile, *, today: date | None = None) -> str:
    """The credentials a review by `profile` prints today. Refuses, saying which
    credential and what to do, when the reviewer holds none verified and unexpired."""
    today = today or timezone.localdate()
    records = list(profile.credential_records.all())
    line = printed_line(records, on=today)
    if line:
        return line
    pending = [c for c in records if not c.is_verified and not c.expired_on(today)]
    expired = sorted((c for c in records if c.expired_on(today)), key=lambda c: c.expires_on)
    if pending:
        message = _(
            "Your %(credential)s is not verified yet: ask a managing editor to verify it, then approve or confirm."
        ) % {"credential": pending[-1].description}
    elif expired:
        message = _("Your %(credential)s expired on %(date)s: ask a managing editor to verify its renewal.") % {
            "credential": expired[-1].description,
            "date": expired[-1].expires_on_display,
        }
    else:
        message = _(
            "You have no credentials on record, and pages print their reviewer's credentials: ask a managing editor "
            "to add and verify your degree or licence."
        )
    raise CredentialsNotCurrent(message)


def why_cannot_sign(user) -> str:
    """What keeps `user` from approving or confirming today for want of a credential, or
    "" (the review screen says it before they try)."""
    profile = ReviewerProfile.objects.filter(user=user).first()
    if profile is None:
        return ""  # not a reviewer; the services say so themselves
    try:
        signing_line(profile)
    except CredentialsNotCurrent as refusal:
        return str(refusal)
    return ""


@transaction.atomic
def record(credential: Credential, *, by) -> Credential:
    """Add or change a credential. Changing what a verified credential says withdraws
    its verification: what was checked with the issuing body is no longer what it says."""
    before = Credential.objects.select_for_update().filter(pk=credential.pk).first() if credential.pk else None
    if not by.has_perm("reviews.add_credential" if before is None else "reviews.change_credential"):
        raise NotAllowed(_("Only managing editors record reviewers' credentials."))
    credential.full_clean()
    withdrawn = before is not None and before.is_verified and before.substance() != credential.substance()
    if withdrawn:
        credential.verified_on = credential.verified_by = None
    elif before is not None:
        credential.verified_on, credential.verified_by_id = before.verified_on, before.verified_by_id
    credential.save()
    if before is None:
        action = "credential.added"
    else:
        action = "credential.unverified" if withdrawn else "credential.changed"
    AuditEvent.record(credential, action, by=by, data=_details(credential))
    if before is not None and before.reviewer_id != credential.reviewer_id:
        refresh_printed_line(before.reviewer)
    refresh_printed_line(credential.reviewer)
    return credential


@transaction.atomic
def verify(credential: Credential, *, by) -> Credential:
    """Record that a managing editor checked `credential` with its issuing body today."""
    credential = Credential.objects.select_for_update().select_related("reviewer").get(pk=credential.pk)
    if not by.has_perm(VERIFY):
        raise NotAllowed(_("Only managing editors verify reviewers' credentials."))
    if credential.reviewer.user_id == by.pk:
        raise NotAllowed(_("Nobody verifies their own credentials: ask another managing editor to verify yours."))
    today = timezone.localdate()
    if credential.expired_on(today):
        raise InvalidTransition(
            _("This %(credential)s expired on %(date)s: enter the renewal's number and expiry date, then verify it.")
            % {"credential": credential.description, "date": credential.expires_on_display}
        )
    if credential.is_verified:
        raise InvalidTransition(
            _("This %(credential)s was verified already, on %(date)s.")
            % {"credential": credential.description, "date": date_format(credential.verified_on, "j M Y")}
        )
    try:
        credential.full_clean()  # records imported from free text may lack the issuing body
    except ValidationError as exc:
        problems = "; ".join(
            f"{Credential._meta.get_field(name).verbose_name}: {' '.join(messages)}"
            for name, messages in exc.message_dict.items()
        )
        message = _("Complete this credential before verifying it (%(problems)s).") % {"problems": problems}
        raise NotReady(message) from exc
    credential.verified_on, credential.verified_by = today, by
    credential.save(update_fields=["verified_on", "verified_by", "updated_at"])
    AuditEvent.record(credential, "credential.verified", by=by, data=_details(credential))
    refresh_printed_line(credential.reviewer, today=today)
    return credential


def send_expiry_notices(*, today: date | None = None) -> list[CredentialNotice]:
    """Tell each reviewer and the managing editors, once, that a verified credential
    expires within NOTICE_DAYS, and once more when it has expired. Safe to run any
    number of times a day: a notice sent is recorded and never sent again."""
    today = today or timezone.localdate()
    expired_notice = CredentialNotice.objects.filter(
        credential=OuterRef("pk"), kind=CredentialNotice.Kind.EXPIRED, expires_on=OuterRef("expires_on")
    )
    due = (
        Credential.objects.filter(verified_on__isnull=False, expires_on__lte=today + timedelta(days=NOTICE_DAYS))
        .exclude(Exists(expired_notice))
        .select_related("reviewer__user")
        .order_by("expires_on", "pk")
    )
    sent = []
    for credential in due:
        notice = _notify_once(credential, today=today)
        if notice is not None:
            sent.append(notice)
    return sent


def _notify_once(credential: Credential, *, today: date) -> CredentialNotice | None:
    expired = credential.expired_on(today)
    kind = CredentialNotice.Kind.EXPIRED if expired else CredentialNotice.Kind.EXPIRING
    with transaction.atomic():
        # The row is the record that this message went out; if sending fails it is rolled
        # back and tomorrow's run tries again.
        notice, created = CredentialNotice.objects.get_or_create(
            credential=credential, kind=kind, expires_on=credential.expires_on, defaults={"sent_at": timezone.now()}
        )
        if not created:
            return None
        if expired:
            refresh_printed_line(credential.reviewer, today=today)
        notice.recipients = notifications.email_credential_expiry(credential, expired=expired, today=today)
        notice.save(update_fields=["recipients"])
        AuditEvent.record(credential, f"credential.{kind}_notice", data=_details(credential))
    return notice


def _details(credential: Credential) -> dict:
    return {
        "reviewer": credential.reviewer_id,
        "kind": credential.kind,
        "abbreviation": credential.abbreviation,
        "issuing_body": credential.issuing_body,
        "number": credential.number,
        "expires_on": credential.expires_on.isoformat() if credential.expires_on else None,
        "verified_on": credential.verified_on.isoformat() if credential.verified_on else None,
        "verified_by": credential.verified_by_id,
    }
