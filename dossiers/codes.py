"""Dossier and result codes (TT 01/2018 Điều 19; ND 45/2020 Điều 14(3)).

`<receiving unit code>-YYMMDD-NNNN`: the official reception date and a daily sequence per
receiving unit, from a counter row locked per unit and day, so concurrent submissions never
share a number. Must run inside the caller's transaction.

The unit part is the receiving unit's electronic identifier exactly as the catalog stores it.
Circular 01/2018 Điều 19 names the four-group identifier of TT 10/2016/TT-BTTTT
(`V1V2V3.Z1Z2.Y1Y2.MX1X2`, written right to left, e.g. `000.00.12.H12`); Decision
20/2020/QĐ-TTg replaced it with groups developed left to right (`H92.31.01`), which is what
live portals print (Gia Lai: `H21.65-220914-0011`) and what the demo catalog holds. The code
never parses the identifier, so a province whose agencies are kept in the older form gets
codes in that form. What Circular 03/2025 says of the code's structure was not read (the
regulations reference marks it unverified).
"""

import datetime

from django.utils.translation import gettext as _

from .errors import Conflict
from .models import DailyCounter, DossierResult

MAX_DAILY = 9999


def next_dossier_code(*, unit, day: datetime.date) -> str:
    DailyCounter.objects.bulk_create([DailyCounter(unit=unit, day=day)], ignore_conflicts=True)
    counter = DailyCounter.objects.select_for_update().get(unit=unit, day=day)
    if counter.last >= MAX_DAILY:
        raise Conflict(_("Đơn vị đã tiếp nhận tối đa 9.999 hồ sơ trong ngày."))
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{unit.code}-{day:%y%m%d}-{counter.last:04d}"


def next_result_number(dossier) -> int:
    last = (
        DossierResult.objects.filter(dossier=dossier)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return (last or 0) + 1


def result_code(dossier_code: str, number: int) -> str:
    return f"{dossier_code}-KQ{number}"
