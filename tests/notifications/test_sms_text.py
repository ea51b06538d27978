"""SMS texts that fit: Vietnamese needs UCS-2 (70 characters a message), the accent-free
form fits GSM (160); a long text is cut at a word, and the link is always kept whole."""

from notifications.sms import capacity, fit, is_gsm, without_accents

LINK = "https://dichvucong.cantho.gov.vn/ho-so/cua-toi/1/"


def test_the_accent_free_form_keeps_the_letters_and_their_case():
    assert without_accents("Đã tiếp nhận hồ sơ ĐĂNG KÝ khai sinh") == (
        "Da tiep nhan ho so DANG KY khai sinh"
    )
    assert is_gsm(without_accents("Hồ sơ cần bổ sung: Giấy đề nghị; Bản sao căn cước."))


def test_vietnamese_text_is_measured_in_ucs2_parts():
    assert capacity("Hồ sơ", 1) == 70
    assert capacity("Ho so", 1) == 160
    assert capacity("Hồ sơ", 2) == 134


def test_a_long_text_is_cut_at_a_word_and_keeps_the_link():
    text = "Hồ sơ H92.31-260309-0001 cần bổ sung: " + "giấy tờ chứng minh nơi cư trú, " * 10

    short = fit(text, parts=2, keep=LINK)

    assert len(short) <= 134
    assert short.endswith(" " + LINK)
    assert "…" in short
    assert short.split("…")[0].endswith(("trú", "tờ", "minh", "nơi", "cư", "giấy", "chứng"))


def test_the_accent_free_form_fits_more():
    text = "Hồ sơ H92.31-260309-0001 cần bổ sung: " + "giấy tờ chứng minh nơi cư trú, " * 10

    plain = fit(text, ascii_only=True, parts=2, keep=LINK)

    assert is_gsm(plain)
    assert 134 < len(plain) <= 306
    assert plain.endswith(LINK)
