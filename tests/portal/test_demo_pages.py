"""What `make run` shows: the demo catalog and accounts with a month of fabricated dossiers.
Every account opens its pages and the dossiers they link to, and nothing answers an error.

Fabricated histories take paths the unit tests' hand-built dossiers do not (reschedules, second
requests, postal returns, stopped dossiers), so this walks the pages over them as people would.
"""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from dossiers.generate import generate_dossiers
from dossiers.models import Dossier
from dossiers.states import State
from portal.models import User
from procedures.calendar import LOCAL_TZ
from procedures.demo.seed import seed_demo

# Wednesday 11 March 2026, 10:00 in Việt Nam: a working day.
NOW = datetime.datetime(2026, 3, 11, 10, 0, tzinfo=LOCAL_TZ)
DOSSIER_LINK = re.compile(
    r'href="(/ban-lam-viec/(?:mot-cua|xu-ly|phe-duyet)/[0-9a-f-]{36}/|/ho-so/cua-toi/[0-9a-f-]{36}/)"'
)
TAB_LINK = re.compile(r'href="(\?nhom=[^"]+)"')
STAFF = ("officer", "specialist", "head", "leader")


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def demo(db):
    seed_demo(password="x")
    generate_dossiers(
        count=400,
        seed=2026,
        since=timezone.localdate() - datetime.timedelta(days=30),
        progress=False,
    )


def visit(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def officer_walks_through(client, user):
    """The officer's home, each workspace and its tabs, and a dozen of the dossiers listed."""
    client.force_login(user)
    home = visit(client, "/ban-lam-viec/")
    spaces = re.findall(r'href="(/ban-lam-viec/[a-z-]+/)"', home)
    assert spaces, home
    dossiers = []
    for space in spaces:
        page = visit(client, space)
        for tab in sorted(set(TAB_LINK.findall(page))):
            page += visit(client, space + tab.replace("&amp;", "&"))
        dossiers += DOSSIER_LINK.findall(page)
    assert dossiers, f"{user.username} has no dossier to open"
    for url in sorted(set(dossiers))[:12]:
        visit(client, url)


def applicant_walks_through(client, dossier):
    client.force_login(dossier.applicant)
    assert dossier.code in visit(client, "/ho-so/cua-toi/")
    visit(client, f"/ho-so/cua-toi/{dossier.pk}/")
    if dossier.state == State.RETURNED:
        visit(client, f"/ho-so/cua-toi/{dossier.pk}/danh-gia/")
    else:
        visit(client, f"/ho-so/cua-toi/{dossier.pk}/bo-sung/")


def test_every_demo_account_opens_its_pages_over_a_month_of_dossiers(client, demo):
    for username in STAFF:
        officer_walks_through(client, User.objects.get(username=username))
    mine = Dossier.objects.filter(applicant__isnull=False)
    returned = mine.filter(state=State.RETURNED).first()
    waiting = mine.filter(
        state__in=[State.SUPPLEMENT_REQUESTED, State.COMPLETION_REQUESTED]
    ).first()
    assert returned is not None and waiting is not None
    for dossier in (returned, waiting):
        applicant_walks_through(client, dossier)
