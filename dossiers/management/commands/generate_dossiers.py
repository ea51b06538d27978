"""`manage.py generate_dossiers --count N`: fabricated dossiers for demos and benchmarks.

A thin wrapper of `dossiers.generate.generate_dossiers` (read its docstring: it is the one
writer of dossiers outside the services, because it fabricates history). It fills the database
with fake people, so it refuses to run when DEBUG is off unless `--force` is given.
"""

import argparse
import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.generate import GenerationError, generate_dossiers
from dossiers.models import Dossier


def _date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            _("Ngày không hợp lệ (YYYY-MM-DD): %(text)s") % {"text": text}
        ) from error


class Command(BaseCommand):
    help = "Tạo hồ sơ giả lập (kèm lịch sử xử lý) để trình diễn và đo hiệu năng."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="Số hồ sơ cần tạo.")
        parser.add_argument("--seed", type=int, default=None, help="Hạt giống ngẫu nhiên.")
        parser.add_argument("--batch", type=int, default=5000, help="Số hồ sơ mỗi lô ghi.")
        parser.add_argument(
            "--since", type=_date, default=None, help="Ngày nộp sớm nhất (YYYY-MM-DD)."
        )
        parser.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến độ.")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Nộp trong N ngày gần đây (thay cho --since); hồ sơ gần đây phần lớn đang xử lý.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Chỉ tạo khi chưa có hồ sơ nào (dùng cho make run).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Chạy cả khi DEBUG tắt (không dùng trên hệ thống thật).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                _(
                    "generate_dossiers chỉ chạy khi DEBUG bật: lệnh này tạo hàng loạt người dân "
                    "và hồ sơ giả. Thêm --force nếu thật sự muốn chạy trên cơ sở dữ liệu này."
                )
            )
        if options["count"] < 1 or options["batch"] < 1:
            raise CommandError(_("--count và --batch phải là số dương."))
        if options["if_empty"] and Dossier.objects.exists():
            self.stdout.write(_("Đã có hồ sơ: không tạo thêm."))
            return
        if options["days"] is not None:
            if options["days"] < 1:
                raise CommandError(_("--days phải là số dương."))
            options["since"] = timezone.localdate() - datetime.timedelta(days=options["days"])
        try:
            stats = generate_dossiers(
                count=options["count"],
                seed=options["seed"],
                since=options["since"],
                batch=options["batch"],
                progress=False if options["no_progress"] else None,
            )
        except GenerationError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _(
                "Đã tạo %(count)s hồ sơ, %(events)s sự kiện, %(results)s kết quả trong "
                "%(seconds)s giây (hạt giống %(seed)s, từ ngày %(since)s)."
            )
            % stats
        )
        for state, number in stats["states"].items():
            self.stdout.write(f"  {state:<22} {number}")
        self.stdout.write(
            _(
                "Giải quyết đúng hạn %(on_time)s, trễ hạn %(late)s; tài khoản mới: %(citizens)s "
                "người dân, %(staff)s cán bộ."
            )
            % {
                "on_time": stats["on_time"],
                "late": stats["late"],
                "citizens": stats["citizens_created"],
                "staff": stats["staff_created"],
            }
        )
