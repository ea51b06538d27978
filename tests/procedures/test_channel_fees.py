"""The procedure page says once what every channel shares (time, fee lines, no fees) and under
each channel only what differs; nothing is lost."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from procedures.models import ChannelKind, DurationUnit, FeeKind
from tests.factories import ChannelFactory, FeeLineFactory, make_procedure

pytestmark = pytest.mark.django_db

ALL = "Phí, lệ phí – áp dụng cho mọi cách thức nộp"
KINDS = (ChannelKind.IN_PERSON, ChannelKind.ONLINE, ChannelKind.POSTAL)
DURATION_TEXT = "Ngay trong ngày tiếp nhận hồ sơ; nhận sau 15 giờ thì trả ngày làm việc tiếp theo."
DESCRIPTIONS = {
    ChannelKind.IN_PERSON: "Nộp tại Bộ phận Một cửa.",
    ChannelKind.ONLINE: "Nộp trên Cổng Dịch vụ công quốc gia.",
    ChannelKind.POSTAL: "Nộp và nhận kết quả qua bưu điện.",
}
ON_TIME = {
    "kind": FeeKind.CHARGE,
    "description": "Lệ phí đăng ký khai sinh đúng hạn",
    "amount": Decimal("0"),
    "unit": "lần",
    "exemptions": "Miễn lệ phí đăng ký khai sinh đúng hạn.",
    "legal_basis": "Luật Hộ tịch, Điều 11",
}
LATE = {
    "kind": FeeKind.CHARGE,
    "description": "Lệ phí đăng ký khai sinh quá hạn",
    "amount": Decimal("8000"),
    "unit": "lần",
}
COPY = {"kind": FeeKind.FEE, "description": "Phí cấp bản sao trích lục", "amount": Decimal("8000")}


def procedure_with(channels):
    """`channels`: kind → (duration value, fee lines as dicts)."""
    procedure = make_procedure("1.001193", "Đăng ký khai sinh")
    for kind, (days, fees) in channels.items():
        channel = ChannelFactory(
            version=procedure.current_version,
            kind=kind,
            duration_value=Decimal(days),
            duration_unit=DurationUnit.WORKING_DAY,
            duration_text=DURATION_TEXT if days == "0" else "",
            description=DESCRIPTIONS[kind],
        )
        for fee in fees:
            FeeLineFactory(channel=channel, **fee)
    return procedure


def channels_section(client, procedure) -> str:
    html = client.get(reverse("procedures:detail", args=[procedure.code])).content.decode()
    return html[html.index('<section id="cach-thuc"') : html.index('<section id="thanh-phan"')]


def captions(section) -> list[str]:
    return re.findall(r"<caption>(.*?)</caption>", section)


def text(section) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section)).strip()


def test_fees_and_time_shared_by_three_channels_are_shown_once(client):
    procedure = procedure_with({kind: ("0", [ON_TIME, LATE, COPY]) for kind in KINDS})

    section = channels_section(client, procedure)

    assert captions(section) == [ALL]
    assert "Áp dụng cho mọi cách thức nộp" in text(section)
    assert section.count('<tr role="row">') == 4  # the header row and three fee lines
    assert text(section).count(DURATION_TEXT) == 1
    assert text(section).count("Thời hạn giải quyết") == 1
    for expected in ("Miễn phí", "8.000 đ", "/ lần", "Miễn lệ phí đăng ký khai sinh đúng hạn."):
        assert expected in text(section)
    assert "Luật Hộ tịch, Điều 11" in text(section)
    for kind, description in DESCRIPTIONS.items():  # every channel still named and described
        assert f'<h3 id="channel-{kind}">' in section
        assert description in section


def test_fee_lines_differing_per_channel_are_shown_under_their_channel(client):
    online = {**LATE, "description": "Lệ phí nộp trực tuyến", "amount": Decimal("4000")}
    procedure = procedure_with(
        {
            ChannelKind.IN_PERSON: ("0", [ON_TIME, LATE]),
            ChannelKind.ONLINE: ("0", [ON_TIME, online]),
            ChannelKind.POSTAL: ("0", [ON_TIME, LATE]),
        }
    )

    section = channels_section(client, procedure)

    assert captions(section) == [
        ALL,
        "Phí, lệ phí riêng – Trực tiếp",
        "Phí, lệ phí riêng – Trực tuyến",
        "Phí, lệ phí riêng – Dịch vụ bưu chính công ích",
    ]
    shared, in_person, on_line, postal = section.split("<caption>")[1:]
    assert "Lệ phí đăng ký khai sinh đúng hạn" in shared
    assert "quá hạn" not in shared and "trực tuyến" not in shared
    assert "8.000 đ" in in_person and "4.000 đ" not in in_person
    assert "Lệ phí nộp trực tuyến" in on_line and "4.000 đ" in on_line
    assert "8.000 đ" in postal
    assert text(section).count(DURATION_TEXT) == 1


def test_a_time_that_differs_is_shown_per_channel_and_equal_fees_once(client):
    procedure = procedure_with(
        {ChannelKind.IN_PERSON: ("1", [LATE]), ChannelKind.ONLINE: ("0.5", [LATE])}
    )

    section = channels_section(client, procedure)

    assert captions(section) == [ALL]
    assert text(section).count("Thời hạn giải quyết") == 2
    in_person = section[
        section.index('id="channel-in_person"') : section.index('id="channel-online"')
    ]
    assert "1 ngày làm việc" in text(in_person)
    assert "0,5 ngày làm việc" in text(section[section.index('id="channel-online"') :])


def test_different_fees_with_the_same_time_keep_one_table_per_channel(client):
    online = {**LATE, "amount": Decimal("4000")}
    procedure = procedure_with(
        {ChannelKind.IN_PERSON: ("0", [LATE]), ChannelKind.ONLINE: ("0", [online])}
    )

    section = channels_section(client, procedure)

    assert captions(section) == ["Phí, lệ phí – Trực tiếp", "Phí, lệ phí – Trực tuyến"]
    assert text(section).count(DURATION_TEXT) == 1
    assert "Áp dụng cho mọi cách thức nộp" in text(section)


def test_a_channel_without_fees_says_so_when_another_has_some(client):
    procedure = procedure_with(
        {ChannelKind.IN_PERSON: ("1", [LATE]), ChannelKind.ONLINE: ("0.5", [])}
    )

    section = channels_section(client, procedure)

    assert captions(section) == ["Phí, lệ phí – Trực tiếp"]
    online = section[section.index('id="channel-online"') :]
    assert "Phí, lệ phí: Không" in text(online)
    assert "Áp dụng cho mọi cách thức nộp" not in text(section)


def test_no_fees_on_any_channel_is_said_once(client):
    procedure = procedure_with({kind: ("3", []) for kind in KINDS})

    section = channels_section(client, procedure)

    assert captions(section) == []
    assert text(section).count("Phí, lệ phí: Không") == 1
    assert text(section).count("Thời hạn giải quyết") == 1


def test_a_single_channel_keeps_its_own_time_and_table(client):
    procedure = procedure_with({ChannelKind.IN_PERSON: ("0", [ON_TIME])})

    section = channels_section(client, procedure)

    assert captions(section) == ["Phí, lệ phí – Trực tiếp"]
    assert "Áp dụng cho mọi cách thức nộp" not in text(section)
    assert "Thời hạn giải quyết Trong ngày" in text(section)
