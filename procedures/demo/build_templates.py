"""Render the blank form templates of the demo catalog to PDF (procedures/demo/templates/).

    .venv/bin/python -m procedures.demo.build_templates

The forms are faithful-looking reconstructions for the demo, laid out after the official forms
(Thông tư 04/2020/TT-BTP for civil status, Mẫu CT01 for residence, the household business
application); each page says that it is an illustrative reconstruction, not the official form.
They need the Noto Serif font (Debian: fonts-noto-core) for the Vietnamese glyphs.
"""

from pathlib import Path

from weasyprint import HTML

HERE = Path(__file__).resolve().parent
OUTPUT_DIR = HERE / "templates"

CSS = """
@page { size: A4; margin: 18mm 20mm 16mm 22mm;
  @bottom-center { content: "Bản dựng lại để trình diễn — không phải biểu mẫu chính thức";
                   font: italic 8pt 'Noto Serif'; color: #666; } }
body { font-family: 'Noto Serif', serif; font-size: 11pt; line-height: 1.35; }
.basis { text-align: right; font-style: italic; font-size: 9pt; margin-bottom: 6pt; }
.nation { text-align: center; font-weight: bold; margin: 0; }
.motto { text-align: center; font-weight: bold; margin: 0; }
.motto span { border-bottom: 1px solid #000; padding-bottom: 1pt; }
h1 { text-align: center; font-size: 14pt; margin: 12pt 0 8pt; }
.field { display: flex; margin: 5pt 0 0; }
.field .fill { flex: 1; border-bottom: 0.5pt solid #777; margin-left: 4pt; }
table { width: 100%; border-collapse: collapse; margin-top: 6pt; font-size: 10.5pt; }
td, th { border: 1px solid #000; padding: 3pt 4pt; vertical-align: top; }
th { font-weight: bold; text-align: center; }
.box { display: inline-block; width: 9pt; height: 9pt; border: 1px solid #000;
       vertical-align: middle; margin: 0 2pt; }
.sign { width: 100%; margin-top: 14pt; }
.sign td { border: none; text-align: center; width: 50%; font-size: 10.5pt; }
.small { font-size: 9.5pt; font-style: italic; }
p { margin: 3pt 0; }
"""

HEADER = """
<p class="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
<p class="motto"><span>Độc lập - Tự do - Hạnh phúc</span></p>
"""


def dotted(label: str) -> str:
    """A label followed by a rule to write on, up to the right margin."""
    return f'<div class="field"><span>{label}:</span><span class="fill"></span></div>'


def lines(*labels: str) -> str:
    return "\n".join(dotted(label) for label in labels)


KHAI_SINH = f"""
<p class="basis">Mẫu minh họa theo Thông tư số 04/2020/TT-BTP</p>
{HEADER}
<h1>TỜ KHAI ĐĂNG KÝ KHAI SINH</h1>
{dotted("Kính gửi (1)")}
{
    lines(
        "Họ, chữ đệm, tên người yêu cầu",
        "Nơi cư trú (2)",
        "Giấy tờ tùy thân (3)",
        "Quan hệ với người được khai sinh",
    )
}
<p><b>Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:</b></p>
{
    lines(
        "Họ, chữ đệm, tên",
        "Ngày, tháng, năm sinh (ghi bằng số và bằng chữ)",
        "Giới tính; Dân tộc; Quốc tịch",
        "Nơi sinh (4)",
        "Quê quán",
    )
}
<table>
  <tr><th style="width:26%"></th><th>Mẹ</th><th>Cha</th></tr>
  <tr><td>Họ, chữ đệm, tên</td><td></td><td></td></tr>
  <tr><td>Năm sinh</td><td></td><td></td></tr>
  <tr><td>Dân tộc</td><td></td><td></td></tr>
  <tr><td>Quốc tịch</td><td></td><td></td></tr>
  <tr><td>Nơi cư trú</td><td></td><td></td></tr>
</table>
<p>Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được sự thỏa
thuận nhất trí của các bên liên quan theo quy định pháp luật và chịu trách nhiệm trước pháp luật
về cam đoan của mình.</p>
<p>Đề nghị cấp bản sao Trích lục khai sinh: Có <span class="box"></span>
Không <span class="box"></span>; số lượng: ........ bản.</p>
<table class="sign"><tr><td></td>
<td>Làm tại: .................., ngày ..... tháng ..... năm ......<br>
<b>Người yêu cầu</b><br><span class="small">(Ký, ghi rõ họ, chữ đệm, tên)</span></td></tr></table>
<p class="small">(1) Tên cơ quan đăng ký khai sinh. (2) Nơi thường trú; nếu không có thì ghi
nơi tạm trú hoặc nơi ở hiện tại. (3) Loại giấy tờ, số, cơ quan cấp, ngày cấp. (4) Tên cơ sở y
tế (nếu sinh tại cơ sở y tế), xã/phường, tỉnh/thành phố.</p>
"""

KET_HON = f"""
<p class="basis">Mẫu minh họa theo Thông tư số 04/2020/TT-BTP</p>
{HEADER}
<h1>TỜ KHAI ĐĂNG KÝ KẾT HÔN</h1>
{dotted("Kính gửi (1)")}
<table>
  <tr><th style="width:30%">Thông tin</th><th>Bên nữ</th><th>Bên nam</th></tr>
  <tr><td>Họ, chữ đệm, tên</td><td></td><td></td></tr>
  <tr><td>Ngày, tháng, năm sinh</td><td></td><td></td></tr>
  <tr><td>Dân tộc</td><td></td><td></td></tr>
  <tr><td>Quốc tịch</td><td></td><td></td></tr>
  <tr><td>Nơi cư trú (2)</td><td></td><td></td></tr>
  <tr><td>Giấy tờ tùy thân (3)</td><td></td><td></td></tr>
  <tr><td>Kết hôn lần thứ mấy</td><td></td><td></td></tr>
</table>
<p>Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng tôi là
tự nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình Việt Nam.</p>
<p>Chúng tôi chịu trách nhiệm trước pháp luật về cam đoan của mình.</p>
<p>Đề nghị cấp bản sao Trích lục kết hôn: Có <span class="box"></span>
Không <span class="box"></span>; số lượng: ........ bản.</p>
<p style="text-align:right">Làm tại: .................., ngày ..... tháng ..... năm ......</p>
<table class="sign"><tr>
<td><b>Bên nữ</b><br><span class="small">(Ký, ghi rõ họ, chữ đệm, tên)</span></td>
<td><b>Bên nam</b><br><span class="small">(Ký, ghi rõ họ, chữ đệm, tên)</span></td>
</tr></table>
<p class="small" style="margin-top:40pt">(1) Tên cơ quan đăng ký kết hôn. (2) Nơi thường trú;
nếu không có thì ghi nơi tạm trú. (3) Loại giấy tờ, số, cơ quan cấp, ngày cấp.</p>
"""

HO_KINH_DOANH = f"""
<p class="basis">Mẫu minh họa theo quy định về đăng ký hộ kinh doanh</p>
{HEADER}
<h1>GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH</h1>
{dotted("Kính gửi: Cơ quan đăng ký kinh doanh cấp xã")}
{dotted("Tôi là (ghi họ tên bằng chữ in hoa)")}
{
    lines(
        "Ngày, tháng, năm sinh; Giới tính; Dân tộc; Quốc tịch",
        "Số định danh cá nhân",
        "Địa chỉ liên lạc",
        "Điện thoại; Thư điện tử",
    )
}
<p><b>Đăng ký hộ kinh doanh do tôi là chủ hộ với các nội dung sau:</b></p>
{
    lines(
        "1. Tên hộ kinh doanh (ghi bằng chữ in hoa)",
        "2. Địa chỉ trụ sở hộ kinh doanh",
        "Điện thoại; Thư điện tử; Trang thông tin điện tử (nếu có)",
        "3. Ngành, nghề kinh doanh",
        "4. Vốn kinh doanh (bằng số; VNĐ)",
        "5. Số lượng lao động (dự kiến)",
    )
}
<p><b>6. Thông tin đăng ký thuế</b></p>
{
    lines(
        "Địa chỉ nhận thông báo thuế (nếu khác địa chỉ trụ sở)",
        "Ngày bắt đầu hoạt động",
        "Phương pháp tính thuế",
    )
}
<p>Tôi cam kết bản thân không thuộc diện không được đăng ký hộ kinh doanh; hộ kinh doanh
không đăng ký trùng tên trong phạm vi cấp xã; trụ sở hộ kinh doanh thuộc quyền sở hữu/quyền sử
dụng hợp pháp; chịu trách nhiệm trước pháp luật về tính hợp pháp, chính xác và trung thực của
nội dung đăng ký trên.</p>
<table class="sign"><tr><td></td>
<td>......., ngày ..... tháng ..... năm ......<br>
<b>CHỦ HỘ KINH DOANH</b><br><span class="small">(Ký và ghi họ tên)</span></td></tr></table>
"""

CT01 = f"""
<p class="basis">Mẫu CT01 (mẫu minh họa)</p>
{HEADER}
<h1>TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ</h1>
{dotted("Kính gửi (1)")}
{
    lines(
        "1. Họ, chữ đệm và tên",
        "2. Ngày, tháng, năm sinh; 3. Giới tính",
        "4. Số định danh cá nhân",
        "5. Số điện thoại liên hệ; 6. Email",
        "7. Họ, chữ đệm và tên chủ hộ",
        "8. Mối quan hệ với chủ hộ",
        "9. Số định danh cá nhân của chủ hộ",
        "10. Nội dung đề nghị (2)",
    )
}
<p>11. Những thành viên trong hộ gia đình cùng thay đổi:</p>
<table>
  <tr><th>TT</th><th>Họ, chữ đệm và tên</th><th>Ngày, tháng, năm sinh</th><th>Giới tính</th>
      <th>Số định danh cá nhân</th><th>Mối quan hệ với chủ hộ</th></tr>
  <tr><td>&nbsp;</td><td></td><td></td><td></td><td></td><td></td></tr>
  <tr><td>&nbsp;</td><td></td><td></td><td></td><td></td><td></td></tr>
  <tr><td>&nbsp;</td><td></td><td></td><td></td><td></td><td></td></tr>
</table>
<p style="text-align:right;margin-top:8pt">......., ngày ..... tháng ..... năm ......</p>
<table class="sign" style="font-size:9.5pt"><tr>
<td><b>Ý kiến của chủ hộ (3)</b><br><span class="small">(Ghi rõ nội dung, ký, ghi rõ họ
tên)</span></td>
<td><b>Ý kiến của chủ sở hữu hoặc người được ủy quyền chỗ ở hợp pháp (3)</b><br>
<span class="small">(Ghi rõ nội dung, ký, ghi rõ họ tên)</span></td></tr>
<tr><td style="padding-top:40pt"><b>Ý kiến của cha, mẹ hoặc người giám hộ (4)</b><br>
<span class="small">(Ghi rõ nội dung, ký, ghi rõ họ tên)</span></td>
<td style="padding-top:40pt"><b>Người kê khai</b><br>
<span class="small">(Ký, ghi rõ họ tên)</span></td></tr></table>
<p class="small" style="margin-top:36pt">(1) Cơ quan đăng ký cư trú. (2) Ghi rõ nội dung:
đăng ký thường trú, đăng ký tạm trú, gia hạn tạm trú, xóa đăng ký... (3) Khi thay đổi nơi cư
trú vào chỗ ở của người khác. (4) Đối với người chưa thành niên, người hạn chế hành vi dân sự,
người không đủ năng lực hành vi dân sự.</p>
"""

FORMS = {
    "to-khai-dang-ky-khai-sinh.pdf": KHAI_SINH,
    "to-khai-dang-ky-ket-hon.pdf": KET_HON,
    "giay-de-nghi-dang-ky-ho-kinh-doanh.pdf": HO_KINH_DOANH,
    "to-khai-thay-doi-thong-tin-cu-tru-ct01.pdf": CT01,
}


def render(body: str) -> bytes:
    html = f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>{CSS}</style>'
    html += f"</head><body>{body}</body></html>"
    return HTML(string=html).write_pdf()


def main():
    OUTPUT_DIR.mkdir(exist_ok=True)
    for filename, body in FORMS.items():
        path = OUTPUT_DIR / filename
        path.write_bytes(render(body))
        print(f"{path}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
