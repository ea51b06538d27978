"""The catalog admin's declaration forms: a component's page edits its form as JSON, refuses a
broken definition naming the place, previews it as the applicant will see it (and follows it
as it is typed), and is read-only once the version is locked; others cannot reach it."""

import copy
import datetime
import json
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import ComponentFactory, VersionFactory
from tests.procedures.test_admin import fast_passwords, frozen_time, login  # noqa: F401 (fixtures)

FORMS = Path(__file__).resolve().parents[2] / "procedures" / "demo" / "forms"
BIRTH = json.loads((FORMS / "khai-sinh.json").read_text("utf-8"))


@pytest.fixture
def component(agency):
    version = VersionFactory(draft=True, effective_from=datetime.date(2026, 3, 1))
    version.implementing_agencies.set([agency])
    return ComponentFactory(version=version, name="Tờ khai đăng ký khai sinh", form=BIRTH)


def change(component):
    return reverse("admin:procedures_component_change", args=[component.pk])


def preview(component):
    return reverse("admin:procedures_component_preview", args=[component.pk])


def test_the_component_page_shows_the_form_and_its_preview(
    client, agency_admin, password, component
):
    login(client, agency_admin, password)

    response = client.get(change(component))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Trang 1: Người yêu cầu" in html and "Trang 3: Cha, mẹ của trẻ" in html
    assert 'value="Nguyễn Minh Khôi"' in html  # the example answers fill the preview
    assert "procedures/form_preview.js" in html


def test_the_preview_follows_what_is_typed_and_names_problems(
    client, agency_admin, password, component
):
    login(client, agency_admin, password)
    changed = copy.deepcopy(BIRTH)
    changed["pages"][0]["title"] = "Người đi khai sinh"

    good = client.post(preview(component), json.dumps(changed), content_type="application/json")
    broken = client.post(preview(component), "{not json", content_type="application/json")
    changed["pages"][1]["sections"][0]["fields"][2]["kind"] = "signature"
    wrong = client.post(preview(component), json.dumps(changed), content_type="application/json")

    assert good.status_code == 200 and "Trang 1: Người đi khai sinh" in good.content.decode()
    assert "JSON không hợp lệ" in broken.content.decode()
    assert "pages[1].sections[0].fields[2].kind" in wrong.content.decode()
    assert client.get(preview(component)).status_code == 405


def test_a_broken_definition_is_refused_on_save_and_a_good_one_kept(
    client, agency_admin, password, component
):
    login(client, agency_admin, password)
    broken = copy.deepcopy(BIRTH)
    del broken["pages"][1]["sections"][0]["fields"][2]["options"]

    refused = client.post(change(component), {"name": component.name, "form": json.dumps(broken)})
    assert refused.status_code == 200
    assert "pages[1].sections[0].fields[2]" in refused.content.decode()
    component.refresh_from_db()
    assert component.form == BIRTH

    better = copy.deepcopy(BIRTH)
    better["title"] = "Tờ khai đăng ký khai sinh (sửa)"
    saved = client.post(change(component), {"name": component.name, "form": json.dumps(better)})
    assert saved.status_code == 302
    component.refresh_from_db()
    assert component.form["title"] == "Tờ khai đăng ký khai sinh (sửa)"


def test_a_locked_version_s_form_is_read_only(client, agency_admin, password, component):
    locked = datetime.datetime(2026, 1, 9, tzinfo=datetime.UTC)  # a dossier pinned it
    type(component.version).objects.filter(pk=component.version.pk).update(locked_at=locked)
    login(client, agency_admin, password)
    changed = copy.deepcopy(BIRTH)
    changed["title"] = "Đổi"

    page = client.get(change(component))
    post = client.post(change(component), {"name": component.name, "form": json.dumps(changed)})

    assert page.status_code == 200 and 'name="form"' not in page.content.decode()
    assert post.status_code == 403
    component.refresh_from_db()
    assert component.form["title"] == "Tờ khai đăng ký khai sinh"


def test_others_cannot_reach_a_component_or_its_preview(
    client, desk_officer, password, component, other_agency
):
    desk_officer.is_staff = True
    desk_officer.save()
    login(client, desk_officer, password)

    assert client.get(change(component)).status_code in (302, 403, 404)
    response = client.post(preview(component), json.dumps(BIRTH), content_type="application/json")
    assert response.status_code in (302, 403, 404)
