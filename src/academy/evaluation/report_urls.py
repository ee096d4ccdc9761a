"""Impact dashboards, reports and the compiled suite. Included at the site root."""

from django.urls import path

from . import report_views as views

app_name = "reports"
urlpatterns = [
    path("impact/", views.dashboard, name="dashboard"),
    path("impact/systems/<int:ics_id>/", views.ics_dashboard, name="ics_dashboard"),
    path("impact/offers/<int:pk>/", views.offer_report, name="offer"),
    path("impact/offers/<int:pk>/report.pdf", views.offer_report, {"pdf": True}, name="offer_pdf"),
    path("impact/cohorts/<int:pk>/", views.cohort_report, name="cohort"),
    path("impact/cohorts/<int:pk>/report.pdf", views.cohort_report, {"pdf": True}, name="cohort_pdf"),
    path("impact/academies/<int:pk>/", views.period_report, name="period"),
    path("impact/academies/<int:pk>/report.pdf", views.period_report, {"pdf": True}, name="period_pdf"),
    path("impact/suite/", views.suite, name="suite"),
    path("impact/suite/report.pdf", views.suite_pdf, name="suite_pdf"),
]
