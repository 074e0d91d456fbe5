from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.forms import AdminSignInForm, SignInForm
from reports.monitoring import home as home_views
from units import two_factor
from units.views import AccountSetPasswordView

urlpatterns = [
    path("", home_views.home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("dang-nhap/ma-xac-thuc/", two_factor.two_factor_verify, name="two_factor_verify"),
    path("xac-thuc-hai-buoc/", two_factor.two_factor_enrol, name="two_factor_enrol"),
    # The one-time link a Department administrator hands over (units.accounts).
    path(
        "dat-mat-khau/<uidb64>/<token>/",
        AccountSetPasswordView.as_view(),
        name="account_set_password",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("van-ban/", include("directives.urls")),
    path("don-vi/", include("units.urls")),
    path("", include("reports.urls")),
    path("quan-tri/", admin.site.urls),
]

admin.site.site_header = "Theo dõi thực hiện văn bản chỉ đạo"
admin.site.site_title = "Quản trị"
admin.site.login_form = AdminSignInForm
