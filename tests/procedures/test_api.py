"""The read-only catalog API: procedures, agencies and fields under /api/v1/."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedures.models import (
    AgencyKind,
    ChannelKind,
    DurationUnit,
    FeeKind,
    Level,
    OnlineLevel,
    Role,
    VersionStatus,
)
from tests.factories import (
    AgencyFactory,
    ChannelFactory,
    ComponentFactory,
    FeeLineFactory,
    FieldFactory,
    ProcessStepFactory,
    VersionFactory,
    make_procedure,
)
from tests.helpers import api

PROCEDURES = "/api/v1/procedures/"
AGENCIES = "/api/v1/agencies/"
FIELDS = "/api/v1/fields/"
BAD_INPUT = "Dữ liệu gửi lên không hợp lệ."

pytestmark = pytest.mark.django_db


@pytest.fixture
def civil_status(db):
    return FieldFactory(code="ho-tich", name="Hộ tịch", sector="Tư pháp", sort_order=1)


@pytest.fixture
def certification(db):
    return FieldFactory(code="chung-thuc", name="Chứng thực", sector="Tư pháp", sort_order=2)


def codes(response):
    return [item["code"] for item in response.json()["results"]]


def count_queries(url):
    client = api()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.json()
    return len(queries)


# --- Procedure list --------------------------------------------------------------------------


def test_procedure_list_shows_each_procedure_in_force_with_a_link_to_its_detail(civil_status):
    make_procedure(
        "1.001193",
        "Đăng ký khai sinh",
        field=civil_status,
        at_province=True,
        online_level=OnlineLevel.PARTIAL,
        effective_from=datetime.date(2025, 7, 1),
    )

    response = api().get(PROCEDURES)

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "code": "1.001193",
                "name": "Đăng ký khai sinh",
                "name_en": "",
                "field": {"code": "ho-tich", "name": "Hộ tịch"},
                "levels": ["province", "commune"],
                "online_level": "partial",
                "status": "published",
                "effective_from": "2025-07-01",
                "url": "http://testserver/api/v1/procedures/1.001193/",
            }
        ],
    }


def test_procedure_list_is_ordered_by_field_then_code(civil_status, certification):
    make_procedure("2.000002", "Chứng thực bản sao", field=certification)
    make_procedure("1.000009", "Đăng ký kết hôn", field=civil_status)
    make_procedure("1.000001", "Đăng ký khai sinh", field=civil_status)

    assert codes(api().get(PROCEDURES)) == ["1.000001", "1.000009", "2.000002"]


def test_procedure_list_leaves_out_procedures_with_only_a_draft():
    make_procedure("1.000001", "Đăng ký khai sinh")
    VersionFactory(procedure__code="1.000002", name="Chưa công bố", draft=True)

    assert codes(api().get(PROCEDURES)) == ["1.000001"]


def test_search_khai_xinh_finds_dang_ky_khai_sinh_first():
    make_procedure("1.000003", "Cấp bản sao trích lục hộ tịch khai sinh, kết hôn, khai tử")
    make_procedure("1.000002", "Đăng ký kết hôn")
    make_procedure("1.000001", "Đăng ký khai sinh")

    found = codes(api().get(PROCEDURES, {"search": "khai xinh"}))

    assert found[0] == "1.000001"
    assert "1.000002" not in found


def test_search_ignores_accents():
    make_procedure("1.000001", "Đăng ký khai sinh")
    make_procedure("1.000002", "Chứng thực chữ ký")

    assert codes(api().get(PROCEDURES, {"search": "dang ky khai sinh"}))[0] == "1.000001"


def test_an_english_client_searches_english_names_and_reads_them():
    make_procedure("1.000001", "Đăng ký khai sinh", name_en="Birth registration")
    make_procedure("1.000002", "Đăng ký kết hôn", name_en="Marriage registration")

    english = api().get(PROCEDURES, {"search": "birth registration"}, HTTP_ACCEPT_LANGUAGE="en")
    vietnamese = api().get(PROCEDURES, {"search": "birth registration"}, HTTP_ACCEPT_LANGUAGE="vi")

    assert codes(english)[0] == "1.000001"
    assert english.json()["results"][0]["name_en"] == "Birth registration"
    assert codes(vietnamese) == []


def test_field_filter_keeps_the_procedures_of_that_field(civil_status, certification):
    make_procedure("1.000001", "Đăng ký khai sinh", field=civil_status)
    make_procedure("2.000001", "Chứng thực bản sao", field=certification)

    assert codes(api().get(PROCEDURES, {"field": "chung-thuc"})) == ["2.000001"]


def test_agency_filter_keeps_the_procedures_that_agency_carries_out(agency, other_agency):
    birth = make_procedure("1.000001", "Đăng ký khai sinh")
    birth.current_version.implementing_agencies.set([agency, other_agency])
    marriage = make_procedure("1.000002", "Đăng ký kết hôn")
    marriage.current_version.implementing_agencies.set([other_agency])

    assert codes(api().get(PROCEDURES, {"agency": "H92.01"})) == ["1.000001"]
    assert codes(api().get(PROCEDURES, {"agency": "H92.02"})) == ["1.000001", "1.000002"]


def test_level_filter_keeps_the_procedures_carried_out_at_that_level():
    make_procedure("1.000001", "Đăng ký khai sinh", at_commune=True)
    make_procedure("1.000002", "Cấp phiếu lý lịch tư pháp", at_commune=False, at_province=True)

    assert codes(api().get(PROCEDURES, {"level": "province"})) == ["1.000002"]
    assert codes(api().get(PROCEDURES, {"level": "commune"})) == ["1.000001"]
    assert codes(api().get(PROCEDURES, {"level": "central"})) == []


def test_online_level_filter_keeps_the_procedures_of_that_level():
    make_procedure("1.000001", "Đăng ký khai sinh", online_level=OnlineLevel.FULL)
    make_procedure("1.000002", "Đăng ký kết hôn", online_level=OnlineLevel.PARTIAL)

    assert codes(api().get(PROCEDURES, {"online_level": "partial"})) == ["1.000002"]


def test_filters_combine(civil_status, certification):
    make_procedure("1.000001", "Đăng ký khai sinh", field=civil_status)
    make_procedure("1.000002", "Đăng ký khai sinh lưu động", field=civil_status, at_province=True)
    make_procedure("2.000001", "Chứng thực khai sinh", field=certification, at_province=True)

    response = api().get(
        PROCEDURES, {"search": "khai sinh", "field": "ho-tich", "level": "province"}
    )

    assert codes(response) == ["1.000002"]


def test_blank_filters_are_ignored():
    make_procedure("1.000001", "Đăng ký khai sinh")

    response = api().get(PROCEDURES, {"search": "", "field": "", "level": "", "online_level": ""})

    assert codes(response) == ["1.000001"]


def test_unknown_field_or_agency_code_gives_an_empty_list():
    make_procedure("1.000001", "Đăng ký khai sinh")

    for params in ({"field": "khong-co"}, {"agency": "X99"}):
        response = api().get(PROCEDURES, params)
        assert response.status_code == 200
        assert response.json()["results"] == []


def test_unknown_level_is_a_400_naming_the_parameter():
    response = api().get(PROCEDURES, {"level": "district-x"})

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": BAD_INPUT,
        "fields": {"level": ["“district-x” không phải là giá trị hợp lệ."]},
    }


def test_unknown_online_level_is_a_400_naming_the_parameter():
    response = api().get(PROCEDURES, {"online_level": "4"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["fields"]) == ["online_level"]


def test_an_overlong_search_is_a_400():
    response = api().get(PROCEDURES, {"search": "khai sinh " * 30})

    assert response.status_code == 400
    assert response.json()["fields"] == {"search": ["Tối đa 200 ký tự."]}


def test_procedure_list_pages_with_next_and_previous_links(civil_status):
    for n in range(1, 4):
        make_procedure(f"1.00000{n}", f"Thủ tục {n}", field=civil_status)

    first = api().get(PROCEDURES, {"page_size": 2}).json()
    second = api().get(first["next"]).json()

    assert first["count"] == 3
    assert [p["code"] for p in first["results"]] == ["1.000001", "1.000002"]
    assert first["next"] == "http://testserver/api/v1/procedures/?page=2&page_size=2"
    assert first["previous"] is None
    assert [p["code"] for p in second["results"]] == ["1.000003"]
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/procedures/?page_size=2"


def test_page_size_is_capped_at_100(civil_status):
    for n in range(101):
        make_procedure(f"1.{n:06d}", f"Thủ tục {n}", field=civil_status)

    body = api().get(PROCEDURES, {"page_size": 500}).json()

    assert body["count"] == 101
    assert len(body["results"]) == 100
    assert body["next"] is not None


def test_a_page_past_the_end_is_a_404_in_the_error_shape():
    make_procedure("1.000001", "Đăng ký khai sinh")

    response = api().get(PROCEDURES, {"page": 9})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert set(response.json()) == {"code", "message", "fields"}


def test_a_page_past_the_end_says_so_in_vietnamese():
    response = api().get(PROCEDURES, {"page": 9})

    assert response.json()["message"] == "Trang không tồn tại."


def test_procedure_list_runs_the_same_queries_for_5_or_30_procedures(agency):
    def add(start, stop):
        for n in range(start, stop):
            procedure = make_procedure(f"1.{n:06d}", f"Đăng ký khai sinh {n}")
            procedure.current_version.implementing_agencies.set([agency])

    urls = [
        f"{PROCEDURES}?page_size=100",
        f"{PROCEDURES}?page_size=100&search=khai+sinh",
        f"{PROCEDURES}?page_size=100&agency=H92.01&level=commune&online_level=full",
    ]
    add(0, 5)
    few = [count_queries(url) for url in urls]
    add(5, 30)
    many = [count_queries(url) for url in urls]

    assert few == many
    # COUNT, the page's keys, its rows, and the search's ranking (kept on PostgreSQL after the
    # first time; in Python on SQLite).
    assert max(many) <= 4


# --- Procedure detail ------------------------------------------------------------------------


@pytest.fixture
def birth_registration(civil_status, agency, other_agency):
    agency.street_address = "2 Hòa Bình"
    agency.ward_code = 31135
    agency.save()
    procedure = make_procedure(
        "1.001193",
        "Đăng ký khai sinh",
        field=civil_status,
        effective_from=datetime.date(2025, 7, 1),
        decision="Quyết định số 1/QĐ-BTP",
        procedure_type="TTHC được luật giao quy định chi tiết",
        at_commune=True,
        competent_authority="Ủy ban nhân dân cấp xã",
        for_individuals=True,
        for_organisations=False,
        applicants="Cha, mẹ hoặc người thân thích của trẻ",
        steps="Nộp tờ khai; nhận kết quả.",
        requirements="Không",
        result="Giấy khai sinh",
        legal_basis=[
            {"number": "60/2014/QH13", "title": "Luật Hộ tịch", "issued_on": "2014-11-20"}
        ],
        online_level=OnlineLevel.FULL,
        legacy_level=4,
        clock_on_supplement="restart",
        source_note="Cơ sở dữ liệu quốc gia về thủ tục hành chính",
    )
    version = procedure.current_version
    version.implementing_agencies.set([other_agency, agency])
    ComponentFactory(
        version=version,
        order=1,
        name="Tờ khai đăng ký khai sinh",
        originals=1,
        required=True,
        note="Theo mẫu",
    )
    ComponentFactory(
        version=version,
        order=2,
        name="Giấy chứng sinh",
        originals=0,
        certified_copies=1,
        photocopies=2,
        required=False,
        from_document_store=True,
    )
    online = ChannelFactory(
        version=version,
        kind=ChannelKind.ONLINE,
        duration_value=Decimal("0.5"),
        duration_unit=DurationUnit.WORKING_DAY,
        duration_text="Ngay trong ngày làm việc",
        description="Nộp qua Cổng dịch vụ công",
    )
    FeeLineFactory(
        channel=online,
        kind=FeeKind.CHARGE,
        description="Lệ phí đăng ký khai sinh",
        amount=Decimal("0"),
        unit="lần",
        exemptions="Miễn cho trẻ em",
        legal_basis="Thông tư 85/2019/TT-BTC",
    )
    FeeLineFactory(
        channel=online,
        kind=FeeKind.FEE,
        description="Phí cấp bản sao",
        amount=8000,
        cap=Decimal("80000"),
    )
    ChannelFactory(version=version, kind=ChannelKind.IN_PERSON, duration_value=Decimal("1"))
    ProcessStepFactory(
        version=version,
        order=1,
        name="Tiếp nhận hồ sơ",
        responsible_unit="Bộ phận Một cửa",
        responsible_role=Role.DESK_OFFICER,
        budget_value=Decimal("0.5"),
        budget_unit=DurationUnit.HOUR,
    )
    ProcessStepFactory(
        version=version, order=2, name="Thẩm định", responsible_unit="Công chức tư pháp"
    )
    return procedure


def test_procedure_detail_shows_the_whole_version_in_force(birth_registration):
    components = list(birth_registration.current_version.components.all())

    response = api().get(f"{PROCEDURES}1.001193/")

    assert response.status_code == 200
    assert response.json() == {
        "code": "1.001193",
        "url": "http://testserver/api/v1/procedures/1.001193/",
        "version": 1,
        "effective_from": "2025-07-01",
        "decision": "Quyết định số 1/QĐ-BTP",
        "status": "published",
        "name": "Đăng ký khai sinh",
        "name_en": "",
        "field": {"code": "ho-tich", "name": "Hộ tịch"},
        "procedure_type": "TTHC được luật giao quy định chi tiết",
        "levels": ["commune"],
        "competent_authority": "Ủy ban nhân dân cấp xã",
        "implementing_agencies": [
            {
                "code": "H92.02",
                "name": "Ủy ban nhân dân phường Cái Khế",
                "address": "Thành phố Cần Thơ",
            },
            {
                "code": "H92.01",
                "name": "Ủy ban nhân dân phường Ninh Kiều",
                "address": "2 Hòa Bình, Phường Ninh Kiều, Thành phố Cần Thơ",
            },
        ],
        "for_individuals": True,
        "for_organisations": False,
        "applicants": "Cha, mẹ hoặc người thân thích của trẻ",
        "steps": "Nộp tờ khai; nhận kết quả.",
        "requirements": "Không",
        "result": "Giấy khai sinh",
        "legal_basis": [
            {"number": "60/2014/QH13", "title": "Luật Hộ tịch", "issued_on": "2014-11-20"}
        ],
        "online_level": "full",
        "legacy_level": 4,
        "clock_on_supplement": "restart",
        "source_note": "Cơ sở dữ liệu quốc gia về thủ tục hành chính",
        "components": [
            {
                "id": components[0].pk,
                "name": "Tờ khai đăng ký khai sinh",
                "originals": 1,
                "certified_copies": 0,
                "photocopies": 0,
                "required": True,
                "present_only": False,
                "from_document_store": False,
                "note": "Theo mẫu",
                "template_url": None,
            },
            {
                "id": components[1].pk,
                "name": "Giấy chứng sinh",
                "originals": 0,
                "certified_copies": 1,
                "photocopies": 2,
                "required": False,
                "present_only": False,
                "from_document_store": True,
                "note": "",
                "template_url": None,
            },
        ],
        "channels": [
            {
                "kind": "in_person",
                "duration_value": "1.00",
                "duration_unit": "working_day",
                "duration_text": "",
                "description": "",
                "fees": [],
            },
            {
                "kind": "online",
                "duration_value": "0.50",
                "duration_unit": "working_day",
                "duration_text": "Ngay trong ngày làm việc",
                "description": "Nộp qua Cổng dịch vụ công",
                "fees": [
                    {
                        "kind": "charge",
                        "description": "Lệ phí đăng ký khai sinh",
                        "amount": "0",
                        "unit": "lần",
                        "cap": None,
                        "exemptions": "Miễn cho trẻ em",
                        "legal_basis": "Thông tư 85/2019/TT-BTC",
                    },
                    {
                        "kind": "fee",
                        "description": "Phí cấp bản sao",
                        "amount": "8000",
                        "unit": "",
                        "cap": "80000",
                        "exemptions": "",
                        "legal_basis": "",
                    },
                ],
            },
        ],
        "process_steps": [
            {
                "order": 1,
                "name": "Tiếp nhận hồ sơ",
                "responsible_unit": "Bộ phận Một cửa",
                "responsible_role": "desk_officer",
                "budget_value": "0.50",
                "budget_unit": "hour",
            },
            {
                "order": 2,
                "name": "Thẩm định",
                "responsible_unit": "Công chức tư pháp",
                "responsible_role": "",
                "budget_value": "0.50",
                "budget_unit": "working_day",
            },
        ],
    }


def test_a_component_with_a_template_links_to_its_template_page(birth_registration):
    component = birth_registration.current_version.components.first()
    component.template.save("to-khai.docx", ContentFile(b"mau"), save=True)

    response = api().get(f"{PROCEDURES}1.001193/")

    assert response.json()["components"][0]["template_url"] == (
        f"http://testserver/thu-tuc/1.001193/mau/{component.pk}/"
    )


@time_machine.travel(datetime.datetime(2026, 1, 15, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_procedure_detail_shows_the_version_in_force_today_not_a_later_one():
    procedure = make_procedure(
        "1.000001", "Đăng ký khai sinh", effective_from=datetime.date(2025, 7, 1)
    )
    VersionFactory(
        procedure=procedure,
        number=2,
        name="Đăng ký khai sinh (sửa đổi)",
        status=VersionStatus.AMENDED,
        effective_from=datetime.date(2026, 1, 1),
    )
    VersionFactory(
        procedure=procedure,
        number=3,
        name="Đăng ký khai sinh (dự kiến)",
        effective_from=datetime.date(2026, 3, 1),
    )

    body = api().get(f"{PROCEDURES}1.000001/").json()

    assert (body["version"], body["name"], body["status"]) == (
        2,
        "Đăng ký khai sinh (sửa đổi)",
        "amended",
    )
    assert body["effective_from"] == "2026-01-01"


def test_procedure_detail_runs_the_same_queries_however_many_parts_it_has(agency, settings):
    settings.PORTAL_PROCEDURE_PAGE_SECONDS = 0  # read in full each time
    small = make_procedure("1.000001", "Thủ tục nhỏ")
    big = make_procedure("1.000002", "Thủ tục lớn")
    for version, size in ((small.current_version, 1), (big.current_version, 6)):
        version.implementing_agencies.set(AgencyFactory.create_batch(size))
        for order in range(1, size + 1):
            ComponentFactory(version=version)
            ProcessStepFactory(version=version, order=order)
        for kind in list(ChannelKind)[: min(size, 3)]:
            FeeLineFactory.create_batch(size, channel=ChannelFactory(version=version, kind=kind))

    assert count_queries(f"{PROCEDURES}1.000001/") == count_queries(f"{PROCEDURES}1.000002/")


def test_a_published_versions_answer_is_kept_and_a_new_version_answers_at_once(agency):
    procedure = make_procedure("1.000003", "Thủ tục có bản mới")
    first = api().get(f"{PROCEDURES}1.000003/").json()

    assert count_queries(f"{PROCEDURES}1.000003/") == 1  # the version in force, no more
    assert api().get(f"{PROCEDURES}1.000003/").json() == first

    VersionFactory(procedure=procedure, name="Thủ tục có bản mới (sửa đổi)", number=5)
    assert api().get(f"{PROCEDURES}1.000003/").json()["name"] == "Thủ tục có bản mới (sửa đổi)"


def test_unknown_procedure_code_is_a_404_in_the_error_shape():
    response = api().get(f"{PROCEDURES}9.999999/")

    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "Không tìm thấy thủ tục hành chính này.",
        "fields": {},
    }


def test_a_procedure_with_only_a_draft_is_a_404():
    VersionFactory(procedure__code="1.000002", draft=True)

    assert api().get(f"{PROCEDURES}1.000002/").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", [PROCEDURES, f"{PROCEDURES}1.000001/", AGENCIES, FIELDS])
def test_the_catalog_is_read_only(method, url):
    make_procedure("1.000001", "Đăng ký khai sinh")

    response = getattr(api(), method)(url, {"name": "x"}, format="json")

    assert response.status_code == 405
    assert response.json() == {
        "code": "method_not_allowed",
        "message": f"Phương thức “{method.upper()}” không được chấp nhận.",
        "fields": {},
    }


def test_a_signed_in_user_cannot_write_either(citizen):
    assert api(citizen).post(PROCEDURES, {}, format="json").status_code == 405


# --- Agencies --------------------------------------------------------------------------------


@pytest.fixture
def agencies(db):
    province = AgencyFactory(
        code="G22.92",
        name="Ủy ban nhân dân thành phố Cần Thơ",
        short_name="UBND TP Cần Thơ",
        kind=AgencyKind.PEOPLES_COMMITTEE,
        level=Level.PROVINCE,
        has_desk=False,
    )
    merged = AgencyFactory(
        code="H92.10",
        name="Ủy ban nhân dân phường An Hòa",
        parent=province,
        has_desk=True,
        closed_on=datetime.date(2025, 6, 30),
    )
    ward = AgencyFactory(
        code="H92.11",
        name="Ủy ban nhân dân phường Ninh Kiều",
        parent=province,
        street_address="2 Hòa Bình",
        ward_code=31135,
        phone="0292 3820 000",
        email="ninhkieu@cantho.gov.vn",
        has_desk=True,
        desk_hours="Sáng 7:00–11:00, chiều 13:00–17:00",
    )
    merged.successor = ward
    merged.save()
    return {"province": province, "merged": merged, "ward": ward}


def test_agency_list_shows_each_agency_by_code(agencies):
    response = api().get(AGENCIES)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [a["code"] for a in body["results"]] == ["G22.92", "H92.10", "H92.11"]
    assert body["results"][1] == {
        "code": "H92.10",
        "name": "Ủy ban nhân dân phường An Hòa",
        "short_name": "",
        "kind": "peoples_committee",
        "level": "commune",
        "parent": "G22.92",
        "successor": "H92.11",
        "closed_on": "2025-06-30",
        "province_code": 92,
        "ward_code": None,
        "address": "Thành phố Cần Thơ",
        "phone": "",
        "email": "",
        "has_desk": True,
        "desk_hours": "",
        "url": "http://testserver/api/v1/agencies/H92.10/",
    }


def test_agency_detail_shows_one_agency(agencies):
    response = api().get(f"{AGENCIES}H92.11/")

    assert response.status_code == 200
    body = response.json()
    assert body["parent"] == "G22.92"
    assert body["successor"] is None
    assert body["address"] == "2 Hòa Bình, Phường Ninh Kiều, Thành phố Cần Thơ"
    assert body["desk_hours"] == "Sáng 7:00–11:00, chiều 13:00–17:00"


def test_unknown_agency_code_is_a_404_in_the_error_shape():
    response = api().get(f"{AGENCIES}X99.99/")

    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "Không tìm thấy cơ quan này.",
        "fields": {},
    }


def test_agency_list_filters_by_level_and_desk(agencies):
    def found(params):
        return [a["code"] for a in api().get(AGENCIES, params).json()["results"]]

    assert found({"level": "province"}) == ["G22.92"]
    assert found({"has_desk": "true"}) == ["H92.10", "H92.11"]
    assert found({"has_desk": "false"}) == ["G22.92"]
    assert found({"level": "commune", "has_desk": "true"}) == ["H92.10", "H92.11"]


def test_agency_search_matches_a_name_or_an_exact_code(agencies):
    def found(params):
        return [a["code"] for a in api().get(AGENCIES, params).json()["results"]]

    assert found({"search": "Ninh Kiều"}) == ["H92.11"]
    assert found({"search": "h92.10"}) == ["H92.10"]


def test_bad_agency_filters_are_a_400_naming_them():
    response = api().get(AGENCIES, {"has_desk": "maybe", "level": "county"})

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": BAD_INPUT,
        "fields": {
            "level": ["“county” không phải là giá trị hợp lệ."],
            "has_desk": ["“maybe” không hợp lệ: dùng true hoặc false."],
        },
    }


def test_agency_list_runs_the_same_queries_for_5_or_30_agencies():
    parent = AgencyFactory(code="G22.92", level=Level.PROVINCE)
    successor = AgencyFactory(code="H92.99")

    def add(start, stop):
        for n in range(start, stop):
            AgencyFactory(code=f"H92.{n:02d}", parent=parent, successor=successor)

    url = f"{AGENCIES}?page_size=100"
    add(0, 3)
    few = count_queries(url)
    add(3, 28)
    assert count_queries(url) == few == 2


# --- Fields ----------------------------------------------------------------------------------


def test_field_list_counts_the_procedures_in_force(civil_status, certification):
    FieldFactory(code="dat-dai", name="Đất đai", sector="Tài nguyên", sort_order=3)
    make_procedure("1.000001", "Đăng ký khai sinh", field=civil_status)
    make_procedure("1.000002", "Đăng ký kết hôn", field=civil_status)
    make_procedure("2.000001", "Chứng thực bản sao", field=certification)
    VersionFactory(procedure__code="1.000003", field=civil_status, draft=True)

    response = api().get(FIELDS)

    assert response.status_code == 200
    assert response.json() == {
        "count": 3,
        "next": None,
        "previous": None,
        "results": [
            {"code": "ho-tich", "name": "Hộ tịch", "sector": "Tư pháp", "procedure_count": 2},
            {"code": "chung-thuc", "name": "Chứng thực", "sector": "Tư pháp", "procedure_count": 1},
            {"code": "dat-dai", "name": "Đất đai", "sector": "Tài nguyên", "procedure_count": 0},
        ],
    }


def test_field_list_runs_the_same_queries_for_5_or_30_fields():
    def add(start, stop):
        for n in range(start, stop):
            make_procedure(f"1.{n:06d}", f"Thủ tục {n}", field=FieldFactory(code=f"f-{n}"))

    url = f"{FIELDS}?page_size=100"
    add(0, 5)
    few = count_queries(url)
    add(5, 30)
    assert count_queries(url) == few == 2
