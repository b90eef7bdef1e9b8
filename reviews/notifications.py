"""Emails to the medical reviewers."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse

from .models import ReviewFlag


def reviewers_emails() -> list[str]:
    permission = Permission.objects.get(content_type__app_label="reviews", codename="approve_submission")
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
