"""The demo accounts: one row per login. Agency codes are those of procedures/demo/catalog.json.

Citizens have no membership. Staff work in the admin (is_staff). `admin` is also a superuser.
"""

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
    },
    {
        "username": "citizen2",
        "full_name": "Trần Thị Bình",
        "email": "citizen2@example.com",
        "phone": "0901000002",
        "is_staff": False,
        "is_superuser": False,
        "memberships": [],
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
        "memberships": [(NINH_KIEU_UBND, "leader")],
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
