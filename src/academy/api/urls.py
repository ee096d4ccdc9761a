"""One router for every capability's viewsets; each app registers its own in api.py."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from academy.coaching.api import register as register_coaching
from academy.credentials.api import register as register_credentials
from academy.evaluation import api_reports
from academy.evaluation.api import register as register_evaluation
from academy.feedback360.api import register as register_feedback360
from academy.interchange.api import register as register_interchange
from academy.learning_sets.api import register as register_learning_sets
from academy.offers.api import register as register_offers
from academy.people.api import register as register_people
from academy.systems.api import register as register_systems
from academy.validation.api import register as register_validation

from .views import ObtainTokenView, RevokeTokensView

router = DefaultRouter()
# No ".json" twin of every route: the OpenAPI schema never offered them (`?format=` still works), and they
# doubled the patterns every API request is matched against (issue 17).
router.include_format_suffixes = False
# The systems app's routes (/systems/programmes/, /systems/plans/, ...) go before people's /systems/<pk>/
# (the ICSs), which would otherwise take "programmes" for an ICS id.
register_systems(router)
register_people(router)
register_offers(router)
register_evaluation(router)
register_coaching(router)
register_learning_sets(router)
register_validation(router)
register_credentials(router)
register_interchange(router)
register_feedback360(router)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/", include(api_reports.urlpatterns)),
    path("v1/auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("v1/auth/token/revoke/", RevokeTokensView.as_view(), name="api-token-revoke"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file, so the page needs no inline script.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
]
