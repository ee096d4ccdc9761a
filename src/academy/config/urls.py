from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("academy.web.urls")),
    path("", include("academy.people.urls")),
    path("", include("academy.offers.urls")),
    path("", include("academy.evaluation.urls")),
    path("", include("academy.learning_sets.urls")),
    path("", include("academy.evaluation.report_urls")),
    path("api/", include("academy.api.urls")),
    path("admin/", admin.site.urls),
    path("oidc/", include("mozilla_django_oidc.urls")),
]

handler404 = "academy.web.views.not_found"
handler403 = "academy.web.views.forbidden"
handler500 = "academy.web.views.server_error"
