"""`manage.py seed_demo`: the demo catalog of Cần Thơ, the demo accounts and the demo citizens'
profiles (DEBUG only). Here rather than in procedures, which holds the catalog and the accounts,
because the profiles are citizens' and procedures imports no other app of ours."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from citizens.demo import seed_demo
from procedures.catalog_io import CatalogError


class Command(BaseCommand):
    help = "Nạp danh mục thủ tục mẫu của thành phố Cần Thơ và các tài khoản trình diễn."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                _(
                    "seed_demo chỉ chạy khi DEBUG bật (môi trường phát triển, trình diễn): "
                    "lệnh này tạo tài khoản với mật khẩu dùng chung và không được chạy trên hệ "
                    "thống thật."
                )
            )
        try:
            result = seed_demo(password=settings.DEMO_PASSWORD)
        except CatalogError as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:  # a demo profile clashes with data already there
            raise CommandError("; ".join(error.messages)) from error
        for line in result["catalog"].lines():
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(
            _("Tài khoản trình diễn, mật khẩu chung: %(password)s")
            % {"password": settings.DEMO_PASSWORD}
        )
        for account in result["accounts"]:
            roles = "; ".join(f"{role} — {agency}" for agency, role in account["roles"])
            state = _("mới tạo") if account["created"] else _("đã có, đặt lại mật khẩu")
            who = roles or _("công dân")
            if "profile" in account:
                who += ", " + _("CCCD %(id_number)s") % {
                    "id_number": account["profile"]["id_number"]
                }
            self.stdout.write(
                f"  {account['username']:<11} {account['full_name']:<20} {who} ({state})"
            )
        self.stdout.write(self.style.SUCCESS(_("Đã nạp dữ liệu trình diễn.")))
