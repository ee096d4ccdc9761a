from django.urls import path
from django.views.generic import TemplateView

from academy.people.views import LogoutView

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),  # also revokes the person's API tokens
    path(
        "accessibility/", TemplateView.as_view(template_name="web/accessibility.html"), name="accessibility"
    ),
    path("privacy/", TemplateView.as_view(template_name="web/privacy.html"), name="privacy"),
    path("cookies/", TemplateView.as_view(template_name="web/cookies.html"), name="cookies"),
    path("developers/", TemplateView.as_view(template_name="web/developers.html"), name="developers"),
]
