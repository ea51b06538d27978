"""The catalog as the generator needs it: procedures, the sites that receive them, the staff
who act on them, and the generated accounts (staff where none, citizens)."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import F

from procedures.models import (
    Agency,
    ChannelKind,
    Membership,
    ProcedureVersion,
    Role,
    VersionStatus,
)

from ..errors import BadInput
from ..services import receiving_unit_for

CITIZEN_PREFIX = "gen-cd-"

# ---- The catalog as the generator needs it -----------------------------------------------


@dataclass
class _Person:
    user_id: int | None
    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    agencies: frozenset = frozenset()


@dataclass
class _Site:
    """A competent agency of a procedure and the desk that receives for it."""

    competent: Agency
    receiving: Agency
    province: int | None
    place: str  # "phường Ninh Kiều, thành phố Cần Thơ", for addresses


@dataclass
class _Version:
    version: ProcedureVersion
    channels: dict  # kind -> (value, unit, (fee amount, fee description) | None)
    steps: list  # [(order, role, value, unit)]
    required: list  # [(component id, name)] of the required components
    sites: list = field(default_factory=list)
    weight: float = 1.0
    shares: tuple = (0.1, 0.75, 0.15)  # of the working time: desk, specialist, leader


def _catalog() -> list[_Version]:
    versions = (
        ProcedureVersion.objects.filter(
            procedure__current_version=F("pk"), published_at__isnull=False
        )
        .exclude(status=VersionStatus.ABOLISHED)
        .prefetch_related("channels__fees", "implementing_agencies", "process_steps", "components")
        .order_by("procedure__code")
    )
    receiving, found = {}, []
    for version in versions:
        channels = _channels(version)
        sites = _sites(version, receiving)
        if not channels or not sites:
            continue
        same_day = any(rule[0] == 0 for rule in channels.values())
        steps = [
            (s.order, s.responsible_role, s.budget_value, s.budget_unit)
            for s in version.process_steps.all()
        ]
        found.append(
            _Version(
                version=version,
                channels=channels,
                steps=steps,
                shares=_shares(steps),
                required=[(c.pk, c.name) for c in version.components.all() if c.required],
                sites=sites,
                # Same-day procedures (certifications, civil status) are the busiest desks.
                weight=3.0 if same_day else 1.0,
            )
        )
    return found


def _channels(version) -> dict:
    """kind -> (value, unit, (fee amount, fee description) | None), online only if accepted."""
    channels = {}
    for channel in version.channels.all():
        if channel.kind == ChannelKind.ONLINE and not version.accepts_online:
            continue
        fee = next((f for f in channel.fees.all() if f.amount > 0), None)
        channels[channel.kind] = (
            channel.duration_value,
            channel.duration_unit,
            (fee.amount, fee.description) if fee else None,
        )
    return channels


def _sites(version, receiving) -> list[_Site]:
    """The active implementing agencies with an active desk (`receiving`: desks by agency)."""
    sites = []
    for agency in version.implementing_agencies.all():
        if agency.pk not in receiving:
            receiving[agency.pk] = _receiving_unit(agency)
        desk = receiving[agency.pk]
        if desk is not None and agency.is_active:
            sites.append(_Site(agency, desk, desk.province_code, _place(agency)))
    return sites


def _shares(steps):
    """The holders' shares of the internal process's budgets: desk, specialist (who holds the
    dossier through the head's review, see states.HOLDER_ROLE), leader; the desk's last step
    (handing the result over) waits for the applicant and is left out."""
    hours = {"hour": 1, "working_day": 8, "day": 8, "month": 176}
    if steps and steps[-1][1] == Role.DESK_OFFICER:
        steps = steps[:-1]
    held = {Role.DESK_OFFICER: 0.0, Role.SPECIALIST: 0.0, Role.LEADER: 0.0}
    for _order, role, value, unit in steps:
        holder = Role.SPECIALIST if role == Role.HEAD_OF_UNIT else role
        if holder in held:
            held[holder] += float(value) * hours.get(unit, 8)
    if not all(held.values()):
        return _Version.shares
    total = sum(held.values())
    return tuple(held[role] / total for role in (Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER))


def _receiving_unit(agency):
    try:
        desk = receiving_unit_for(agency)
    except BadInput:
        return None
    return desk if desk.is_active else None


def _place(agency) -> str:
    """The address tail, e.g. "phường Ninh Kiều, thành phố Cần Thơ", from the agency names."""
    names, node = [], agency
    while node is not None:
        names.append(node.name)
        node = node.parent
    parts = []
    for name in (names[0], names[-1]) if len(names) > 1 else names[:1]:
        for lead in ("phường ", "xã ", "đặc khu ", "thành phố ", "tỉnh "):
            at = name.find(lead)
            if at >= 0:
                parts.append(name[at:])
                break
    return ", ".join(dict.fromkeys(parts))


# ---- The staff -----------------------------------------------------------------------------


def _staff_pools(versions, people) -> tuple[dict, int]:
    """Pools of actors per (agency, role); create `gen-<agency>-<role>` where none.
    Returns the pools and the number of accounts created."""
    needed = set()
    for v in versions:
        for site in v.sites:
            needed.add((site.receiving.pk, Role.DESK_OFFICER))
            for role in (Role.SPECIALIST, Role.HEAD_OF_UNIT, Role.LEADER):
                needed.add((site.competent.pk, role))
    pools = _memberships()
    missing = sorted(pair for pair in needed if not pools.get(pair))
    created = _create_staff(missing, people)
    if missing:
        pools = _memberships()
    return pools, created


def _memberships() -> dict:
    pools = {}
    rows = Membership.objects.filter(user__is_active=True).values_list(
        "agency_id",
        "role",
        "user_id",
        "user__username",
        "user__full_name",
        "user__first_name",
        "user__last_name",
    )
    rows = list(rows)
    agencies = {}
    for agency_id, _role, user_id, *_names in rows:
        agencies.setdefault(user_id, set()).add(agency_id)
    people = {}
    for agency_id, role, user_id, username, full, first, last in sorted(rows):
        if user_id not in people:
            name = full or f"{first} {last}".strip() or username
            people[user_id] = _Person(user_id, name, agencies=frozenset(agencies[user_id]))
        pools.setdefault((agency_id, role), []).append(people[user_id])
    return pools


def _create_staff(missing, people) -> int:
    if not missing:
        return 0
    user_model = get_user_model()
    codes = dict(Agency.objects.filter(pk__in={a for a, _r in missing}).values_list("pk", "code"))
    wanted = {f"gen-{codes[a].lower()}-{role}": (a, role) for a, role in missing}
    existing = set(
        user_model.objects.filter(username__in=wanted).values_list("username", flat=True)
    )
    accounts = []
    for username in sorted(set(wanted) - existing):
        name, _id_number, phone = people.person()
        accounts.append((username, name, phone, f"{username}@motcua.example"))
    _create_accounts(accounts)
    ids = dict(user_model.objects.filter(username__in=wanted).values_list("username", "pk"))
    Membership.objects.bulk_create(
        [
            Membership(user_id=ids[username], agency_id=agency_id, role=role)
            for username, (agency_id, role) in wanted.items()
        ],
        ignore_conflicts=True,
    )
    return len(accounts)


# ---- The applicants ------------------------------------------------------------------------


def _citizens(run, size, batch) -> list[_Person]:
    """The applicants' accounts: existing generated citizens first, then new ones."""
    user_model = get_user_model()

    def load():
        rows = user_model.objects.filter(username__startswith=CITIZEN_PREFIX).order_by("pk")
        return [
            _Person(pk, name, username.removeprefix(CITIZEN_PREFIX), phone, email)
            for pk, username, name, phone, email in rows.values_list(
                "pk", "username", "full_name", "phone", "email"
            )
        ]

    pool = load()
    if len(pool) < size:
        taken = {p.id_number for p in pool}
        accounts = []
        while len(pool) + len(accounts) < size:
            name, id_number, phone = run.people.person()
            if id_number in taken:
                continue
            taken.add(id_number)
            accounts.append(
                (f"{CITIZEN_PREFIX}{id_number}", name, phone, f"cd{id_number}@motcua.example")
            )
        _create_accounts(accounts, batch_size=batch)
        run.stats["citizens_created"] = len(accounts)
        pool = load()
    return pool[:size]


def _create_accounts(accounts, *, batch_size=None):
    """Active users, all with one unusable password, from (username, full name, phone, email)."""
    user_model = get_user_model()
    password = make_password(None)
    users = [
        user_model(
            username=username,
            full_name=name,
            phone=phone,
            email=email,
            password=password,
            is_active=True,
        )
        for username, name, phone, email in accounts
    ]
    user_model.objects.bulk_create(users, batch_size=batch_size)
