"""The demo accounts: one row per login. Agency codes are those of procedures/demo/catalog.json.

Citizens have no membership and an applicant profile (`profile`: what `citizens.Profile`
holds; written by `citizens.demo`, since this app knows nothing of citizens): a CCCD that
passes `citizens.validators` (Cần Thơ's 092, the gender and century digit, the birth year),
an address in Cần Thơ (province 92 and a ward code of the vietnam-provinces package), and
contacts marked verified. Staff work in the admin (is_staff). `admin` is also a superuser.
"""

import datetime

# When the demo citizens' e-mail and phone count as verified: fixed, so that seeding twice
# writes the same data.
VERIFIED_AT = datetime.datetime(2025, 7, 1, 1, 0, tzinfo=datetime.UTC)  # 08:00 in Việt Nam

NINH_KIEU_UBND = "H13.31"  # Ủy ban nhân dân phường Ninh Kiều
NINH_KIEU_CENTRE = "H13.31.01"  # Trung tâm Phục vụ hành chính công phường Ninh Kiều
CITY_UBND = "H13"  # Ủy ban nhân dân thành phố Cần Thơ

ACCOUNTS = [
    {
        "username": "citizen",
        "full_name": "Nguyễn Văn An",
        "email": "citizen@example.com",
        "phone": "0901000001",
        "is_staff": False,
        "is_superuser": False,
        "memberships": [],
        "profile": {
            "kind": "individual",
            "id_number": "092085000123",  # Cần Thơ (092), a man born in the 1900s (0), 1985
            "date_of_birth": datetime.date(1985, 3, 14),
            "province_code": 92,  # Thành phố Cần Thơ
            "ward_code": 31135,  # Phường Ninh Kiều
            "street": "25 Hòa Bình",
            "email_verified_at": VERIFIED_AT,
            "phone_verified_at": VERIFIED_AT,
        },
    },
    {
        "username": "citizen2",
        "full_name": "Trần Thị Bình",
        "email": "citizen2@example.com",
        "phone": "0901000002",
        "is_staff": False,
        "is_superuser": False,
        "memberships": [],
        "profile": {
            "kind": "individual",
            "id_number": "092192004567",  # Cần Thơ (092), a woman born in the 1900s (1), 1992
            "date_of_birth": datetime.date(1992, 11, 2),
            "province_code": 92,  # Thành phố Cần Thơ
            "ward_code": 31120,  # Phường Cái Khế
            "street": "8 Trần Văn Khéo",
            "email_verified_at": VERIFIED_AT,
            "phone_verified_at": VERIFIED_AT,
        },
    },
    {
        "username": "officer",
        "full_name": "Lê Thị Cúc",
        "email": "officer@example.com",
        "phone": "",
        "is_staff": True,
        "is_superuser": False,
        "memberships": [(NINH_KIEU_CENTRE, "desk_officer")],
    },
    {
        "username": "specialist",
        "full_name": "Phạm Văn Dũng",
        "email": "specialist@example.com",
        "phone": "",
        "is_staff": True,
        "is_superuser": False,
        "memberships": [(NINH_KIEU_UBND, "specialist")],
    },
    {
        "username": "head",
        "full_name": "Võ Thị Hạnh",
        "email": "head@example.com",
        "phone": "",
        "is_staff": True,
        "is_superuser": False,
        "memberships": [(NINH_KIEU_UBND, "head_of_unit")],
    },
    {
        "username": "leader",
        "full_name": "Huỳnh Văn Khải",
        "email": "leader@example.com",
        "phone": "",
        "is_staff": True,
        "is_superuser": False,
        # The title printed under the leader's signature on issued results and letters.
        "memberships": [(NINH_KIEU_UBND, "leader", "Chủ tịch")],
    },
    {
        "username": "admin",
        "full_name": "Quản trị hệ thống",
        "email": "admin@example.com",
        "phone": "",
        "is_staff": True,
        "is_superuser": True,
        "memberships": [(CITY_UBND, "agency_admin")],
    },
]
