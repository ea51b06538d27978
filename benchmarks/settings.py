"""Settings for benchmarks: the portal's own, plus a bare JSON view (benchmarks/urls.py).

Static files are served without a collectstatic manifest, so that error pages render in a
throw-away run.
"""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
