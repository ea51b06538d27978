"""Citizens' use cases: sign up, contact verification, profile update.

One function per use case, keyword-only. Each validates with the models' rules (raising
`django.core.exceptions.ValidationError` with a per-field dict), writes in one transaction and
sends e-mail only after commit. The username of a new account is its identity number: the CCCD
of an individual, the tax code of an organisation; people sign in with it or with their e-mail.
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from notifications import sms

from . import validators
from .errors import CodeError
from .models import CodeChannel, OneTimeCode, Profile, ProfileKind

User = get_user_model()

RESEND_INTERVAL = datetime.timedelta(seconds=60)
CODES_PER_HOUR = 5
_HASH_SALT = "citizens.OneTimeCode"
# The fields of a profile an applicant may change after sign-up (the identity number is the
# username and stays).
USER_FIELDS = ("full_name", "email", "phone")
PROFILE_FIELDS = (
    "date_of_birth",
    "representative_name",
    "representative_title",
    "province_code",
    "ward_code",
    "street",
)


def _hash_code(code: str) -> str:
    return salted_hmac(_HASH_SALT, code, algorithm="sha256").hexdigest()


def email_in_use(email: str, *, exclude_user_id=None) -> bool:
    users = User.objects.filter(email__iexact=email)
    if exclude_user_id:
        users = users.exclude(pk=exclude_user_id)
    return users.exists()


def _validate(user, profile, password: str | None = None) -> None:
    """The models' rules plus the account-level ones, as one ValidationError dict."""
    errors: dict[str, list] = {}
    try:
        profile.full_clean(exclude=["user"], validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    user.phone = validators.normalise_phone(user.phone)
    try:
        validators.validate_phone(user.phone)
    except ValidationError as error:
        errors.setdefault("phone", []).extend(error.messages)
    if not user.full_name.strip():
        errors.setdefault("full_name", []).append(_("Nhập họ và tên."))
    if not user.email:
        errors.setdefault("email", []).append(_("Nhập địa chỉ thư điện tử."))
    elif email_in_use(user.email, exclude_user_id=user.pk):
        errors.setdefault("email", []).append(_("Địa chỉ thư điện tử này đã được đăng ký."))
    field = "tax_code" if profile.is_organisation else "id_number"
    if user.pk is None and field not in errors:
        taken = User.objects.filter(username=user.username).exists() or (
            Profile.objects.filter(**{field: getattr(profile, field)}).exists()
        )
        if taken:
            errors[field] = [_("Số định danh này đã có tài khoản.")]
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as error:
            errors.setdefault("password1", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)


def citizen_sign_up(
    *,
    kind: str,
    full_name: str,
    email: str,
    phone: str,
    password: str,
    id_number: str = "",
    date_of_birth: datetime.date | None = None,
    tax_code: str = "",
    representative_name: str = "",
    representative_title: str = "",
    province_code: int | None = None,
    ward_code: int | None = None,
    street: str = "",
) -> User:
    """Create the account and its profile, and send an e-mail verification code."""
    kind = ProfileKind(kind)
    is_organisation = kind == ProfileKind.ORGANISATION
    tax_code = validators.normalise_tax_code(tax_code)
    id_number = id_number.strip()
    username = tax_code if is_organisation else id_number
    user = User(username=username, full_name=full_name.strip(), email=email.strip(), phone=phone)
    profile = Profile(
        kind=kind,
        id_number="" if is_organisation else id_number,
        date_of_birth=None if is_organisation else date_of_birth,
        tax_code=tax_code if is_organisation else "",
        representative_name=representative_name.strip() if is_organisation else "",
        representative_title=representative_title.strip() if is_organisation else "",
        province_code=province_code,
        ward_code=ward_code,
        street=street.strip(),
    )
    _validate(user, profile, password)
    with transaction.atomic():
        user.set_password(password)
        user.save()
        profile.user = user
        profile.save()
        _issue_code(user=user, channel=CodeChannel.EMAIL, now=timezone.now())
    return user


def _issue_code(*, user, channel: str, now) -> tuple[OneTimeCode, str] | None:
    """Store a new code's hash; older codes of the channel stop working. An e-mail is sent
    after commit; a phone code is returned as (row, code) for the caller to send by SMS once
    its transaction is committed (`_send_code_sms`), so that a failed SMS can be told."""
    destination = user.phone if channel == CodeChannel.PHONE else user.email
    if channel not in CodeChannel.values or not destination:
        raise CodeError("no_destination")
    code = f"{secrets.randbelow(10**6):06d}"
    OneTimeCode.objects.filter(user=user, channel=channel, used_at__isnull=True).update(
        expires_at=now
    )
    otc = OneTimeCode.objects.create(
        user=user,
        channel=channel,
        destination=destination,
        code_hash=_hash_code(code),
        expires_at=now + datetime.timedelta(minutes=OneTimeCode.LIFETIME_MINUTES),
    )
    if channel == CodeChannel.PHONE:
        return otc, code
    name = user.get_full_name()
    transaction.on_commit(lambda: _send_code_email(destination, name, code))
    return None


def _send_code_email(destination: str, name: str, code: str) -> None:
    context = {
        "name": name,
        "code": code,
        "minutes": OneTimeCode.LIFETIME_MINUTES,
        "portal_name": settings.PORTAL_NAME,
    }
    send_mail(
        subject=_("Mã xác minh tài khoản %(portal)s: %(code)s")
        % {"portal": settings.PORTAL_NAME, "code": code},
        message=render_to_string("citizens/email/verification_code.txt", context),
        from_email=None,
        recipient_list=[destination],
    )


class PhoneCodeError(CodeError):
    """A code that could not go out by SMS, among the other code errors."""

    MESSAGES = {**CodeError.MESSAGES, "sms_failed": sms.SmsError().message}


def _send_code_sms(otc: OneTimeCode, code: str) -> None:
    """Send a phone code; if the gateway fails, the code is forgotten (it never arrived, so it
    counts neither for the resend interval nor for the hourly limit) and the user told."""
    text = _(
        "%(portal)s: mã xác minh số điện thoại của bạn là %(code)s, có hiệu lực %(minutes)s "
        "phút. Không chia sẻ mã này với bất kỳ ai."
    ) % {"portal": settings.PORTAL_NAME, "code": code, "minutes": OneTimeCode.LIFETIME_MINUTES}
    try:
        sms.send_sms(to=otc.destination, text=text)
    except sms.SmsError:
        OneTimeCode.objects.filter(pk=otc.pk).delete()
        raise PhoneCodeError("sms_failed") from None


def verification_code_send(*, user, channel: str = CodeChannel.EMAIL) -> None:
    """Send a new code, at most one a minute and five an hour (per channel). An e-mail goes
    after commit; an SMS right after this function's transaction, so that a gateway failure
    becomes a PhoneCodeError("sms_failed")."""
    now = timezone.now()
    with transaction.atomic():
        locked = User.objects.select_for_update().filter(pk=user.pk).first()  # one at a time
        recent = OneTimeCode.objects.filter(
            user=user, channel=channel, created_at__gte=now - datetime.timedelta(hours=1)
        ).order_by("-created_at")
        last = recent.first()
        if last and last.created_at > now - RESEND_INTERVAL:
            raise CodeError("too_soon")
        if recent.count() >= CODES_PER_HOUR:
            raise CodeError("too_many_codes")
        issued = _issue_code(user=locked or user, channel=channel, now=now)
    if issued is not None:
        _send_code_sms(*issued)


def code_pending(*, user, channel: str) -> bool:
    """Whether a code sent on `channel` to the user's current contact can still be entered."""
    destination = _destination(user, channel)
    return (
        bool(destination)
        and OneTimeCode.objects.filter(
            user=user,
            channel=channel,
            destination=destination,
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
            attempts__lt=OneTimeCode.MAX_ATTEMPTS,
        ).exists()
    )


def _destination(user, channel: str) -> str:
    """The user's current e-mail or phone, read afresh (the request's copy may be stale)."""
    field = "phone" if channel == CodeChannel.PHONE else "email"
    return User.objects.filter(pk=user.pk).values_list(field, flat=True).first() or ""


def verify_code(*, user, code: str, channel: str = CodeChannel.EMAIL) -> Profile:
    """Check a code against the latest one sent; mark the contact verified when it matches.

    A wrong code counts an attempt (kept even though the call raises); the fifth wrong one
    retires the code.
    """
    now = timezone.now()
    error = None
    with transaction.atomic():
        otc = (
            OneTimeCode.objects.select_for_update()
            .filter(user=user, channel=channel, used_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if otc is None:
            raise CodeError("no_code")
        if channel == CodeChannel.PHONE and otc.destination != _destination(user, channel):
            raise CodeError("no_code")  # sent to a number the account no longer has
        if otc.attempts >= OneTimeCode.MAX_ATTEMPTS:
            raise CodeError("too_many_attempts")
        if otc.expires_at <= now:
            raise CodeError("expired")
        if not constant_time_compare(otc.code_hash, _hash_code(code.strip())):
            otc.attempts += 1
            otc.save(update_fields=["attempts"])
            error = "too_many_attempts" if otc.attempts >= OneTimeCode.MAX_ATTEMPTS else "wrong"
        else:
            otc.used_at = now
            otc.save(update_fields=["used_at"])
            profile = Profile.objects.select_for_update().get(user=user)
            field = "email_verified_at" if channel == CodeChannel.EMAIL else "phone_verified_at"
            setattr(profile, field, now)
            profile.save(update_fields=[field, "updated_at"])
    if error:
        raise CodeError(error)
    return profile


def profile_update(*, user, **changes) -> Profile:
    """Change the applicant's contacts, name, date of birth, address or representative.

    A changed e-mail (phone) is no longer verified; a new e-mail gets a new code.
    """
    unknown = set(changes) - set(USER_FIELDS) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"profile_update() got unexpected fields: {sorted(unknown)}")
    now = timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        profile = Profile.objects.select_for_update().get(user=user)
        old_email, old_phone = user.email, user.phone
        for field in USER_FIELDS:
            if field in changes:
                value = changes[field]
                setattr(user, field, value.strip() if isinstance(value, str) else value)
        for field in PROFILE_FIELDS:
            if field in changes:
                value = changes[field]
                setattr(profile, field, value.strip() if isinstance(value, str) else value)
        if profile.is_organisation:
            profile.date_of_birth = None
        else:
            profile.representative_name = profile.representative_title = ""
        _validate(user, profile)
        email_changed = user.email.lower() != old_email.lower()
        if email_changed:
            profile.email_verified_at = None
        if user.phone != old_phone:
            profile.phone_verified_at = None
        user.save()
        profile.save()
        if email_changed:
            _issue_code(user=user, channel=CodeChannel.EMAIL, now=now)
    return profile


from .selectors import applicant_data  # noqa: E402,F401  (the dossier side imports it from here)
