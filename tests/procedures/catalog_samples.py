"""A sample catalog in the `mot-cua-catalog` format, and helpers to write it as files.

The sample is written the way `catalog_export` writes: every key present, agencies, fields and
procedures ordered by code, channels by kind, so that an export can be compared with it.
"""

import copy
import datetime
import hashlib
import json
from decimal import Decimal
from pathlib import Path

import openpyxl

TEMPLATE_PATH = "mau/to-khai-khai-sinh.pdf"
TEMPLATE_BYTES = "%PDF-1.4\nTờ khai đăng ký khai sinh\n".encode()

_AGENCY = {
    "short_name": "",
    "kind": "peoples_committee",
    "level": "commune",
    "parent": "H92",
    "successor": None,
    "closed_on": None,
    "province_code": 92,
    "ward_code": None,
    "street_address": "",
    "phone": "",
    "email": "",
    "has_desk": True,
    "desk_hours": "",
}
_COMPONENT = {
    "template": None,
    "template_name": "",
    "originals": 1,
    "certified_copies": 0,
    "photocopies": 0,
    "required": True,
    "present_only": False,
    "from_document_store": False,
    "note": "",
}


def _agencies() -> list[dict]:
    return [
        {
            **_AGENCY,
            "code": "H92",
            "name": "Ủy ban nhân dân thành phố Cần Thơ",
            "short_name": "UBND TP Cần Thơ",
            "level": "province",
            "parent": None,
            "street_address": "Số 2 Hòa Bình, phường Ninh Kiều",
            "phone": "0292 3820 000",
            "email": "ubnd@cantho.gov.vn",
            "has_desk": False,
        },
        {
            **_AGENCY,
            "code": "H92.01",
            "name": "Ủy ban nhân dân phường Ninh Kiều",
            "ward_code": 31153,
            "desk_hours": "Thứ Hai – Thứ Sáu: 7 giờ – 11 giờ, 13 giờ – 17 giờ",
        },
        {
            **_AGENCY,
            "code": "H92.02",
            "name": "Ủy ban nhân dân phường Tân An (cũ)",
            "successor": "H92.01",
            "closed_on": "2025-07-01",
            "has_desk": False,
        },
        {
            **_AGENCY,
            "code": "H92.20",
            "name": "Trung tâm Phục vụ hành chính công thành phố Cần Thơ",
            "kind": "service_centre",
            "level": "province",
        },
    ]


def _birth_registration() -> dict:
    first = {
        "number": 1,
        "effective_from": "2025-07-01",
        "published": True,
        "status": "published",
        "decision": "Quyết định số 1872/QĐ-BTP ngày 30/6/2025",
        "name": "Đăng ký khai sinh",
        "name_en": "Birth registration",
        "field": "ho-tich",
        "procedure_type": "Thủ tục hành chính",
        "levels": ["commune"],
        "competent_authority": "Ủy ban nhân dân cấp xã",
        "implementing_agencies": ["H92.01"],
        "for_individuals": True,
        "for_organisations": False,
        "applicants": "Cá nhân có yêu cầu đăng ký khai sinh cho trẻ em",
        "steps": (
            "Bước 1: Nộp hồ sơ.\nBước 2: Công chức tư pháp – hộ tịch kiểm tra.\n"
            "Bước 3: Trả kết quả."
        ),
        "requirements": "",
        "result": "Giấy khai sinh (bản chính)",
        "legal_basis": [
            {"number": "60/2014/QH13", "title": "Luật Hộ tịch", "issued_on": "2014-11-20"},
            {
                "number": "123/2015/NĐ-CP",
                "title": "Nghị định quy định chi tiết một số điều của Luật Hộ tịch",
                "issued_on": None,
            },
        ],
        "online_level": "full",
        "legacy_level": 4,
        "clock_on_supplement": "pause",
        "source_note": "Cơ sở dữ liệu quốc gia về thủ tục hành chính",
        "components": [
            {
                **_COMPONENT,
                "name": "Tờ khai đăng ký khai sinh theo mẫu",
                "template": TEMPLATE_PATH,
                "template_name": "Mẫu tờ khai đăng ký khai sinh",
            },
            {**_COMPONENT, "name": "Giấy chứng sinh"},
            {
                **_COMPONENT,
                "name": "Giấy tờ tùy thân của người đi đăng ký",
                "originals": 0,
                "photocopies": 1,
                "present_only": True,
                "from_document_store": True,
                "note": "Có thể thay bằng dữ liệu của Cơ sở dữ liệu quốc gia về dân cư",
            },
        ],
        "channels": [
            {
                "kind": "in_person",
                "duration_value": "0.5",
                "duration_unit": "working_day",
                "duration_text": (
                    "Ngay trong ngày; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo"
                ),
                "description": "Nộp trực tiếp tại Bộ phận Một cửa",
                "fees": [
                    {
                        "kind": "charge",
                        "description": "Lệ phí đăng ký khai sinh đúng hạn",
                        "amount": "0",
                        "unit": "",
                        "cap": None,
                        "exemptions": "Miễn lệ phí đăng ký khai sinh đúng hạn",
                        "legal_basis": "Thông tư số 85/2019/TT-BTC",
                    }
                ],
            },
            {
                "kind": "online",
                "duration_value": "1",
                "duration_unit": "working_day",
                "duration_text": "",
                "description": "Nộp trên Cổng Dịch vụ công quốc gia",
                "fees": [],
            },
            {
                "kind": "postal",
                "duration_value": "3",
                "duration_unit": "working_day",
                "duration_text": "",
                "description": "",
                "fees": [
                    {
                        "kind": "fee",
                        "description": "Cước dịch vụ bưu chính công ích",
                        "amount": "25000",
                        "unit": "hồ sơ",
                        "cap": "50000",
                        "exemptions": "",
                        "legal_basis": "",
                    }
                ],
            },
        ],
        "process_steps": [
            _step(1, "Tiếp nhận, kiểm tra hồ sơ", "Bộ phận Một cửa", "desk_officer", "0.5"),
            _step(2, "Thẩm định, trình ký", "Công chức tư pháp – hộ tịch", "specialist", "2"),
            _step(3, "Ký giấy khai sinh", "Lãnh đạo Ủy ban nhân dân", "leader", "1.25"),
        ],
    }
    second = copy.deepcopy(first)
    second.update(
        number=2,
        effective_from="2026-01-01",
        published=False,
        status="amended",
        decision="",
        components=second["components"][1:],
    )
    second["channels"][1]["duration_value"] = "0.5"
    return {"code": "1.001193", "versions": [first, second]}


def _step(order, name, unit, role, budget) -> dict:
    return {
        "order": order,
        "name": name,
        "responsible_unit": unit,
        "responsible_role": role,
        "budget_value": budget,
        "budget_unit": "hour",
    }


def _certified_copy() -> dict:
    version = {
        "number": 1,
        "effective_from": "2025-07-01",
        "published": True,
        "status": "published",
        "decision": "",
        "name": "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan Việt Nam cấp",
        "name_en": "",
        "field": "chung-thuc",
        "procedure_type": "",
        "levels": ["province", "commune"],
        "competent_authority": "Phòng Tư pháp; Ủy ban nhân dân cấp xã",
        "implementing_agencies": ["H92.01", "H92.20"],
        "for_individuals": True,
        "for_organisations": True,
        "applicants": "",
        "steps": "Người yêu cầu chứng thực xuất trình bản chính và bản sao.",
        "requirements": "Bản chính không thuộc các trường hợp không được chứng thực",
        "result": "Bản sao được chứng thực từ bản chính",
        "legal_basis": [],
        "online_level": "partial",
        "legacy_level": None,
        "clock_on_supplement": "restart",
        "source_note": "",
        "components": [{**_COMPONENT, "name": "Bản chính giấy tờ, văn bản làm cơ sở chứng thực"}],
        "channels": [
            {
                "kind": "in_person",
                "duration_value": "0",
                "duration_unit": "working_day",
                "duration_text": "Trong ngày",
                "description": "",
                "fees": [
                    {
                        "kind": "charge",
                        "description": "Lệ phí chứng thực bản sao từ bản chính",
                        "amount": "2000",
                        "unit": "trang",
                        "cap": "200000",
                        "exemptions": "",
                        "legal_basis": "Thông tư số 226/2016/TT-BTC",
                    }
                ],
            }
        ],
        "process_steps": [],
    }
    return {"code": "2.000908", "versions": [version]}


def sample_catalog() -> dict:
    """A fresh copy of the sample: four agencies, two fields, two procedures, three versions."""
    return {
        "format": "mot-cua-catalog",
        "format_version": 1,
        "agencies": _agencies(),
        "fields": [
            {"code": "chung-thuc", "name": "Chứng thực", "sector": "Tư pháp", "sort_order": 20},
            {"code": "ho-tich", "name": "Hộ tịch", "sector": "Tư pháp", "sort_order": 10},
        ],
        "procedures": [_birth_registration(), _certified_copy()],
    }


def stored_template_name(content: bytes = TEMPLATE_BYTES) -> str:
    """Where the import keeps the sample template: named after its sha256."""
    return f"templates/catalog/{hashlib.sha256(content).hexdigest()}/to-khai-khai-sinh.pdf"


def expected_export(data: dict) -> dict:
    """What the export of an imported `data` gives: templates under their stored names."""
    data = copy.deepcopy(data)
    for procedure in data["procedures"]:
        for version in procedure["versions"]:
            for component in version["components"]:
                if component["template"]:
                    component["template"] = stored_template_name()
    return data


def write_templates(directory: Path, content: bytes = TEMPLATE_BYTES) -> None:
    target = directory / TEMPLATE_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


def write_json(directory: Path, data: dict, name: str = "catalog.json") -> Path:
    """The catalog as a JSON file in `directory`, with the sample template beside it."""
    write_templates(directory)
    path = directory / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


# --- The same catalog as an office workbook ---------------------------------------------------

_CHILD_SHEETS = ("components", "channels", "process_steps")


def write_workbook(directory: Path, data: dict, name: str = "catalog.xlsx") -> Path:
    """The catalog as an .xlsx workbook, one sheet per table, with the template beside it."""
    write_templates(directory)
    book = openpyxl.Workbook()
    book.remove(book.active)
    _sheet(book, "agencies", data["agencies"])
    _sheet(book, "fields", data["fields"])
    versions = [
        (procedure["code"], version)
        for procedure in data["procedures"]
        for version in procedure["versions"]
    ]
    _sheet(book, "procedures", [_version_row(code, version) for code, version in versions])
    for table in _CHILD_SHEETS:
        rows = [
            _owned(code, version, item) for code, version in versions for item in version[table]
        ]
        _sheet(book, table, rows)
    fees = [
        {**_owned(code, version, fee), "channel": channel["kind"]}
        for code, version in versions
        for channel in version["channels"]
        for fee in channel["fees"]
    ]
    _sheet(book, "fees", fees)
    path = directory / name
    book.save(path)
    return path


def _sheet(book, title, rows) -> None:
    sheet = book.create_sheet(title)
    header = list(dict.fromkeys(key for row in rows for key in row))
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(key, row.get(key)) for key in header])


_NUMBERS = ("duration_value", "amount", "cap", "budget_value")
_DATES = ("effective_from", "closed_on")


def _cell(key, value):
    """Numbers as numbers and dates as dates, the way an office types them; "" as blank."""
    if value in ("", None):
        return None
    if key in _NUMBERS:
        number = Decimal(value)
        return int(number) if number == int(number) else float(number)
    if key in _DATES:
        return datetime.date.fromisoformat(value)
    return value


def _version_row(code: str, version: dict) -> dict:
    row = {"code": code}
    for key, value in version.items():
        if key in _CHILD_SHEETS:
            continue
        if key in ("levels", "implementing_agencies"):
            value = "; ".join(value)
        elif key == "legal_basis":
            value = "\n".join(
                f"{item['number']} | {item['title']} | {item['issued_on'] or ''}" for item in value
            )
        row[key] = value
    return row


def _owned(code: str, version: dict, item: dict) -> dict:
    row = {"procedure_code": code, "version": version["number"]}
    row.update((key, value) for key, value in item.items() if key != "fees")
    return row
