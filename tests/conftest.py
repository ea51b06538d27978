import pytest
from django.conf import settings
from django.utils import translation

from notifications import sms
from tests.factories import PASSWORD, AgencyFactory, MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploaded and imported files go to a per-test folder; passwords hash fast (the real
    hashers are Django's, tested by Django)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_not_eager():
    """Tasks go to the broker unless a test asks for them in-process. Celery copies its
    settings once, from Django's settings as they are at first use: a test that made tasks
    eager then must not leave them so for the next."""
    from portal.celery import app

    app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _sms_to_outbox(settings):
    """Text messages go to `notifications.sms.outbox`, emptied before each test."""
    settings.PORTAL_SMS_BACKEND = "notifications.sms.LocmemBackend"
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def _vietnamese_first():
    """Every test starts in the site's language; a request in English must not leak into the
    next test (LocaleMiddleware leaves the thread's language active)."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _own_tracking_views(monkeypatch):
    """Cached tracking views are keyed by dossier code, and codes repeat from one test to the
    next (the database is rolled back, the cache is not): each test reads and writes its own."""
    import uuid

    from dossiers import tracking

    monkeypatch.setattr(tracking, "NAMESPACE", uuid.uuid4().hex)


@pytest.fixture(autouse=True)
def _own_procedure_pages(monkeypatch):
    """Kept procedure pages are keyed by version id, and ids repeat from one test to the next
    (SQLite reuses them after a rollback; the cache outlives it): each test keeps its own."""
    import uuid

    from procedures import kept

    monkeypatch.setattr(kept, "NAMESPACE", uuid.uuid4().hex)


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def citizen(db):
    return UserFactory(username="citizen-a")


@pytest.fixture
def other_citizen(db):
    return UserFactory(username="citizen-b")


@pytest.fixture
def agency(db):
    return AgencyFactory(code="H92.01", name="Ủy ban nhân dân phường Ninh Kiều")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(code="H92.02", name="Ủy ban nhân dân phường Cái Khế")


@pytest.fixture
def desk_officer(agency):
    return MembershipFactory(agency=agency, role="desk_officer", user__username="officer-a").user


@pytest.fixture
def agency_admin(agency):
    user = MembershipFactory(agency=agency, role="agency_admin", user__username="agency-admin").user
    user.is_staff = True
    user.save()
    return user
