"""The outbox: what is to be told to whom, and each channel's delivery of it.

A `Notification` is one message to one recipient: a template key, a JSON context, a link,
and an idempotency key (unique: writing the same message twice keeps the first). For a
recipient with an account it is also the item of their in-portal inbox, which always gets
it. Each external channel (e-mail, SMS) it goes out by is a `Delivery` row: an outbox row
that a dispatcher claims, sends and marks (common.outbox). Rows are written in the same
transaction as what they tell, so a broker that is down delays them and never loses them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")


# The order in which a message falls back from one channel to the next.
CHANNEL_ORDER = (Channel.EMAIL, Channel.SMS)


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    RETRY = "retry", _("Lỗi tạm thời, sẽ gửi lại")
    FAILED = "failed", _("Gửi không thành công")


class Notification(models.Model):
    key = models.CharField(_("khóa chống gửi trùng"), max_length=200, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
        help_text=_("Để trống khi người nhận không có tài khoản (chỉ gửi qua thư, SMS)."),
    )
    name = models.CharField(_("tên người nhận"), max_length=255, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    template = models.CharField(_("mẫu thông báo"), max_length=120)
    context = models.JSONField(_("nội dung"), default=dict, blank=True)
    link = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")
    legal = models.BooleanField(
        _("thông báo theo quy định"),
        default=False,
        help_text=_("Thông báo pháp luật buộc phải gửi: luôn đến được ít nhất một kênh."),
    )
    digest = models.BooleanField(
        _("gộp thành bản tin"),
        default=False,
        help_text=_("Gửi qua thư, SMS gộp với các thông báo khác, tối đa một lần mỗi khoảng."),
    )
    fallback = models.JSONField(
        _("kênh dự phòng"),
        default=list,
        blank=True,
        help_text=_("Các kênh dùng khi kênh đã chọn thất bại hẳn, theo thứ tự."),
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("thời điểm đọc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"],
                name="notification_inbox",
            ),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self):
        return f"{self.template} → {self.name or self.email or self.phone}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Delivery(models.Model):
    """One channel's sending of a notification: an outbox row (common.outbox)."""

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("thông báo"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices)
    address = models.CharField(_("địa chỉ gửi"), max_length=255)
    state = models.CharField(
        _("tình trạng"),
        max_length=8,
        choices=DeliveryState.choices,
        default=DeliveryState.QUEUED,
    )
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    next_attempt_at = models.DateTimeField(_("lần thử tới"), default=timezone.now)
    lease_until = models.DateTimeField(_("giữ đến"), null=True, blank=True)
    last_error = models.CharField(_("lý do"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True)
    created_at = models.DateTimeField(_("thời điểm tạo"), default=timezone.now)
    # Set when this delivery went out inside a digest with others (the digest's own row).
    digest_of = models.ForeignKey(
        "self",
        verbose_name=_("gửi gộp trong"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("lần gửi")
        verbose_name_plural = _("lần gửi")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="delivery_once_per_channel"
            )
        ]
        indexes = [
            # The dispatcher's scan: the rows still to send, by when they are due.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(state__in=["queued", "retry", "sending"]),
                name="delivery_pending",
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.address}"


class Preference(models.Model):
    """Which channels a person wants besides the inbox. Legal notices reach at least one
    channel whatever is chosen here."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email = models.BooleanField(_("nhận qua thư điện tử"), default=True)
    sms = models.BooleanField(_("nhận qua tin nhắn SMS"), default=False)

    class Meta:
        verbose_name = _("lựa chọn nhận thông báo")
        verbose_name_plural = _("lựa chọn nhận thông báo")

    def __str__(self):
        return str(self.user)

    def wants(self, channel) -> bool:
        return bool(getattr(self, str(channel)))


class DigestSlot(models.Model):
    """When a person last got a digest on a channel: at most one per interval."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "channel"], name="digest_slot_once")]

    def __str__(self):
        return f"{self.user_id} {self.channel} {self.last_sent_at}"
