from django.urls import path, re_path

from . import views

app_name = "citizens"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("sua/", views.profile_edit, name="profile_edit"),
    path("dang-ky/", views.sign_up_choice, name="sign_up"),
    re_path(r"^dang-ky/(?P<kind>ca-nhan|to-chuc)/$", views.sign_up, name="sign_up_form"),
    path("xac-minh/", views.verify, name="verify"),
    path("xac-minh/gui-lai/", views.resend_code, name="resend_code"),
    path("xac-minh/gui-sms/", views.send_sms_code, name="send_sms_code"),
    path("giay-to/", views.documents_list, name="documents"),
    path("giay-to/them/", views.document_add, name="document_add"),
    path("giay-to/<str:document_id>/tai-ve/", views.document_download, name="document_download"),
    path("giay-to/<str:document_id>/xoa/", views.document_delete, name="document_delete"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("mat-khau/doi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("mat-khau/quen/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mat-khau/quen/da-gui/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mat-khau/dat-lai/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mat-khau/dat-lai/xong/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("dia-gioi/<int:province_code>/xa/", views.wards, name="wards"),
]
