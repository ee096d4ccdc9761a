from django.contrib import admin
from django.urls import include, path

from academy.core.health import health

# Prefixed routes first: Django tries patterns in order, and every app's pages below share the empty
# prefix, so an API request would otherwise be matched against each of them first (issue 17).
urlpatterns = [
    path("health/", health, name="health"),
    path("api/", include("academy.api.urls")),
    path("admin/", admin.site.urls),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("", include("academy.web.urls")),
    path("", include("academy.people.urls")),
    path("", include("academy.offers.urls")),
    path("", include("academy.evaluation.urls")),
    path("", include("academy.learning_sets.urls")),
    path("", include("academy.evaluation.report_urls")),
    path("", include("academy.coaching.urls")),
    path("", include("academy.validation.urls")),
    path("", include("academy.credentials.urls")),
    path("", include("academy.interchange.urls")),
    path("", include("academy.systems.urls")),
    path("", include("academy.feedback360.urls")),
]

handler404 = "academy.web.views.not_found"
handler403 = "academy.web.views.forbidden"
handler500 = "academy.web.views.server_error"
