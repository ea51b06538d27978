"""Vietnamese names, 12-digit CCCD numbers, phones and streets for fabricated people."""

import itertools

FAMILY = (
    ("Nguyễn", 31), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Huỳnh", 5), ("Võ", 4),
    ("Hoàng", 3), ("Phan", 4), ("Trương", 2), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2),
    ("Hồ", 2), ("Ngô", 2), ("Dương", 1), ("Lý", 1), ("Lâm", 1), ("Vũ", 2), ("Châu", 1),
)  # fmt: skip
MIDDLE = {
    True: ("Văn", "Hữu", "Minh", "Đức", "Quốc", "Thành", "Công", "Hoàng", "Gia", "Thanh"),
    False: ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng", "Bích"),
}
GIVEN = {
    True: (
        "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Khang", "Khoa", "Long",
        "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quang", "Sơn", "Tài", "Thắng", "Thịnh",
        "Toàn", "Trí", "Trung", "Tuấn", "Việt", "Vinh", "Lộc", "Tâm", "Duy",
    ),
    False: (
        "Anh", "Châu", "Diễm", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan",
        "Linh", "Loan", "Mai", "Ngân", "Nhung", "Nhi", "Oanh", "Phương", "Quyên", "Thảo",
        "Thủy", "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Vy", "Xuân", "Yến",
    ),
}  # fmt: skip
# CCCD province prefixes of people living in the Mekong delta (the first three digits).
OTHER_PROVINCES = (("093", 6), ("094", 5), ("086", 4), ("089", 3), ("091", 3), ("079", 3))
STREETS = (
    "Trần Hưng Đạo", "Nguyễn Trãi", "Lê Lợi", "Hai Bà Trưng", "Lý Thường Kiệt", "Mậu Thân",
    "Nguyễn Văn Cừ", "30 Tháng 4", "Cách Mạng Tháng 8", "Hùng Vương", "Trần Phú",
    "Nguyễn Thị Minh Khai", "Võ Văn Kiệt", "Lê Hồng Phong", "Phan Đình Phùng", "Hòa Bình",
)  # fmt: skip


class _People:
    """Vietnamese names and 12-digit CCCD numbers (province, sex and century, year, serial)."""

    def __init__(self, rng, home_prefix):
        self.rng = rng
        names, weights = zip(*FAMILY, strict=True)
        self.family, self.family_weights = names, list(itertools.accumulate(weights))
        home_weight = 100 - sum(w for _p, w in OTHER_PROVINCES)
        self.prefixes = [home_prefix, *(p for p, _w in OTHER_PROVINCES)]
        self.prefix_weights = list(
            itertools.accumulate([home_weight, *(w for _p, w in OTHER_PROVINCES)])
        )

    def person(self):
        rng = self.rng
        male = rng.random() < 0.5
        family = rng.choices(self.family, cum_weights=self.family_weights)[0]
        name = f"{family} {rng.choice(MIDDLE[male])} {rng.choice(GIVEN[male])}"
        born = rng.randint(1950, 2007)
        sex_century = (0 if male else 1) + (2 if born >= 2000 else 0)
        prefix = rng.choices(self.prefixes, cum_weights=self.prefix_weights)[0]
        id_number = f"{prefix}{sex_century}{born % 100:02d}{rng.randrange(10**6):06d}"
        phone = f"{rng.choice(('09', '03', '08', '07'))}{rng.randrange(10**8):08d}"
        return name, id_number, phone
