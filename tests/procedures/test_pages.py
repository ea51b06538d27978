"""The public catalog pages: home, procedure list (search, filters, pages), detail, templates."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from procedures.models import ChannelKind, DurationUnit, FeeKind, Level, OnlineLevel
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

LIST_URL = reverse("procedures:list")

pytestmark = pytest.mark.django_db


@pytest.fixture
def ho_tich():
    return FieldFactory(code="ho-tich", name="Hộ tịch", sort_order=1)


@pytest.fixture
def chung_thuc():
    return FieldFactory(code="chung-thuc", name="Chứng thực", sort_order=2)


@pytest.fixture
def catalog(ho_tich, chung_thuc):
    """Five real procedures; khai sinh has every part the detail page shows."""
    desk = AgencyFactory(
        code="H92.10",
        name="Ủy ban nhân dân phường Ninh Kiều",
        street_address="2 Hòa Bình",
        desk_hours="Sáng 7:00–11:30, chiều 13:00–17:00, thứ Hai đến thứ Sáu",
        has_desk=True,
    )
    province_dept = AgencyFactory(
        code="H92.20",
        name="Sở Tư pháp thành phố Cần Thơ",
        kind="department",
        level=Level.PROVINCE,
        has_desk=False,
    )
    khai_sinh = make_procedure(
        "1.001193",
        "Đăng ký khai sinh",
        field=ho_tich,
        applicants="Cha, mẹ hoặc người thân thích của trẻ.",
        steps="Bước 1: Nộp tờ khai.\nBước 2: Nhận giấy khai sinh.",
        requirements="Trẻ sinh ra trên địa bàn phường.",
        result="Giấy khai sinh bản chính.",
        legal_basis=[
            {"number": "60/2014/QH13", "title": "Luật Hộ tịch", "issued_on": "2014-11-20"},
            {"number": "123/2015/NĐ-CP", "title": "Nghị định hướng dẫn Luật Hộ tịch"},
        ],
        source_note="Tóm tắt từ Cổng Dịch vụ công quốc gia; mức phí chưa kiểm chứng.",
    )
    version = khai_sinh.current_version
    version.implementing_agencies.add(desk)
    ComponentFactory(
        version=version,
        order=1,
        name="Tờ khai đăng ký khai sinh",
        template=SimpleUploadedFile("to-khai-khai-sinh.docx", b"template bytes"),
        template_name="Mẫu tờ khai đăng ký khai sinh",
    )
    ComponentFactory(
        version=version,
        order=2,
        name="Giấy chứng sinh",
        originals=1,
        certified_copies=2,
        required=True,
    )
    ComponentFactory(
        version=version,
        order=3,
        name="Văn bản ủy quyền",
        originals=0,
        photocopies=1,
        required=False,
    )
    in_person = ChannelFactory(
        version=version,
        kind=ChannelKind.IN_PERSON,
        duration_value=Decimal("1"),
        duration_unit=DurationUnit.WORKING_DAY,
        duration_text="Ngay trong ngày tiếp nhận; nhận sau 15 giờ thì trả ngày làm việc tiếp theo.",
    )
    FeeLineFactory(
        channel=in_person,
        kind=FeeKind.CHARGE,
        description="Lệ phí đăng ký khai sinh",
        amount=Decimal("8000"),
        unit="hồ sơ",
        exemptions="Miễn cho trẻ đăng ký đúng hạn.",
        legal_basis="Thông tư 85/2019/TT-BTC",
    )
    online = ChannelFactory(
        version=version,
        kind=ChannelKind.ONLINE,
        duration_value=Decimal("0.5"),
        duration_unit=DurationUnit.WORKING_DAY,
    )
    FeeLineFactory(channel=online, description="Lệ phí nộp trực tuyến", amount=Decimal("2000"))
    ProcessStepFactory(
        version=version, order=1, name="Tiếp nhận hồ sơ", budget_value=Decimal("0.5")
    )
    ProcessStepFactory(
        version=version, order=2, name="Thẩm định, ký giấy khai sinh", budget_value=Decimal("0.25")
    )

    khai_tu = make_procedure("1.000656", "Đăng ký khai tử", field=ho_tich)
    ket_hon = make_procedure(
        "1.000894", "Đăng ký kết hôn", field=ho_tich, online_level=OnlineLevel.PARTIAL
    )
    chung_thuc_ban_sao = make_procedure(
        "2.000815",
        "Chứng thực bản sao từ bản chính",
        field=chung_thuc,
        online_level=OnlineLevel.INFORMATION,
        at_commune=True,
        at_province=True,
    )
    chung_thuc_ban_sao.current_version.implementing_agencies.add(province_dept)
    lai_khai_sinh = make_procedure("1.004884", "Đăng ký lại khai sinh", field=ho_tich)
    return {
        "khai_sinh": khai_sinh,
        "khai_tu": khai_tu,
        "ket_hon": ket_hon,
        "chung_thuc": chung_thuc_ban_sao,
        "lai_khai_sinh": lai_khai_sinh,
        "desk": desk,
        "province_dept": province_dept,
    }


def result_names(response):
    return [p.current_version.name for p in response.context["page_obj"]]


def text_of(response):
    """The page as text with tags stripped and whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


# --- Layout -------------------------------------------------------------------------------


def test_layout_has_skip_link_navigation_language_switch_and_stylesheet(client, catalog):
    response = client.get("/")
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert 'name="viewport"' in html
    assert "/static/css/portal.css" in html
    assert f'action="{reverse("set_language")}"' in html
    assert 'value="en" lang="en"' in html
    text = text_of(response)
    for label in ("Cổng dịch vụ công Một Cửa", "Trang chủ", "Thủ tục hành chính", "API"):
        assert label in text


def test_english_cookie_sets_the_html_lang(client, catalog):
    client.cookies["django_language"] = "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_accept_language_english_sets_the_html_lang(client, catalog):
    response = client.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en">' in response.content.decode()


def test_language_switch_posts_to_set_language(client, catalog):
    response = client.post(reverse("set_language"), {"language": "en", "next": LIST_URL})
    assert response.status_code == 302
    assert response.url == LIST_URL
    assert '<html lang="en">' in client.get(LIST_URL).content.decode()


# --- Home ---------------------------------------------------------------------------------


def test_home_lists_fields_with_their_procedure_counts(client, catalog):
    response = client.get("/")
    assert response.status_code == 200
    assert [(f.name, f.procedure_count) for f in response.context["fields"]] == [
        ("Hộ tịch", 4),
        ("Chứng thực", 1),
    ]
    html = response.content.decode()
    assert f'href="{LIST_URL}?field=ho-tich"' in html
    text = text_of(response)
    assert "Hộ tịch 4 thủ tục" in text
    assert "Chứng thực 1 thủ tục" in text


def test_home_has_the_big_search_form_and_some_procedures(client, catalog):
    html = client.get("/").content.decode()
    assert f'action="{LIST_URL}" method="get"' in html
    assert '<label for="home-q">Tìm thủ tục hành chính</label>' in html
    assert reverse("procedures:detail", args=["1.001193"]) in html


# --- List: search -------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["khai sinh", "dang ky khai sinh", "khai xinh", "KHAI SINH"])
def test_search_puts_dang_ky_khai_sinh_first(client, catalog, query):
    response = client.get(LIST_URL, {"q": query})
    assert response.status_code == 200
    names = result_names(response)
    assert names[0] == "Đăng ký khai sinh"
    assert "Đăng ký lại khai sinh" in names
    assert "Chứng thực bản sao từ bản chính" not in names


def test_search_box_is_prefilled(client, catalog):
    html = client.get(LIST_URL, {"q": "khai sinh"}).content.decode()
    assert 'name="q" value="khai sinh"' in html


def test_search_without_match_suggests_checking_the_spelling(client, catalog):
    response = client.get(LIST_URL, {"q": "xyzxyz qwerty"})
    assert response.status_code == 200
    assert result_names(response) == []
    assert "kiểm tra lại chính tả" in text_of(response)


def test_list_rows_show_code_field_level_online_level_and_fastest_time(client, catalog):
    response = client.get(LIST_URL, {"q": "đăng ký khai sinh"})
    text = text_of(response)
    assert "1.001193" in text
    assert "Hộ tịch" in text
    assert "Cấp xã" in text
    assert "Dịch vụ công trực tuyến: toàn trình" in text
    # online (0.5 working day) beats in person (1 working day)
    assert "Thời hạn giải quyết 0,5 ngày làm việc (trực tuyến)" in text


# --- List: filters ------------------------------------------------------------------------


def test_filter_by_field(client, catalog):
    response = client.get(LIST_URL, {"field": "chung-thuc"})
    assert result_names(response) == ["Chứng thực bản sao từ bản chính"]


def test_filter_by_level(client, catalog):
    response = client.get(LIST_URL, {"level": Level.PROVINCE})
    assert result_names(response) == ["Chứng thực bản sao từ bản chính"]


def test_filter_by_online_level(client, catalog):
    response = client.get(LIST_URL, {"online_level": OnlineLevel.PARTIAL})
    assert result_names(response) == ["Đăng ký kết hôn"]


def test_filter_by_agency(client, catalog):
    response = client.get(LIST_URL, {"agency": "H92.10"})
    assert result_names(response) == ["Đăng ký khai sinh"]


def test_filters_combine_with_search(client, catalog):
    response = client.get(LIST_URL, {"q": "khai sinh", "field": "chung-thuc"})
    assert result_names(response) == []


def filters_summary(response) -> str:
    """The closed filters' <details> (no `open` attribute) and the text of its summary."""
    html = response.content.decode()
    assert '<details class="filters__more">' in html
    summary = re.search(r'<details class="filters__more">\s*<summary>(.*?)</summary>', html, re.S)
    return re.sub(r"\s+", " ", summary.group(1)).strip()


def test_a_search_shows_its_results_first_with_the_filters_closed(client, catalog):
    response = client.get(LIST_URL, {"q": "khai sinh"})
    assert filters_summary(response) == "Bộ lọc"
    html = response.content.decode()
    assert html.index('class="results__count"') < html.index('class="result-list"')


def test_applied_filters_stay_closed_and_are_counted_on_their_button(client, catalog):
    response = client.get(LIST_URL, {"q": "khai sinh", "field": "ho-tich", "level": "commune"})
    assert filters_summary(response) == "Bộ lọc (đang áp dụng: 2)"
    assert result_names(response)[0] == "Đăng ký khai sinh"
    assert "Xóa bộ lọc" in text_of(response)


def test_agency_filter_offers_desks_and_implementing_agencies_only(client, catalog):
    AgencyFactory(code="H92.99", name="Phòng không liên quan", has_desk=False)
    form = client.get(LIST_URL).context["form"]
    codes = [code for code, _label in form.fields["agency"].choices if code]
    assert sorted(codes) == ["H92.10", "H92.20"]


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "0"},
        {"page": "-3"},
        {"page": "1.5"},
        {"page": "9" * 30},
        {"level": "galaxy"},
        {"online_level": "level-9"},
        {"field": "no-such-field"},
        {"agency": "<script>"},
        {"q": "khai sinh" * 100},
        {"q": "%00'\"; DROP TABLE"},
        {"q": "khai\x00sinh"},
        {"field": "ho-tich\x00"},
    ],
)
def test_bad_parameters_give_a_normal_page(client, catalog, params):
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    assert response.context["page_obj"].number >= 1


def test_unknown_filter_values_are_ignored(client, catalog):
    response = client.get(LIST_URL, {"level": "galaxy", "field": "no-such-field"})
    assert len(result_names(response)) == 5


# --- List: pages and queries --------------------------------------------------------------


def make_many(count, field, prefix="9", agency=None):
    for i in range(count):
        procedure = make_procedure(f"{prefix}.{i:06d}", f"Thủ tục số {i}", field=field)
        if agency:
            procedure.current_version.implementing_agencies.add(agency)
        ChannelFactory(version=procedure.current_version, kind=ChannelKind.ONLINE)
        ChannelFactory(version=procedure.current_version, kind=ChannelKind.IN_PERSON)


def test_list_is_paginated_twenty_per_page_with_labelled_links(client, ho_tich):
    make_many(45, ho_tich)
    response = client.get(LIST_URL, {"page": 2})
    assert len(result_names(response)) == 20
    html = response.content.decode()
    assert 'aria-label="Phân trang"' in html
    assert 'aria-label="Trang 2, trang hiện tại"' in html
    assert 'href="?page=3" aria-label="Trang 3"' in html
    assert 'rel="prev"' in html and 'rel="next"' in html


def test_page_links_keep_the_search_and_filters(client, ho_tich):
    make_many(25, ho_tich)
    html = client.get(LIST_URL, {"q": "thu tuc so", "field": "ho-tich"}).content.decode()
    assert 'href="?q=thu+tuc+so&amp;field=ho-tich&amp;page=2"' in html


def test_a_page_past_the_end_shows_the_last_page(client, ho_tich):
    make_many(25, ho_tich)
    response = client.get(LIST_URL, {"page": 99})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert len(result_names(response)) == 5


def count_queries(client, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL, params or {})
    assert response.status_code == 200
    return len(queries), len(result_names(response))


@pytest.mark.parametrize("params", [{}, {"q": "thu tuc"}, {"agency": "H92.10", "level": "commune"}])
def test_list_runs_the_same_number_of_queries_whatever_the_page_size(client, ho_tich, params):
    agency = AgencyFactory(code="H92.10")
    make_many(5, ho_tich, agency=agency)
    few_queries, few_rows = count_queries(client, params)
    make_many(20, FieldFactory(), prefix="8", agency=agency)
    many_queries, many_rows = count_queries(client, params)
    assert (few_rows, many_rows) == (5, 20)
    assert few_queries == many_queries


def test_home_runs_a_fixed_number_of_queries(client, ho_tich):
    make_many(3, ho_tich)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    make_many(10, FieldFactory(), prefix="7")
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(few) == len(many)


def test_the_home_pages_catalog_part_is_kept_until_the_catalog_changes(client, ho_tich):
    make_many(3, ho_tich)
    assert "3 thủ tục" in client.get("/").content.decode()
    with CaptureQueriesContext(connection) as kept:
        client.get("/")
    assert [q["sql"] for q in kept.captured_queries if "procedures_" in q["sql"]] == []

    make_procedure("9.000777", "Thủ tục mới công bố", field=ho_tich)
    assert "4 thủ tục" in client.get("/").content.decode()


# --- Detail -------------------------------------------------------------------------------


def detail(client, procedure):
    return client.get(reverse("procedures:detail", args=[procedure.code]))


def test_a_published_versions_page_is_kept_and_a_new_version_shows_at_once(client, catalog):
    """The version in force never changes: its part of the page is read once, then served from
    the cache with one query (the version in force); a new version is a new page at once."""
    procedure = catalog["khai_sinh"]
    first = detail(client, procedure)
    with CaptureQueriesContext(connection) as kept:
        again = detail(client, procedure)

    def article(response):
        html = response.content.decode()
        return html[html.index('<article class="procedure">') : html.index("</article>")]

    assert article(again) == article(first) and "Đăng ký khai sinh" in article(first)
    assert len(kept) == 1, [q["sql"] for q in kept.captured_queries]

    VersionFactory(procedure=procedure, name="Đăng ký khai sinh (sửa đổi 2026)", number=9)
    html = detail(client, procedure).content.decode()
    assert "Đăng ký khai sinh (sửa đổi 2026)" in html


def test_detail_shows_what_a_citizen_needs(client, catalog):
    response = detail(client, catalog["khai_sinh"])
    assert response.status_code == 200
    text = text_of(response)
    for expected in (
        "Đăng ký khai sinh",
        "1.001193",
        "Hộ tịch",
        "Cấp xã",
        "Ủy ban nhân dân cấp xã",  # competent authority
        "Cha, mẹ hoặc người thân thích của trẻ.",
        "Trẻ sinh ra trên địa bàn phường.",
        "Giấy khai sinh bản chính.",
        "Toàn trình",
        "Đang công khai",
        "01/07/2025",
    ):
        assert expected in text, expected


def test_detail_shows_steps_with_line_breaks(client, catalog):
    html = detail(client, catalog["khai_sinh"]).content.decode()
    assert "<p>Bước 1: Nộp tờ khai.<br>Bước 2: Nhận giấy khai sinh.</p>" in html


def test_detail_shows_components_with_copies_requirement_and_template(client, catalog):
    response = detail(client, catalog["khai_sinh"])
    text = text_of(response)
    assert "Tờ khai đăng ký khai sinh" in text
    assert "Giấy chứng sinh" in text
    assert "Giấy chứng sinh 1 bản chính 2 bản sao có chứng thực Có" in text
    assert "Văn bản ủy quyền 1 bản sao Không" in text
    component = catalog["khai_sinh"].current_version.components.get(order=1)
    url = reverse("procedures:component-template", args=["1.001193", component.pk])
    assert f'href="{url}"' in response.content.decode()
    assert "Tải mẫu: Mẫu tờ khai đăng ký khai sinh" in text


def test_detail_shows_time_and_fees_per_channel(client, catalog):
    response = detail(client, catalog["khai_sinh"])
    html = response.content.decode()
    text = text_of(response)
    assert "<caption>Phí, lệ phí – Trực tiếp</caption>" in html
    assert "<caption>Phí, lệ phí – Trực tuyến</caption>" in html
    assert '<th scope="col"' in html and '<th scope="row"' in html
    assert "1 ngày làm việc" in text
    assert "Ngay trong ngày tiếp nhận" in text
    assert "0,5 ngày làm việc" in text
    assert "8.000 đ" in text
    assert "2.000 đ" in text
    assert "/ hồ sơ" in text
    assert "Miễn cho trẻ đăng ký đúng hạn." in text
    assert "Thông tư 85/2019/TT-BTC" in text
    # each amount sits in its own channel's table
    in_person, online = html.split("<caption>Phí, lệ phí – Trực tuyến</caption>")
    assert "8.000 đ" in in_person and "2.000 đ" not in in_person
    assert "2.000 đ" in online


def test_detail_shows_internal_process_and_legal_basis(client, catalog):
    text = text_of(detail(client, catalog["khai_sinh"]))
    assert "1 Tiếp nhận hồ sơ Bộ phận Một cửa 0,5 ngày làm việc" in text
    assert "0,25 ngày làm việc" in text
    assert "60/2014/QH13 – Luật Hộ tịch (ban hành ngày 20/11/2014)" in text
    assert "123/2015/NĐ-CP – Nghị định hướng dẫn Luật Hộ tịch" in text


def test_detail_shows_agencies_desk_hours_and_where_to_submit(client, catalog):
    text = text_of(detail(client, catalog["khai_sinh"]))
    assert "Ủy ban nhân dân phường Ninh Kiều" in text
    assert "2 Hòa Bình" in text
    assert "Sáng 7:00–11:30" in text
    assert "Nơi nộp hồ sơ trực tiếp" in text


def test_detail_shows_the_source_note(client, catalog):
    text = text_of(detail(client, catalog["khai_sinh"]))
    assert "Ghi chú nguồn dữ liệu" in text
    assert "mức phí chưa kiểm chứng" in text
    assert "Ghi chú nguồn dữ liệu" not in text_of(detail(client, catalog["khai_tu"]))


def test_online_button_only_when_the_version_accepts_online(client, catalog):
    button = "Nộp hồ sơ trực tuyến"
    khai_sinh = detail(client, catalog["khai_sinh"]).content.decode()
    assert f'href="/ho-so/nop/1.001193/">{button}</a>' in khai_sinh
    assert button in text_of(detail(client, catalog["ket_hon"]))  # partial
    assert button not in text_of(detail(client, catalog["chung_thuc"]))  # information only


def test_no_online_button_for_an_abolished_procedure(client, ho_tich):
    procedure = make_procedure("1.999999", "Thủ tục đã bãi bỏ", field=ho_tich, status="abolished")
    text = text_of(detail(client, procedure))
    assert "Nộp hồ sơ trực tuyến" not in text
    assert "đã bị bãi bỏ" in text


def test_detail_runs_a_fixed_number_of_queries(client, catalog, settings):
    settings.PORTAL_PROCEDURE_PAGE_SECONDS = 0  # the page read in full each time
    khai_sinh = catalog["khai_sinh"]
    with CaptureQueriesContext(connection) as few:
        detail(client, khai_sinh)
    version = khai_sinh.current_version
    for i in range(5):
        ComponentFactory(version=version, order=10 + i, name=f"Giấy tờ thêm {i}")
        ProcessStepFactory(version=version, order=10 + i)
        version.implementing_agencies.add(AgencyFactory())
    ChannelFactory(version=version, kind=ChannelKind.POSTAL)
    FeeLineFactory(channel=version.channels.get(kind=ChannelKind.POSTAL))
    with CaptureQueriesContext(connection) as many:
        detail(client, khai_sinh)
    assert len(few) == len(many)


def test_unknown_procedure_renders_the_404_page(client, catalog):
    response = client.get(reverse("procedures:detail", args=["9.999999"]))
    assert response.status_code == 404
    assert "error.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert '<main id="main"' in html


def test_server_error_page_uses_the_layout_without_touching_the_database(rf):
    from portal.views import server_error

    request = rf.get("/thu-tuc/")
    with CaptureQueriesContext(connection) as queries:
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Lỗi hệ thống" in html and '<main id="main"' in html
    assert len(queries) == 0


def test_empty_catalog_pages_still_render(client):
    assert client.get("/").status_code == 200
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "Không tìm thấy thủ tục nào phù hợp." in text_of(response)


def test_procedure_without_version_in_force_is_not_found(client, ho_tich):
    VersionFactory(name="Bản nháp", field=ho_tich, draft=True)
    future = make_procedure("1.777777", "Chưa hiệu lực", field=ho_tich)
    future.current_version = None
    future.save()
    assert client.get(reverse("procedures:detail", args=["1.777777"])).status_code == 404


def test_english_detail_formats_money_in_english(client, catalog):
    client.cookies["django_language"] = "en"
    text = text_of(detail(client, catalog["khai_sinh"]))
    assert "VND 8,000" in text


# --- Component templates ------------------------------------------------------------------


def template_url(code, component):
    return reverse("procedures:component-template", args=[code, component.pk])


def test_template_download_streams_the_file_as_an_attachment(client, catalog):
    component = catalog["khai_sinh"].current_version.components.get(order=1)
    response = client.get(template_url("1.001193", component))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"template bytes"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="to-khai-khai-sinh.docx"' in disposition


def test_template_of_another_procedure_is_not_found(client, catalog):
    component = catalog["khai_sinh"].current_version.components.get(order=1)
    assert client.get(template_url("1.000656", component)).status_code == 404


def test_template_of_an_old_version_is_not_found(client, catalog, ho_tich):
    khai_tu = catalog["khai_tu"]
    old = khai_tu.current_version
    component = ComponentFactory(
        version=old, template=SimpleUploadedFile("cu.pdf", b"old"), name="Mẫu cũ"
    )
    VersionFactory(
        procedure=khai_tu,
        number=2,
        name="Đăng ký khai tử",
        field=ho_tich,
        effective_from=datetime.date(2025, 8, 1),
    )
    khai_tu.refresh_from_db()
    assert khai_tu.current_version_id != old.pk
    assert client.get(template_url("1.000656", component)).status_code == 404


def test_component_without_template_is_not_found(client, catalog):
    component = catalog["khai_sinh"].current_version.components.get(order=2)
    assert client.get(template_url("1.001193", component)).status_code == 404


def test_missing_template_file_is_not_found(client, catalog):
    component = catalog["khai_sinh"].current_version.components.get(order=1)
    component.template.storage.delete(component.template.name)
    assert client.get(template_url("1.001193", component)).status_code == 404
