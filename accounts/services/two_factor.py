"""Two-factor authentication with django-otp: an authenticator app (TOTP) and ten single-use
recovery codes (django-otp's static tokens). Required for the people TWO_FACTOR_REQUIRED_FOR
names (oversight users and superusers), optional for everyone else."""

import logging
from base64 import b32encode

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from accounts.models import User

security_log = logging.getLogger("trust_partnerships.security")

APP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10
WRONG_CODE = "The code is not right. Enter the 6-digit code your authenticator app shows now."
REQUIRED = "You cannot turn off two-factor authentication: your role needs it."


def new_secret() -> str:
    """A fresh TOTP key (hex), kept in the session until the person proves their app has it."""
    return random_hex(20)


def secret_for_typing(key: str) -> str:
    """The key as authenticator apps ask for it when typed in: base32, in groups of four."""
    text = b32encode(bytes.fromhex(key)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(user: User, key: str) -> str:
    """The otpauth:// address the QR code holds (django-otp builds it; the device is not saved)."""
    return TOTPDevice(user=user, key=key, name=APP_NAME).config_url


def is_enabled(user: User) -> bool:
    return user_has_device(user, confirmed=True)


def app_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_device(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def _new_recovery_codes(device: StaticDevice) -> list[str]:
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_enable(*, user: User, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Turn on two-factor authentication once `code` shows the person's app holds `key`.
    Replaces any earlier app and recovery codes. Returns the app's device and the new codes."""
    totp = TOTP(bytes.fromhex(key))
    code = (code or "").replace(" ", "")
    if not (code.isdigit() and len(code) == 6 and totp.verify(int(code), tolerance=1)):
        raise ValidationError({"code": WRONG_CODE})
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    app = TOTPDevice.objects.create(user=user, key=key, name=APP_NAME, confirmed=True, last_t=totp.t())
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = _new_recovery_codes(recovery)
    security_log.warning("Two-factor authentication turned on for %s", user.username)
    return app, codes


@transaction.atomic
def two_factor_new_recovery_codes(*, user: User) -> list[str]:
    """Replace the recovery codes (the old ones stop working)."""
    device = recovery_device(user)
    if device is None:
        raise ValidationError("Turn on two-factor authentication first.")
    security_log.warning("New recovery codes made for %s", user.username)
    return _new_recovery_codes(device)


@transaction.atomic
def two_factor_disable(*, user: User) -> None:
    """Turn two-factor authentication off (not allowed for those who must use it)."""
    if user.two_factor_required:
        raise PermissionDenied(REQUIRED)
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    security_log.warning("Two-factor authentication turned off for %s", user.username)


def verify_code(user: User, code: str):
    """The device that accepts `code` (6 digits from the app, or an unused recovery code, which
    is then used up), else None. django-otp throttles repeated failures per device."""
    from django_otp import verify_token

    code = (code or "").replace(" ", "").strip()
    device = app_device(user) if (code.isdigit() and len(code) == 6) else recovery_device(user)
    if device is None or not code:
        return None
    return verify_token(user, device.persistent_id, code)
