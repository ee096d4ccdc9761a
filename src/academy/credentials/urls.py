from django.urls import path

from . import views

app_name = "credentials"
urlpatterns = [
    path(".well-known/did.json", views.site_did, name="site_did"),
    path("credentials/jwks.json", views.jwks, name="jwks"),
    path("credentials/issuers/<slug:slug>/did.json", views.academy_did, name="academy_did"),
    path("credentials/status/<int:pk>/", views.status_list, name="status_list"),
    path("credentials/verify/", views.verify, name="verify"),
    path("credentials/mine/", views.my_certificates, name="mine"),
    path("credentials/<uuid:pk>/", views.credential_page, name="credential"),
    path("credentials/<uuid:pk>/credential.jwt", views.download_jwt, name="download_jwt"),
    path("credentials/<uuid:pk>/credential.json", views.download_json, name="download_json"),
    path("credentials/<uuid:pk>/certificate.pdf", views.download_pdf, name="download_pdf"),
    path("credentials/<uuid:pk>/revoke/", views.change_status, {"action": "revoke"}, name="revoke"),
    path("credentials/<uuid:pk>/suspend/", views.change_status, {"action": "suspend"}, name="suspend"),
    path("credentials/<uuid:pk>/reinstate/", views.change_status, {"action": "reinstate"}, name="reinstate"),
]
