"""Electronic signatures. Approving, confirming a page still accurate and taking a page
down are signed acts: the signer enters their password and a code from their second
factor (an authenticator app, or a printed backup code) at the first signing in a
session, and at least one of the two at each signing after it, as 21 CFR Part 11
(11.200) asks of signatures not based on biometrics.

`sign` checks what was entered and returns a `Signature`; the workflow services take
it and refuse to act without a valid one (`require`), so every way of calling them
signs the same way. The signature says how it was made, and the records it produces
(approvals, review stamps, editions, the audit log) keep that.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import second_factor
from .exceptions import SignatureRefused

# The session remembers who has signed in it with every component; after that one is enough.
SIGNED_IN_SESSION = "reviews.signed_with_all_components"
# A signature is made for the action it is entered with, not kept for later ones.
VALID_FOR = timedelta(minutes=5)

PASSWORD = "password"
AUTHENTICATOR_CODE = "authenticator code"
BACKUP_CODE = "backup code"
_SALT = "reviews.signatures.Signature"


@dataclass(frozen=True)
class Signature:
    """Who signed, when, and with what ("password and authenticator code"). Made only
    by `sign`: the seal binds the rest to this site's secret key."""

    signer_id: int
    method: str
    signed_at: datetime
    seal: str = field(repr=False)

    @staticmethod
    def _seal(signer_id: int, method: str, signed_at: datetime) -> str:
        return salted_hmac(_SALT, f"{signer_id}|{method}|{signed_at.isoformat()}", algorithm="sha256").hexdigest()

    def is_sealed(self) -> bool:
        return constant_time_compare(self.seal, self._seal(self.signer_id, self.method, self.signed_at))


def sign(user, *, session, password: str = "", code: str = "") -> Signature:
    """Check the password and/or code `user` entered to sign, in `session` (the
    request's session, or any mapping that lives as long as one).

    Refuses, with SignatureRefused, a signer without an authenticator, a first
    signature in the session without both components, and anything wrong. A wrong
    password counts against the authenticator's throttle as a wrong code does, so that
    guessing one is no cheaper than guessing the other.
    """
    device = second_factor.authenticator(user)
    if device is None:
        raise SignatureRefused(
            _(
                "Set up two-factor sign-in first (Two-factor sign-in, at the top of the page): approvals, "
                "confirmations and take-downs are signed with your password and an authenticator code."
            )
        )
    first = session.get(SIGNED_IN_SESSION) != user.pk
    if first and not (password and code):
        raise SignatureRefused(
            _(
                "This is your first signature since you signed in: enter both your password and a code from your "
                "authenticator app (or a backup code)."
            )
        )
    if not (password or code):
        raise SignatureRefused(_("Sign with your password or a fresh code from your authenticator app."))
    components = []
    if password:
        second_factor.require_not_throttled(device)
        if not user.check_password(password):
            device.throttle_increment()
            raise SignatureRefused(_("That password is wrong. Enter the password you sign in with."))
        components.append(PASSWORD)
    if code:
        used = second_factor.verify_code(user, code)
        components.append(AUTHENTICATOR_CODE if isinstance(used, TOTPDevice) else BACKUP_CODE)
    session[SIGNED_IN_SESSION] = user.pk
    method = " and ".join(components)
    now = timezone.now()
    return Signature(signer_id=user.pk, method=method, signed_at=now, seal=Signature._seal(user.pk, method, now))


def require(signature: Signature | None, *, signer) -> Signature:
    """The services' check: `signature` was made by `sign`, by `signer`, just now."""
    if not isinstance(signature, Signature) or not signature.is_sealed():
        raise SignatureRefused(_("Sign this with your password or a code from your authenticator app."))
    if signature.signer_id != signer.pk:
        raise SignatureRefused(_("A signature is personal: sign this with your own password or code."))
    if timezone.now() - signature.signed_at > VALID_FOR:
        raise SignatureRefused(_("Your signature has lapsed; sign again with your password or code."))
    return signature
