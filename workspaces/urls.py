"""The officers' pages, all under `/ban-lam-viec/`, in the `workspaces` namespace."""

from .approval import pages as approval
from .consult import urls as consult
from .desk import pages as desk
from .home import urlpatterns as home
from .intake import pages as intake
from .work import pages as work

app_name = "workspaces"

urlpatterns = [
    *home,
    *desk.urlpatterns,
    *intake.urlpatterns,
    *work.urlpatterns,
    *consult.urlpatterns,
    *approval.urlpatterns,
]
