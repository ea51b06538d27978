"""The catalog admin: who sees and edits what, read-only versions, and the version actions.

Personas: a superuser; the agency administrator of phường Ninh Kiều (H92.01), whose subtree
holds a unit (H92.01.01); a neighbour agency (H92.02) and the province above both (H92); a
desk officer of H92.01 with staff access.
"""

import datetime
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from procedures import permissions, services
from procedures.models import (
    Agency,
    AgencyKind,
    Channel,
    ChannelKind,
    FeeLine,
    Level,
    Membership,
    Procedure,
    ProcedureVersion,
)
from tests.factories import (
    AgencyFactory,
    ChannelFactory,
    ComponentFactory,
    FeeLineFactory,
    FieldFactory,
    ProcedureFactory,
    ProcessStepFactory,
    UserFactory,
    VersionFactory,
)

TODAY = datetime.date(2026, 1, 10)
IN_FORCE = datetime.date(2025, 7, 1)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def frozen_time():
    moment = datetime.datetime(2026, 1, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def province(db):
    return AgencyFactory(
        code="H92", name="Ủy ban nhân dân thành phố Cần Thơ", level=Level.PROVINCE, has_desk=False
    )


@pytest.fixture
def tree(province, agency, other_agency):
    """H92 → H92.01 (administered) → H92.01.01, and H92 → H92.02 (not administered)."""
    Agency.objects.filter(pk__in=[agency.pk, other_agency.pk]).update(parent=province)
    unit = AgencyFactory(
        code="H92.01.01",
        name="Bộ phận Một cửa phường Ninh Kiều",
        kind=AgencyKind.UNIT,
        parent=agency,
    )
    return {"province": province, "agency": agency, "unit": unit, "other": other_agency}


@pytest.fixture
def superuser(db):
    user = UserFactory(username="root")
    user.is_superuser = user.is_staff = True
    user.save()
    return user


@pytest.fixture
def staff_officer(desk_officer):
    desk_officer.is_staff = True
    desk_officer.save()
    return desk_officer


def login(client, user, password):
    assert client.login(username=user.username, password=password)
    return client


@pytest.fixture
def as_admin(client, agency_admin, password, tree):
    return login(client, agency_admin, password)


@pytest.fixture
def as_root(client, superuser, password, tree):
    return login(client, superuser, password)


def version_of(agency, **fields):
    """A version implemented by `agency`, with one of every part."""
    version = VersionFactory(**fields)
    version.implementing_agencies.set([agency])
    ComponentFactory(version=version, name="Tờ khai")
    channel = ChannelFactory(version=version, kind=ChannelKind.ONLINE)
    FeeLineFactory(channel=channel, amount=Decimal("8000"))
    ProcessStepFactory(version=version, order=1)
    return version


def draft_of(agency, **fields):
    return version_of(agency, draft=True, effective_from=datetime.date(2026, 3, 1), **fields)


def url(name, *args):
    return reverse(f"admin:procedures_{name}", args=args)


def form_data(response) -> dict:
    """The POST data of an admin form as rendered: its fields and every inline formset."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if value is None or bound.field.disabled:
                continue
            if isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            elif isinstance(value, datetime.date):
                data[bound.html_name] = value.isoformat()
            else:
                data[bound.html_name] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Who opens the catalog admin --------------------------------------------------------------

CHANGELISTS = ["agency", "membership", "field", "procedure", "procedureversion"]


@pytest.mark.parametrize("model", CHANGELISTS)
def test_a_superuser_sees_every_catalog_changelist(as_root, model):
    version_of(Agency.objects.get(code="H92.02"))

    assert as_root.get(url(f"{model}_changelist")).status_code == 200


@pytest.mark.parametrize("model", CHANGELISTS)
def test_an_agency_admin_sees_the_catalog_changelists(as_admin, model):
    assert as_admin.get(url(f"{model}_changelist")).status_code == 200


@pytest.mark.parametrize("model", CHANGELISTS)
def test_a_desk_officer_with_staff_access_is_refused_the_catalog_admin(
    client, staff_officer, password, tree, model
):
    login(client, staff_officer, password)

    assert client.get(url(f"{model}_changelist")).status_code == 403
    assert client.get(url(f"{model}_add")).status_code == 403


def test_the_admin_index_lists_the_catalog_only_for_catalog_administrators(
    client, staff_officer, agency_admin, password, tree
):
    login(client, staff_officer, password)
    apps = [app["app_label"] for app in client.get(reverse("admin:index")).context["app_list"]]
    assert "procedures" not in apps

    login(client, agency_admin, password)
    apps = {app["app_label"]: app for app in client.get(reverse("admin:index")).context["app_list"]}
    models = {m["object_name"] for m in apps["procedures"]["models"]}
    assert {"Agency", "Membership", "Procedure", "ProcedureVersion"} <= models
    assert "Channel" not in models  # opened from its version


def test_a_desk_officer_cannot_open_an_agency_of_their_own(client, staff_officer, password, tree):
    login(client, staff_officer, password)

    response = client.get(url("agency_change", tree["agency"].pk))

    assert response.status_code == 403


# --- Agencies -------------------------------------------------------------------------------


def test_an_agency_admin_lists_only_the_agencies_of_their_subtree(as_admin, tree):
    response = as_admin.get(url("agency_changelist"))

    codes = {a.code for a in response.context["cl"].result_list}
    assert codes == {"H92.01", "H92.01.01"}


def test_a_superuser_lists_every_agency(as_root, tree):
    response = as_root.get(url("agency_changelist"))

    assert response.context["cl"].result_count == 4


def test_an_agency_admin_edits_an_agency_of_their_subtree(as_admin, tree):
    page = as_admin.get(url("agency_change", tree["unit"].pk))
    assert page.status_code == 200
    data = form_data(page) | {
        "name": "Bộ phận tiếp nhận và trả kết quả",
        "desk_hours": "7:00–17:00",
    }

    response = as_admin.post(url("agency_change", tree["unit"].pk), data)

    assert response.status_code == 302
    tree["unit"].refresh_from_db()
    assert tree["unit"].name == "Bộ phận tiếp nhận và trả kết quả"
    assert tree["unit"].desk_hours == "7:00–17:00"


def test_an_agency_admin_edits_their_own_agency_but_not_its_parent(as_admin, tree):
    page = as_admin.get(url("agency_change", tree["agency"].pk))
    data = form_data(page) | {"phone": "0292 3820 000"}

    assert as_admin.post(url("agency_change", tree["agency"].pk), data).status_code == 302
    tree["agency"].refresh_from_db()
    assert tree["agency"].phone == "0292 3820 000"

    moved = as_admin.post(
        url("agency_change", tree["agency"].pk), data | {"parent": str(tree["unit"].pk)}
    )
    assert moved.status_code == 200
    assert "parent" in moved.context["adminform"].form.errors
    assert Agency.objects.get(pk=tree["agency"].pk).parent == tree["province"]


@pytest.mark.parametrize("target", ["other", "province"])
def test_an_agency_admin_cannot_open_or_edit_an_agency_outside_their_subtree(
    as_admin, tree, target
):
    agency = tree[target]

    assert as_admin.get(url("agency_change", agency.pk)).status_code == 404
    response = as_admin.post(url("agency_change", agency.pk), {"name": "Tên bị sửa"})
    assert response.status_code == 404
    assert Agency.objects.get(pk=agency.pk).name == agency.name
    assert as_admin.post(url("agency_delete", agency.pk), {"post": "yes"}).status_code == 404
    assert Agency.objects.filter(pk=agency.pk).exists()


def new_agency_data(parent) -> dict:
    return {
        "code": "H92.01.02",
        "name": "Phòng Văn hóa – Xã hội",
        "kind": AgencyKind.UNIT,
        "level": Level.COMMUNE,
        "parent": str(parent.pk) if parent else "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }


def test_an_agency_admin_adds_a_unit_under_their_agency(as_admin, tree):
    response = as_admin.post(url("agency_add"), new_agency_data(tree["agency"]))

    assert response.status_code == 302
    assert Agency.objects.get(code="H92.01.02").parent == tree["agency"]


@pytest.mark.parametrize("parent", ["other", "province", None])
def test_an_agency_admin_cannot_add_an_agency_outside_their_subtree(as_admin, tree, parent):
    response = as_admin.post(url("agency_add"), new_agency_data(tree[parent] if parent else None))

    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    assert not Agency.objects.filter(code="H92.01.02").exists()


def test_a_superuser_may_add_a_root_agency(as_root, tree):
    data = new_agency_data(None) | {"code": "H93", "level": Level.PROVINCE}

    assert as_root.post(url("agency_add"), data).status_code == 302
    assert Agency.objects.get(code="H93").parent is None


def test_no_one_can_make_an_agency_its_own_ancestor(as_root, tree):
    page = as_root.get(url("agency_change", tree["province"].pk))
    data = form_data(page) | {"parent": str(tree["unit"].pk)}

    response = as_root.post(url("agency_change", tree["province"].pk), data)

    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    assert Agency.objects.get(pk=tree["province"].pk).parent is None


def test_an_agency_admin_deletes_a_unit_below_but_not_their_own_agency(as_admin, tree):
    assert (
        as_admin.post(url("agency_delete", tree["agency"].pk), {"post": "yes"}).status_code == 403
    )
    assert Agency.objects.filter(pk=tree["agency"].pk).exists()

    response = as_admin.post(url("agency_delete", tree["unit"].pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Agency.objects.filter(pk=tree["unit"].pk).exists()


def test_an_agency_named_by_a_published_version_cannot_be_deleted(as_root, tree):
    version_of(tree["unit"])

    response = as_root.post(url("agency_delete", tree["unit"].pk), {"post": "yes"})

    assert response.status_code == 403
    assert Agency.objects.filter(pk=tree["unit"].pk).exists()


def test_the_bulk_delete_action_is_not_offered_to_agency_admins(as_admin, tree):
    assert as_admin.get(url("agency_changelist")).context["action_form"] is None

    as_admin.post(
        url("agency_changelist"),
        {"action": "delete_selected", "_selected_action": [str(tree["unit"].pk)], "post": "yes"},
    )

    assert Agency.objects.filter(pk=tree["unit"].pk).exists()


# --- Memberships ----------------------------------------------------------------------------


def test_an_agency_admin_assigns_a_user_to_a_unit_by_user_name(as_admin, tree):
    officer = UserFactory(username="can-bo-moi")

    response = as_admin.post(
        url("membership_add"),
        {"user": "can-bo-moi", "agency": str(tree["unit"].pk), "role": "specialist"},
    )

    assert response.status_code == 302
    assert Membership.objects.filter(user=officer, agency=tree["unit"], role="specialist").exists()


def test_an_agency_admin_may_name_another_agency_admin_within_their_subtree(as_admin, tree):
    officer = UserFactory(username="pho-chu-tich")

    response = as_admin.post(
        url("membership_add"),
        {"user": officer.username, "agency": str(tree["unit"].pk), "role": "agency_admin"},
    )

    assert response.status_code == 302
    assert Membership.objects.filter(user=officer, role="agency_admin").count() == 1


@pytest.mark.parametrize("target", ["province", "other"])
def test_an_agency_admin_cannot_grant_agency_admin_above_or_beside_their_agency(
    as_admin, tree, target
):
    officer = UserFactory(username="nguoi-ngoai")

    response = as_admin.post(
        url("membership_add"),
        {"user": officer.username, "agency": str(tree[target].pk), "role": "agency_admin"},
    )

    assert response.status_code == 200
    assert "agency" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(user=officer).exists()


def test_an_agency_admin_sees_only_the_memberships_of_their_subtree(as_admin, tree):
    Membership.objects.create(user=UserFactory(), agency=tree["other"], role="leader")
    Membership.objects.create(user=UserFactory(), agency=tree["unit"], role="specialist")

    response = as_admin.get(url("membership_changelist"))

    agencies = {m.agency.code for m in response.context["cl"].result_list}
    assert agencies == {"H92.01", "H92.01.01"}


def test_an_agency_admin_cannot_open_a_membership_of_another_agency(as_admin, tree):
    other = Membership.objects.create(user=UserFactory(), agency=tree["other"], role="leader")

    assert as_admin.get(url("membership_change", other.pk)).status_code == 404
    assert as_admin.post(url("membership_delete", other.pk), {"post": "yes"}).status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


def test_memberships_are_edited_inline_on_the_agency_page(as_admin, tree):
    UserFactory(username="van-thu")
    page = as_admin.get(url("agency_change", tree["unit"].pk))
    data = form_data(page) | {
        "memberships-TOTAL_FORMS": "1",
        "memberships-0-user": "van-thu",
        "memberships-0-role": "desk_officer",
    }

    response = as_admin.post(url("agency_change", tree["unit"].pk), data)

    assert response.status_code == 302
    assert tree["unit"].memberships.get().user.username == "van-thu"


def test_fields_are_read_only_for_agency_admins(as_admin):
    field = FieldFactory(code="ho-tich", name="Hộ tịch")

    page = as_admin.get(url("field_change", field.pk))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert (
        as_admin.post(url("field_change", field.pk), {"code": "x", "name": "y"}).status_code == 403
    )
    assert as_admin.get(url("field_add")).status_code == 403


# --- Versions: who sees which ------------------------------------------------------------------


def test_an_agency_admin_sees_only_versions_their_agencies_implement(as_admin, tree):
    mine = version_of(tree["unit"])
    theirs = version_of(tree["other"])

    listed = as_admin.get(url("procedureversion_changelist")).context["cl"].result_list
    procedures = as_admin.get(url("procedure_changelist")).context["cl"].result_list

    assert [v.pk for v in listed] == [mine.pk]
    assert [p.pk for p in procedures] == [mine.procedure_id]
    assert theirs.procedure_id not in {p.pk for p in procedures}


def test_an_agency_admin_cannot_open_or_edit_a_version_of_another_agency(as_admin, tree):
    theirs = draft_of(tree["other"])

    assert as_admin.get(url("procedureversion_change", theirs.pk)).status_code == 404
    assert as_admin.get(url("procedure_change", theirs.procedure_id)).status_code == 404
    response = as_admin.post(url("procedureversion_change", theirs.pk), {"name": "Đã sửa"})
    assert response.status_code == 404
    assert as_admin.post(url("procedureversion_publish", theirs.pk)).status_code == 404
    assert as_admin.post(url("procedureversion_new_draft", theirs.pk)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name != "Đã sửa"
    assert theirs.is_draft


def test_an_agency_admin_cannot_open_a_channel_of_another_agency(as_admin, tree):
    channel = draft_of(tree["other"]).channels.get()

    assert as_admin.get(url("channel_change", channel.pk)).status_code == 404


def test_the_actions_skip_versions_outside_the_agency_admins_reach(as_admin, tree):
    theirs = draft_of(tree["other"])

    response = as_admin.post(
        url("procedureversion_changelist"),
        {"action": "publish_action", "_selected_action": [str(theirs.pk)]},
    )

    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.is_draft


# --- Versions: read-only and editable ---------------------------------------------------------


def test_a_locked_version_is_shown_read_only_with_the_way_to_change_it(as_root, tree):
    version = version_of(tree["agency"], name="Đăng ký khai sinh")
    services.version_lock(version_id=version.pk)

    response = as_root.get(url("procedureversion_change", version.pk))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    html = response.content.decode()
    assert "Tạo phiên bản mới để sửa đổi" in html
    assert "đã được dùng cho hồ sơ" in html
    assert 'name="_save"' not in html
    assert all(
        not inline.has_add_permission for inline in response.context["inline_admin_formsets"]
    )


def test_posting_to_a_locked_version_changes_nothing(as_root, tree):
    version = draft_of(tree["agency"], name="Đăng ký khai sinh")
    data = form_data(as_root.get(url("procedureversion_change", version.pk)))
    services.version_lock(version_id=version.pk)

    response = as_root.post(
        url("procedureversion_change", version.pk),
        data | {"name": "Tên bị sửa", "components-0-name": "Giấy tờ bị sửa"},
    )

    assert response.status_code == 403
    version.refresh_from_db()
    assert version.name == "Đăng ký khai sinh"
    assert version.components.get().name == "Tờ khai"


def test_a_published_version_in_force_is_read_only_too(as_root, tree):
    version = version_of(tree["agency"], effective_from=IN_FORCE)
    data = {"name": "Tên bị sửa"}

    page = as_root.get(url("procedureversion_change", version.pk))
    assert page.context["has_change_permission"] is False
    assert "đang có hiệu lực" in page.content.decode()
    assert as_root.post(url("procedureversion_change", version.pk), data).status_code == 403
    assert (
        as_root.post(url("procedureversion_delete", version.pk), {"post": "yes"}).status_code == 403
    )
    assert ProcedureVersion.objects.get(pk=version.pk).name != "Tên bị sửa"


def test_the_fees_of_a_read_only_version_cannot_be_changed(as_root, tree):
    version = version_of(tree["agency"], effective_from=IN_FORCE)
    channel = version.channels.get()

    page = as_root.get(url("channel_change", channel.pk))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    response = as_root.post(url("channel_change", channel.pk), {"duration_value": "1"})
    assert response.status_code == 403
    assert FeeLine.objects.get(channel=channel).amount == Decimal("8000")


def test_a_draft_is_edited_with_its_parts(as_admin, tree):
    draft = draft_of(tree["unit"], name="Đăng ký khai sinh")
    page = as_admin.get(url("procedureversion_change", draft.pk))
    assert page.context["has_change_permission"] is True
    assert "Công bố" in page.content.decode()
    data = form_data(page) | {
        "name": "Đăng ký khai sinh (sửa đổi)",
        "components-0-name": "Tờ khai đăng ký khai sinh",
        "process_steps-TOTAL_FORMS": "2",
        "process_steps-1-order": "2",
        "process_steps-1-name": "Trả kết quả",
        "process_steps-1-responsible_unit": "Bộ phận Một cửa",
        "process_steps-1-budget_value": "0.5",
        "process_steps-1-budget_unit": "working_day",
    }

    response = as_admin.post(url("procedureversion_change", draft.pk), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.name == "Đăng ký khai sinh (sửa đổi)"
    assert draft.search_text.startswith("dang ky khai sinh sua doi")
    assert draft.components.get().name == "Tờ khai đăng ký khai sinh"
    assert list(draft.process_steps.values_list("name", flat=True)) == [
        "Tiếp nhận hồ sơ",
        "Trả kết quả",
    ]


def test_the_fees_of_a_draft_are_edited_on_its_channel_page(as_admin, tree):
    draft = draft_of(tree["unit"])
    channel = draft.channels.get()
    version_page = as_admin.get(url("procedureversion_change", draft.pk))
    assert url("channel_change", channel.pk) in version_page.content.decode()
    page = as_admin.get(url("channel_change", channel.pk))
    data = form_data(page) | {"fees-0-amount": "10000"}

    response = as_admin.post(url("channel_change", channel.pk), data)

    assert response.status_code == 302
    assert response.url == url("procedureversion_change", draft.pk)
    assert FeeLine.objects.get(channel=channel).amount == Decimal("10000")


def test_an_agency_admin_cannot_add_or_remove_agencies_outside_their_subtree(as_admin, tree):
    draft = draft_of(tree["unit"])
    data = form_data(as_admin.get(url("procedureversion_change", draft.pk)))

    added = as_admin.post(
        url("procedureversion_change", draft.pk),
        data | {"implementing_agencies": [str(tree["unit"].pk), str(tree["other"].pk)]},
    )

    assert added.status_code == 200
    assert "implementing_agencies" in added.context["adminform"].form.errors
    assert list(draft.implementing_agencies.all()) == [tree["unit"]]


def test_an_agency_admin_adds_a_first_version_to_a_new_procedure(as_admin, tree):
    field = FieldFactory(code="ho-tich")
    assert as_admin.post(url("procedure_add"), {"code": "1.999999"}).status_code == 302
    procedure = Procedure.objects.get(code="1.999999")
    data = {
        "procedure": str(procedure.pk),
        "number": "1",
        "name": "Thủ tục mới",
        "field": str(field.pk),
        "effective_from": "2026-02-01",
        "status": "published",
        "competent_authority": "Ủy ban nhân dân cấp xã",
        "implementing_agencies": [str(tree["unit"].pk)],
        "for_individuals": "on",
        "steps": "Nộp hồ sơ",
        "result": "Giấy xác nhận",
        "legal_basis": "[]",
        "online_level": "information",
        "clock_on_supplement": "pause",
    }
    for prefix in ("components", "channels", "process_steps"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}

    response = as_admin.post(url("procedureversion_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    version = procedure.versions.get()
    assert version.is_draft  # publishing is an action, never a field
    assert as_admin.get(url("procedureversion_change", version.pk)).status_code == 200


def test_an_unassigned_draft_stays_visible_to_the_agency_admin_who_added_it(
    as_admin, client, tree, superuser, password
):
    field = FieldFactory(code="ho-tich")
    procedure = ProcedureFactory(code="1.888888")
    data = {
        "procedure": str(procedure.pk),
        "number": "1",
        "name": "Thủ tục chưa giao",
        "field": str(field.pk),
        "effective_from": "2026-02-01",
        "status": "published",
        "competent_authority": "Ủy ban nhân dân cấp xã",
        "steps": "Nộp hồ sơ",
        "result": "Giấy xác nhận",
        "legal_basis": "[]",
        "online_level": "information",
        "clock_on_supplement": "pause",
    }
    for prefix in ("components", "channels", "process_steps"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    assert as_admin.post(url("procedureversion_add"), data).status_code == 302
    version = procedure.versions.get()

    assert as_admin.get(url("procedureversion_change", version.pk)).status_code == 200
    published = as_admin.post(url("procedureversion_publish", version.pk))
    assert "hãy chọn cơ quan thực hiện" in " ".join(messages_of(published))
    assert ProcedureVersion.objects.get(pk=version.pk).is_draft

    other_admin = UserFactory(username="admin-2")
    other_admin.is_staff = True
    other_admin.save()
    Membership.objects.create(user=other_admin, agency=tree["other"], role="agency_admin")
    login(client, other_admin, password)
    assert client.get(url("procedureversion_change", version.pk)).status_code == 404


# --- Versions: the actions --------------------------------------------------------------------


def test_the_new_version_button_creates_a_draft_and_redirects_to_it(as_admin, tree):
    version = version_of(tree["unit"], number=1, effective_from=IN_FORCE)
    services.version_lock(version_id=version.pk)

    response = as_admin.post(
        url("procedureversion_new_draft", version.pk),
        {"new_draft_effective_from": "2026-03-01"},
    )

    draft = ProcedureVersion.objects.get(procedure=version.procedure, number=2)
    assert response.status_code == 302
    assert response.url == url("procedureversion_change", draft.pk)
    assert draft.is_draft and not draft.is_locked
    assert draft.effective_from == datetime.date(2026, 3, 1)
    assert list(draft.implementing_agencies.all()) == [tree["unit"]]
    assert draft.components.count() == draft.channels.count() == draft.process_steps.count() == 1
    assert FeeLine.objects.filter(channel__version=draft).count() == 1
    assert as_admin.get(response.url).context["has_change_permission"] is True


def test_the_new_version_action_creates_a_draft_from_today_by_default(as_admin, tree):
    version = version_of(tree["unit"], number=1, effective_from=IN_FORCE)

    response = as_admin.post(
        url("procedureversion_changelist"),
        {"action": "new_draft_action", "_selected_action": [str(version.pk)], "effective_from": ""},
    )

    draft = ProcedureVersion.objects.get(procedure=version.procedure, number=2)
    assert response.status_code == 302
    assert response.url == url("procedureversion_change", draft.pk)
    assert draft.effective_from == TODAY


def test_the_new_version_action_takes_the_date_given(as_root, tree):
    version = version_of(tree["unit"], number=1, effective_from=IN_FORCE)

    as_root.post(
        url("procedureversion_changelist"),
        {
            "action": "new_draft_action",
            "_selected_action": [str(version.pk)],
            "effective_from": "2026-04-01",
        },
    )

    assert version.procedure.versions.get(number=2).effective_from == datetime.date(2026, 4, 1)


def test_a_second_new_version_leads_to_the_existing_draft(as_admin, tree):
    version = version_of(tree["unit"], number=1, effective_from=IN_FORCE)
    first = as_admin.post(url("procedureversion_new_draft", version.pk))

    second = as_admin.post(url("procedureversion_new_draft", version.pk))

    assert second.url == first.url
    assert version.procedure.versions.count() == 2
    assert "đã có bản nháp" in " ".join(messages_of(second))


def test_a_bad_date_for_a_new_version_is_an_error_message(as_admin, tree):
    version = version_of(tree["unit"], number=1, effective_from=IN_FORCE)

    response = as_admin.post(
        url("procedureversion_new_draft", version.pk), {"new_draft_effective_from": "32/13/2026"}
    )

    assert response.status_code == 302
    assert messages_of(response)
    assert version.procedure.versions.count() == 1


def test_the_buttons_only_accept_post(as_admin, tree):
    version = version_of(tree["unit"], number=1, effective_from=IN_FORCE)

    assert as_admin.get(url("procedureversion_new_draft", version.pk)).status_code == 405
    assert as_admin.get(url("procedureversion_publish", version.pk)).status_code == 405


def test_the_publish_action_publishes_a_draft_and_makes_it_current(as_admin, tree):
    v1 = version_of(tree["unit"], number=1, effective_from=IN_FORCE)
    draft = services.version_new_draft(procedure_id=v1.procedure_id, effective_from=TODAY)

    response = as_admin.post(
        url("procedureversion_changelist"),
        {"action": "publish_action", "_selected_action": [str(draft.pk)]},
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.published_at is not None
    assert Procedure.objects.get(pk=v1.procedure_id).current_version_id == draft.pk
    assert any("Đã công bố" in m for m in messages_of(response))


def test_the_publish_button_publishes_a_draft_in_force_later(as_admin, tree):
    v1 = version_of(tree["unit"], number=1, effective_from=IN_FORCE)
    draft = services.version_new_draft(
        procedure_id=v1.procedure_id, effective_from=datetime.date(2026, 2, 1)
    )

    response = as_admin.post(url("procedureversion_publish", draft.pk))

    assert response.status_code == 302
    assert response.url == url("procedureversion_change", draft.pk)
    draft.refresh_from_db()
    assert draft.published_at is not None
    assert Procedure.objects.get(pk=v1.procedure_id).current_version_id == v1.pk
    # published but not yet in force: still editable until its date
    assert as_admin.get(response.url).context["has_change_permission"] is True


def test_publishing_a_published_version_is_an_error_message_not_a_500(as_admin, tree):
    version = version_of(tree["unit"], number=1, effective_from=IN_FORCE)
    before = version.published_at

    response = as_admin.post(
        url("procedureversion_changelist"),
        {"action": "publish_action", "_selected_action": [str(version.pk)]},
    )

    assert response.status_code == 302
    assert any("đã được công bố" in m for m in messages_of(response))
    assert ProcedureVersion.objects.get(pk=version.pk).published_at == before


def test_a_version_locked_while_being_edited_gives_an_error_message(as_root, tree, monkeypatch):
    draft = draft_of(tree["agency"], name="Đăng ký khai sinh")
    data = form_data(as_root.get(url("procedureversion_change", draft.pk)))
    # The lock lands between the permission check and the save.
    real_save = ProcedureVersion.save

    def save_after_lock(self, *args, **kwargs):
        services.version_lock(version_id=self.pk)
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(ProcedureVersion, "save", save_after_lock)

    response = as_root.post(url("procedureversion_change", draft.pk), data | {"name": "Mới"})

    assert response.status_code == 302
    assert any("không thể sửa" in m for m in messages_of(response))
    assert ProcedureVersion.objects.get(pk=draft.pk).name == "Đăng ký khai sinh"


def test_drafts_are_deleted_one_by_one_and_never_in_bulk(as_admin, tree):
    draft = draft_of(tree["unit"])
    changelist = as_admin.get(url("procedureversion_changelist"))
    assert "delete_selected" not in dict(changelist.context["action_form"].fields["action"].choices)

    response = as_admin.post(url("procedureversion_delete", draft.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not ProcedureVersion.objects.filter(pk=draft.pk).exists()


def test_the_procedure_page_lists_its_versions_read_only(as_root, tree):
    v1 = version_of(tree["unit"], number=1, effective_from=IN_FORCE)
    services.version_new_draft(procedure_id=v1.procedure_id, effective_from=TODAY)

    response = as_root.get(url("procedure_change", v1.procedure_id))

    assert response.status_code == 200
    (inline,) = response.context["inline_admin_formsets"]
    assert [form.original.number for form in inline] == [2, 1]
    assert not inline.has_add_permission and not inline.has_change_permission


def test_procedures_are_found_by_code_and_by_version_name(as_root, tree):
    version_of(tree["unit"], name="Đăng ký khai sinh", procedure__code="1.001193")
    version_of(tree["unit"], name="Cấp giấy phép xây dựng", procedure__code="1.009972")

    by_code = as_root.get(url("procedure_changelist"), {"q": "1.001193"}).context["cl"]
    by_name = as_root.get(url("procedure_changelist"), {"q": "phép xây"}).context["cl"]

    assert [p.code for p in by_code.result_list] == ["1.001193"]
    assert [p.code for p in by_name.result_list] == ["1.009972"]


def test_legal_basis_round_trips_through_the_form(as_root, tree):
    basis = [{"number": "123/2015/QH13", "title": "Luật Hộ tịch", "issued_on": "2014-11-20"}]
    draft = draft_of(tree["agency"], legal_basis=basis)
    data = form_data(as_root.get(url("procedureversion_change", draft.pk)))

    assert as_root.post(url("procedureversion_change", draft.pk), data).status_code == 302
    assert ProcedureVersion.objects.get(pk=draft.pk).legal_basis == basis
    assert json.loads(data["legal_basis"]) == basis


def test_a_channel_of_a_draft_can_be_added_inline(as_root, tree):
    draft = draft_of(tree["agency"])
    data = form_data(as_root.get(url("procedureversion_change", draft.pk))) | {
        "channels-TOTAL_FORMS": "2",
        "channels-1-kind": ChannelKind.IN_PERSON,
        "channels-1-duration_value": "5",
        "channels-1-duration_unit": "working_day",
    }

    response = as_root.post(url("procedureversion_change", draft.pk), data)

    assert response.status_code == 302
    assert set(Channel.objects.filter(version=draft).values_list("kind", flat=True)) == {
        ChannelKind.ONLINE,
        ChannelKind.IN_PERSON,
    }


def test_the_agency_autocomplete_offers_an_agency_admin_only_their_subtree(as_admin, tree):
    response = as_admin.get(
        reverse("admin:autocomplete"),
        {
            "term": "",
            "app_label": "procedures",
            "model_name": "procedureversion",
            "field_name": "implementing_agencies",
        },
    )

    assert response.status_code == 200
    ids = {int(item["id"]) for item in response.json()["results"]}
    assert ids == {tree["agency"].pk, tree["unit"].pk}


@pytest.mark.parametrize("model", ["procedureversion", "procedure", "agency", "membership"])
def test_the_changelists_run_a_fixed_number_of_queries(as_admin, tree, model):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert as_admin.get(url(f"{model}_changelist")).status_code == 200
        return len(queries)

    version_of(tree["unit"])
    Membership.objects.create(user=UserFactory(), agency=tree["unit"], role="specialist")
    few = count()
    for _ in range(5):
        version_of(tree["unit"])
        Membership.objects.create(user=UserFactory(), agency=tree["unit"], role="leader")
        # Same depth as the unit: walking the tree costs one query per level, not per agency.
        AgencyFactory(parent=tree["agency"], kind=AgencyKind.UNIT)

    assert count() == few


def test_granting_agency_admin_to_an_account_without_staff_access_warns(as_admin, tree):
    officer = UserFactory(username="chua-co-quyen")

    response = as_admin.post(
        url("membership_add"),
        {"user": officer.username, "agency": str(tree["unit"].pk), "role": "agency_admin"},
        follow=True,
    )

    assert any("chưa có quyền vào trang quản trị" in str(m) for m in response.context["messages"])


# --- The permission rules themselves ----------------------------------------------------------


def test_administered_agencies_are_the_whole_subtree_and_nothing_above(agency_admin, tree):
    grandchild = AgencyFactory(code="H92.01.01.01", parent=tree["unit"], kind=AgencyKind.UNIT)

    codes = set(permissions.administered_agencies(agency_admin).values_list("code", flat=True))

    assert codes == {"H92.01", "H92.01.01", grandchild.code}


def test_other_roles_and_inactive_accounts_administer_nothing(
    desk_officer, agency_admin, superuser, tree
):
    assert not permissions.administered_agencies(desk_officer).exists()
    assert permissions.administered_agencies(superuser).count() == 4
    agency_admin.is_active = False
    agency_admin.save()
    assert not permissions.administered_agencies(agency_admin).exists()
    assert not permissions.can_use_catalog_admin(agency_admin)


def test_can_manage_version_follows_the_implementing_agencies(agency_admin, superuser, tree):
    mine = version_of(tree["unit"])
    theirs = version_of(tree["other"])
    shared = version_of(tree["other"])
    shared.implementing_agencies.add(tree["agency"])

    assert permissions.can_manage_version(agency_admin, mine)
    assert permissions.can_manage_version(agency_admin, shared)
    assert not permissions.can_manage_version(agency_admin, theirs)
    assert permissions.can_manage_version(superuser, theirs)


def test_a_version_is_read_only_when_locked_or_in_force():
    assert not permissions.version_is_read_only(
        ProcedureVersion(pk=1, effective_from=TODAY, published_at=None)
    )
    in_force = ProcedureVersion(pk=1, effective_from=TODAY, published_at=timezone.now())
    assert permissions.version_is_read_only(in_force)
    later = ProcedureVersion(
        pk=1, effective_from=TODAY + datetime.timedelta(days=1), published_at=timezone.now()
    )
    assert not permissions.version_is_read_only(later)
    locked_draft = ProcedureVersion(pk=1, effective_from=TODAY, locked_at=timezone.now())
    assert permissions.version_is_read_only(locked_draft)
