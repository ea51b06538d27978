"""Login lock-out (django-axes) for every login a person makes.

django-axes refuses an authentication without a request; programmatic ones (the test
client's `login`, management commands) have none and no one to lock out, so they fall
through to the model backend. Every login form and the API token endpoint pass the request.
"""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
