"""Emails to the medical reviewers and the managing editors."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format

from .models import Credential, ReviewFlag


def reviewers_emails() -> list[str]:
    return _emails_of_users_who_may("approve_submission")


def managing_editors_emails() -> list[str]:
    return _emails_of_users_who_may("verify_credential")


def _emails_of_users_who_may(codename: str) -> list[str]:
    permission = Permission.objects.get(content_type__app_label="reviews", codename=codename)
    users = get_user_model().objects.filter(
        Q(groups__permissions=permission) | Q(user_permissions=permission) | Q(is_superuser=True),
        is_active=True,
    )
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def email_reviewers(flags: list[ReviewFlag]) -> int:
    """One digest listing every page that came back for review; nothing when none did."""
    if not flags:
        return 0
    recipients = reviewers_emails()
    if not recipients:
        return 0
    lines = [f"- {flag.edition.title} ({flag.get_reason_display().lower()})" for flag in flags[:200]]
    if len(flags) > 200:
        lines.append(f"...and {len(flags) - 200} more.")
    queue = settings.SITE_URL.rstrip("/") + reverse("admin:reviews_reviewflag_changelist")
    body = (
        f"{len(flags)} live page(s) came back for medical review:\n\n"
        + "\n".join(lines)
        + f"\n\nOpen the review queue: {queue}\n"
    )
    return send_mail(
        subject=f"{len(flags)} page(s) due for medical review",
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )


def email_credential_expiry(credential: Credential, *, expired: bool, today) -> list[str]:
    """Tell the reviewer and the managing editors that a credential expires soon, or has
    expired; returns the addresses it went to."""
    reviewer = credential.reviewer
    recipients = sorted({*filter(None, [reviewer.user.email]), *managing_editors_emails()})
    if not recipients:
        return []
    when = date_format(credential.expires_on, "j F Y")
    if expired:
        subject = f"{reviewer.display_name}'s {credential.abbreviation} {credential.get_kind_display()} has expired"
        status = f"expired on {when}. Until a managing editor verifies its renewal, pages no longer print it"
    else:
        days = (credential.expires_on - today).days
        subject = f"{reviewer.display_name}'s {credential.abbreviation} {credential.get_kind_display()} expires {when}"
        status = f"expires on {when}, in {days} day(s). From then on pages no longer print it"
    link = settings.SITE_URL.rstrip("/") + reverse("admin:reviews_credential_change", args=[credential.pk])
    body = (
        f"{reviewer.display_name}'s {credential.description} {status}, and if it is their only verified credential "
        "they cannot approve or confirm pages.\n\n"
        f"{reviewer.display_name}: send the renewed {credential.get_kind_display()} to a managing editor.\n"
        f"Managing editors: enter the renewal's number and expiry date and verify it: {link}\n"
    )
    send_mail(subject=subject, message=body, from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=recipients)
    return recipients
