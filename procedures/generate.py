"""A large catalog for benchmarks: `count` procedures made from the catalog already loaded
(the demo's, `seed_demo`), each a copy of one of its published versions — papers, channels
with their fees, steps and implementing agencies — under a new national-style code
(`9.NNNNNN`) and a name varied the way real catalogs vary them (the same act for another
case, level or subject: "… trường hợp có yếu tố nước ngoài", "Cấp lại …").

Bulk inserts, not the services: it fabricates a catalog to measure search and pages against
ten thousand procedures; it does not publish anything anyone reviewed. It refuses to run with
DEBUG off unless forced (`manage.py generate_procedures --force`), like `generate_dossiers`.
"""

import random

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import kept
from .models import Channel, Component, FeeLine, Procedure, ProcedureVersion, ProcessStep
from .text import normalize

# How real catalogs name the variants of one act (Bộ TTHC phrases).
CASES = (
    "trường hợp có yếu tố nước ngoài",
    "trường hợp đăng ký lại",
    "cho người đã có hồ sơ, giấy tờ cá nhân",
    "đối với hộ kinh doanh",
    "đối với doanh nghiệp nhỏ và vừa",
    "đối với hợp tác xã",
    "tại khu vực biên giới",
    "liên thông với thủ tục cấp thẻ bảo hiểm y tế",
    "thực hiện tại cấp tỉnh",
    "thực hiện tại cấp xã",
    "qua dịch vụ bưu chính công ích",
    "cho người nước ngoài",
    "cho tổ chức",
    "cho cá nhân",
    "trong trường hợp bị mất, hư hỏng",
)
ACTS = ("Cấp lại", "Điều chỉnh", "Gia hạn", "Thu hồi", "Cấp bản sao", "Xác nhận")
CODE_PREFIX = "9."


def _name(rng, template_name: str) -> str:
    if rng.random() < 0.35:
        act = rng.choice(ACTS)
        subject = template_name[0].lower() + template_name[1:]
        return f"{act} {subject}"
    return f"{template_name} {rng.choice(CASES)}"


def _copy(instance, **changes):
    values = {
        f.attname: getattr(instance, f.attname)
        for f in type(instance)._meta.concrete_fields
        if not f.primary_key
    }
    values.update(changes)
    return type(instance)(**values)


def generate_procedures(*, count: int, seed: int = 1, batch: int = 1000) -> int:
    """Add `count` procedures copied from the published catalog; the number made."""
    rng = random.Random(seed)
    templates = list(
        ProcedureVersion.objects.filter(procedure__current_version=F("pk"))
        .select_related("procedure")
        .prefetch_related("components", "channels__fees", "process_steps", "implementing_agencies")
        .order_by("procedure__code")
    )
    if not templates:
        return 0
    start = Procedure.objects.filter(code__startswith=CODE_PREFIX).count()
    now = timezone.now()
    made = 0
    for first in range(0, count, batch):
        size = min(batch, count - first)
        with transaction.atomic():
            chosen = [rng.choice(templates) for _ in range(size)]
            procedures = Procedure.objects.bulk_create(
                [Procedure(code=f"{CODE_PREFIX}{start + first + n + 1:06d}") for n in range(size)]
            )
            versions = []
            for procedure, template in zip(procedures, chosen, strict=True):
                name = _name(rng, template.name)
                versions.append(
                    _copy(
                        template,
                        procedure_id=procedure.pk,
                        number=1,
                        name=name,
                        name_en="",
                        published_at=now,
                        locked_at=None,
                        search_text=normalize(f"{name} {procedure.code}"),
                        search_text_en="",
                    )
                )
            versions = ProcedureVersion.objects.bulk_create(versions)
            components, steps, channels, fees, agencies = [], [], [], [], []
            Through = ProcedureVersion.implementing_agencies.through  # noqa: N806
            for version, template in zip(versions, chosen, strict=True):
                components += [_copy(c, version_id=version.pk) for c in template.components.all()]
                steps += [_copy(s, version_id=version.pk) for s in template.process_steps.all()]
                for channel in template.channels.all():
                    channels.append((_copy(channel, version_id=version.pk), channel))
                agencies += [
                    Through(procedureversion_id=version.pk, agency_id=a.pk)
                    for a in template.implementing_agencies.all()
                ]
            Component.objects.bulk_create(components)
            ProcessStep.objects.bulk_create(steps)
            made_channels = Channel.objects.bulk_create([c for c, _t in channels])
            for channel, (_copy_of, template) in zip(made_channels, channels, strict=True):
                fees += [_copy(f, channel_id=channel.pk) for f in template.fees.all()]
            FeeLine.objects.bulk_create(fees)
            Through.objects.bulk_create(agencies)
            for procedure, version in zip(procedures, versions, strict=True):
                procedure.current_version_id = version.pk
            Procedure.objects.bulk_update(procedures, ["current_version"])
        made += size
    kept.catalog_changed()  # written in bulk, past the models' own save()
    return made
