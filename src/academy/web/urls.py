from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import TemplateView

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accessibility/", TemplateView.as_view(template_name="web/accessibility.html"), name="accessibility"
    ),
    path("privacy/", TemplateView.as_view(template_name="web/privacy.html"), name="privacy"),
    path("cookies/", TemplateView.as_view(template_name="web/cookies.html"), name="cookies"),
    path("developers/", TemplateView.as_view(template_name="web/developers.html"), name="developers"),
]
