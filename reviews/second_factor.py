"""The second factor, with django-otp's devices: an authenticator app (TOTP) and a
printed list of backup codes (static tokens, each accepted once).

Medical reviewers and managing editors must have one: they sign in with it, and sign
approvals, confirmations and take-downs with it (`reviews.signatures`). Editors may
enrol too.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .exceptions import SignatureRefused

# Holders of these sign: medical reviewers (approve, confirm, take down) and managing
# editors (verify credentials, take down); superusers hold them all.
SIGNING_PERMISSIONS = ("reviews.approve_submission", "reviews.unpublish_edition", "reviews.verify_credential")
BACKUP_CODES = 10
AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"


def requires_second_factor(user) -> bool:
    """Whether `user` must sign in with a second factor: anyone who signs."""
    return user.is_active and any(user.has_perm(permission) for permission in SIGNING_PERMISSIONS)


def authenticator(user) -> TOTPDevice | None:
    """`user`'s confirmed authenticator app: their second factor."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def has_second_factor(user) -> bool:
    return authenticator(user) is not None


def device_for_code(user, code: str):
    """The device a code was meant for, told apart by its shape: an authenticator shows
    six digits, backup codes are letters and digits. Trying one code on every device
    would count a failure against each device it was not meant for."""
    code = code.strip()
    if code.isdigit() and len(code) == 6:
        return authenticator(user)
    return StaticDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def verify_code(user, code: str):
    """The device that accepts `code`, or SignatureRefused. The device counts a wrong
    code and backs off (django-otp's throttling); each code is accepted once."""
    device = device_for_code(user, code)
    if device is None:
        raise SignatureRefused(_("That is not a code from your authenticator app or your list of backup codes."))
    require_not_throttled(device)
    if not device.verify_token(code.strip()):
        raise SignatureRefused(_("That code is wrong or was already used. Enter the code your app shows now."))
    return device


def require_not_throttled(device) -> None:
    allowed, details = device.verify_is_allowed()
    if not allowed:
        until = (details or {}).get("locked_until")
        when = f" until {timezone.localtime(until):%H:%M:%S}" if until else ""
        raise SignatureRefused(_("Too many wrong passwords or codes: wait%(when)s, then try again.") % {"when": when})


def code_shown_now(device: TOTPDevice) -> str:
    """The code an authenticator app set up with `device` shows now, or its next one if
    this one was used (a code is accepted once; the device allows a step of clock
    drift). For the demo loader, which signs as its reviewers would, and for tests."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def start_enrolment(user) -> TOTPDevice:
    """The authenticator `user` is setting up: a new secret key, not yet confirmed."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


@transaction.atomic
def confirm_enrolment(user, device: TOTPDevice, code: str) -> list[str]:
    """Confirm `device` with the first code it shows, replace any earlier
    authenticator, and return a new list of backup codes (shown once)."""
    if device.user_id != user.pk or device.confirmed:
        raise SignatureRefused(_("Start the set-up again: this authenticator is not waiting to be confirmed."))
    require_not_throttled(device)
    if not device.verify_token(code.strip()):
        raise SignatureRefused(_("That code does not match. Check the key you entered and the clock of your phone."))
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return issue_backup_codes(user)


@transaction.atomic
def issue_backup_codes(user, codes: list[str] | None = None) -> list[str]:
    """A new list of backup codes for `user` (the old list stops working): random ones,
    or `codes` as given (the demo's, printed by `load_demo`)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_CODES_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = codes or [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
