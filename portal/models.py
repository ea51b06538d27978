"""The custom user. No domain rules here: roles come from agency memberships (procedures)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: a citizen, a business representative or an officer.

    A user without agency memberships is an applicant (citizen or business); officers get
    their roles, per agency, from `procedures.Membership`. System administrators are
    superusers.
    """

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def get_full_name(self):
        return self.name_of(self.full_name, self.first_name, self.last_name, self.username)

    @staticmethod
    def name_of(full_name, first_name, last_name, username) -> str:
        """The name people read, from the columns (`get_full_name` without an instance)."""
        return full_name or f"{first_name} {last_name}".strip() or username

    def __str__(self):
        return self.get_full_name()
