from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("me/", views.me, name="me"),
    path("me/edit/", views.me_edit, name="me_edit"),
    path("me/equality/", views.equality, name="equality"),
    path("me/export/", views.export, name="export"),
    path("me/tokens/revoke/", views.tokens_revoke, name="tokens_revoke"),
]
