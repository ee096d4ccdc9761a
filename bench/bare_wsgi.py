"""The anchor: a bare Django view with no middleware, no database and no templates, served by the same
gunicorn settings as the application (bench/run.py). Every page's throughput is reported as a share of
this view's, measured in the same run, so that a busy machine cannot fake a gain or a loss (issue 17)."""

from django.conf import settings

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    SECRET_KEY="bench-bare-view-only",  # noqa: S106 - serves one fixed string on loopback
    DATABASES={},
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hello from a bare Django view.\n", content_type="text/plain; charset=utf-8")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
