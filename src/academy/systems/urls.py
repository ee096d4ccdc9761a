from django.urls import path

from . import views

app_name = "systems"
urlpatterns = [
    # plans and charters
    path("systems/", views.landing, name="landing"),
    path("systems/plans/new/", views.plan_new, name="plan_new"),
    path("systems/plans/<int:pk>/", views.plan_detail, name="plan"),
    path("systems/plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("systems/plans/<int:pk>/pillars/new/", views.pillar_new, name="pillar_new"),
    path("systems/plans/<int:pk>/workstreams/new/", views.workstream_new, name="workstream_new"),
    path("systems/plans/<int:pk>/activities/new/", views.activity_new, name="activity_new"),
    path("systems/plans/<int:pk>/activities/<int:activity_pk>/", views.activity_edit, name="activity_edit"),
    path("systems/plans/<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("systems/plans/<int:pk>/review/", views.plan_review, name="plan_review"),
    path("systems/plans/<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
    path("systems/plans/<int:pk>/versions/<int:number>/changes/", views.plan_changes, name="changes"),
    path("systems/plans/<int:pk>/versions/<int:number>/<slug:kind>/", views.plan_print, name="print"),
    path(
        "systems/plans/<int:pk>/versions/<int:number>/<slug:kind>.pdf",
        views.plan_print,
        {"pdf": True},
        name="print_pdf",
    ),
    path("systems/charters/new/", views.charter_new, name="charter_new"),
    path("systems/charters/<int:pk>/", views.charter_detail, name="charter"),
    path("systems/charters/<int:pk>/edit/", views.charter_edit, name="charter_edit"),
    path("systems/charters/<int:pk>/publish/", views.charter_publish, name="charter_publish"),
    path("systems/charters/<int:pk>/sign/", views.charter_sign, name="charter_sign"),
    path("systems/charters/<int:pk>/review/", views.charter_review, name="charter_review"),
    # end of plans and charters
]
