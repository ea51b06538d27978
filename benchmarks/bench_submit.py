"""Benchmark: online submissions through the service layer, with their outbox, and the
official receipt's PDF against a bare A4 page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python benchmarks/bench_submit.py [--count 500] [--pdfs 20]

On a throw-away database (benchmarks/_database.py), with DEBUG off and the demo catalog:

- submissions: `count` online dossiers of the demo citizen for "Đăng ký khai sinh", each as a
  citizen makes it (`dossier_create`, one PDF per paper asked for with `dossier_attach_file`,
  `dossier_submit`), each service in its own transaction with the messages and jobs it leaves
  in the outbox; printed as dossiers per second next to the roof, one committed INSERT of a
  trivial row per transaction, and with the queries and outbox rows per dossier. Target
  (issue 13): at least 200 dossiers per second.
- the receipt (Mẫu 01) of one of them rendered by weasyprint, against two bare A4 pages
  rendered the same way: one line in a system font, and one line in each of the four faces
  of the slips' own embedded font (the fonts a Vietnamese slip must embed are most of the
  cost: weasyprint subsets each face it uses): milliseconds each and the ratios. Target: at
  most 1.5× the bare page.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._database import demo_database  # noqa: E402

# A valid one-page PDF, the smallest the upload checks accept.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
BARE_PAGE = (
    "<html><head><style>@page { size: A4; margin: 20mm }"
    " body { font-family: 'Noto Serif'; }</style></head>"
    "<body><p>Trang trắng: một dòng chữ.</p></body></html>"
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--pdfs", type=int, default=20)
    args = parser.parse_args()

    with demo_database():
        from django.contrib.auth import get_user_model
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.db import connection, transaction
        from django_celery_beat.models import IntervalSchedule

        from dossiers import services
        from dossiers.effects.models import EffectRun
        from dossiers.models import DossierEvent
        from dossiers.slips.legal_forms import Form
        from dossiers.slips.pdf import html_to_pdf
        from dossiers.slips.render import render_html, render_pdf
        from notifications.models import Delivery
        from procedures.models import Procedure

        citizen = get_user_model().objects.get(username="citizen")
        version = Procedure.objects.get(code="1.001193").current_version
        agency = next(a for a in version.implementing_agencies.order_by("code") if a.is_active)
        papers = [c.pk for c in version.components.filter(required=True, present_only=False)]

        def submit(n):
            dossier = services.dossier_create(
                actor=citizen,
                procedure_code="1.001193",
                channel="online",
                agency_code=agency.code,
                applicant_name=citizen.get_full_name(),
                applicant_phone="0912345678",
                applicant_id_number="092080001234",
            )
            for component in papers:
                services.dossier_attach_file(
                    dossier_id=dossier.pk,
                    actor=citizen,
                    upload=SimpleUploadedFile(f"giay-to-{n}.pdf", PDF, "application/pdf"),
                    component_id=component,
                )
            return services.dossier_submit(dossier_id=dossier.pk, actor=citizen)

        for n in range(20):  # warm-up
            submit(n)

        def outbox_rows():
            return EffectRun.objects.count() + Delivery.objects.count()

        outbox_before = outbox_rows()
        queries = 0

        def counted(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            started = time.perf_counter()
            for n in range(args.count):
                last = submit(n)
            seconds = time.perf_counter() - started
        outbox = outbox_rows() - outbox_before

        started = time.perf_counter()
        for n in range(args.count):
            with transaction.atomic():
                IntervalSchedule.objects.create(every=n + 1_000_000, period="seconds")
        roof = time.perf_counter() - started

        rate, roof_rate = args.count / seconds, args.count / roof
        print(f"online submissions, {args.count} dossiers, {len(papers)} paper(s) each")
        print(f"  {rate:,.0f} dossiers/s (target ≥ 200); roof: {roof_rate:,.0f} bare commits/s;")
        print(f"  {rate / roof_rate:.1%} of the roof; {queries / args.count:.1f} queries and")
        print(f"  {outbox / args.count:.1f} outbox rows (jobs, deliveries) per dossier")

        services.dossier_receive(
            dossier_id=last.pk,
            actor=get_user_model().objects.get(username="officer"),
            checklist={str(pk): True for pk in version.components.values_list("pk", flat=True)},
        )
        last.refresh_from_db()
        event = DossierEvent.objects.filter(dossier=last, action="receive").get()
        html = render_html(Form.RECEIPT, last, event)
        faces = html[: html.index("<body")] + (
            "<body><p>Một dòng chữ. <b>Đậm.</b> <i>Nghiêng.</i> <b><i>Cả hai.</i></b></p>"
            "</body></html>"
        )

        def timed(render):
            render()  # warm-up: fonts, templates
            started = time.perf_counter()
            for _ in range(args.pdfs):
                render()
            return (time.perf_counter() - started) / args.pdfs

        receipt = timed(lambda: render_pdf(Form.RECEIPT, last, event))
        bare = timed(lambda: html_to_pdf(BARE_PAGE))
        bare_faces = timed(lambda: html_to_pdf(faces))
        print(f"receipt (Mẫu 01) PDF: {receipt * 1000:.0f} ms; bare A4 page: {bare * 1000:.0f} ms")
        print(f"  ({receipt / bare:.1f}×, target ≤ 1.5×); bare page in the slips' four font faces:")
        print(f"  {bare_faces * 1000:.0f} ms ({receipt / bare_faces:.1f}×)")


if __name__ == "__main__":
    main()
