"""`manage.py generate_procedures --count 10000`: a large catalog for benchmarks, copied from
the one loaded (`procedures.generate`). Fabricated data, so it refuses to run when DEBUG is
off unless `--force` is given."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from procedures.generate import generate_procedures


class Command(BaseCommand):
    help = _("Tạo thêm thủ tục hành chính giả lập (sao từ danh mục đã nạp) để đo hiệu năng.")

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10_000, help=_("Số thủ tục cần tạo."))
        parser.add_argument("--seed", type=int, default=1, help=_("Hạt giống ngẫu nhiên."))
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Chạy cả khi DEBUG tắt (không dùng trên hệ thống thật)."),
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(_("Không tạo dữ liệu giả lập khi DEBUG tắt (thêm --force)."))
        if options["count"] < 0:
            raise CommandError(_("Số lượng phải là số dương."))
        made = generate_procedures(count=options["count"], seed=options["seed"])
        if not made and options["count"]:
            raise CommandError(_("Chưa có thủ tục nào đang áp dụng để sao: hãy nạp danh mục."))
        self.stdout.write(_("Đã tạo %(count)s thủ tục.") % {"count": made})
