"""The three moments of a dossier, one meaning each, in the same words on every page, slip,
message and API field:

- `sent_at` (Thời điểm gửi hồ sơ): when the applicant sent it online (or the desk entered a
  walk-in's paper dossier);
- `official_reception_at` (Thời điểm tiếp nhận chính thức): the moment the law counts from: a
  dossier sent outside office hours is received at the next opening (regulations.md §1.2); a
  walk-in's is the desk's reception;
- `received_at` (Thời điểm kiểm tra xong): when the desk finished checking it and received it.

The appointment (`due_at`) counts from the official reception time. The pages render them with
`templates/dossiers/_moments.html`; the API documents them with these descriptions.
"""

from django.utils.translation import gettext_lazy as _

SENT = _("Thời điểm gửi hồ sơ")
OFFICIAL_RECEPTION = _("Thời điểm tiếp nhận chính thức")
RECEIVED = _("Thời điểm kiểm tra xong")

SENT_AT = _(
    "Thời điểm gửi hồ sơ: khi người nộp gửi hồ sơ trực tuyến (hoặc Bộ phận Một cửa nhập hồ sơ "
    "nộp trực tiếp)."
)
OFFICIAL_RECEPTION_AT = _(
    "Thời điểm tiếp nhận chính thức, mốc tính thời hạn giải quyết: hồ sơ gửi ngoài giờ hành "
    "chính được tiếp nhận vào đầu giờ làm việc kế tiếp."
)
RECEIVED_AT = _("Thời điểm Bộ phận Một cửa kiểm tra xong và tiếp nhận hồ sơ.")
