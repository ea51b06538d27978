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

# Counted first, so that every query of the request (sessions, authentication) is in it.
MIDDLEWARE = ["benchmarks.middleware.CountQueries", *MIDDLEWARE]  # noqa: F405
# The load comes from one address: the public lookups' per-address limits would answer 429.
PORTAL_TRACK_RATE_PER_IP_MINUTE = 10**9
PORTAL_TRACK_RATE_PER_CODE_HOUR = 10**9
