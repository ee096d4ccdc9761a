from django.urls import path

from . import views
from .views import measures, programmes, raci

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
    # --- systems OD programmes, measures and RACI (sysod)
    path("systems/programmes/", programmes.programme_list, name="programmes"),
    path("systems/programmes/new/", programmes.programme_new, name="programme_new"),
    path("systems/programmes/<int:pk>/", programmes.programme_detail, name="programme"),
    path("systems/programmes/<int:pk>/edit/", programmes.programme_edit, name="programme_edit"),
    path("systems/programmes/<int:pk>/print/", programmes.programme_print, name="programme_print"),
    path("systems/programmes/<int:pk>/publish/", programmes.programme_publish, name="programme_publish"),
    path("systems/programmes/<int:pk>/participants/new/", programmes.participant_new, name="participant_new"),
    path("systems/programmes/<int:pk>/diagnostics/new/", programmes.diagnostic_new, name="diagnostic_new"),
    path("systems/programmes/<int:pk>/profiles/new/", programmes.profile_new, name="profile_new"),
    path("systems/programmes/<int:pk>/workshops/new/", programmes.workshop_new, name="workshop_new"),
    path("systems/measures/", measures.measure_list, name="measures"),
    path("systems/measures/new/", measures.measure_new, name="measure_new"),
    path("systems/measures/<int:pk>/", measures.measure_detail, name="measure"),
    path("systems/measures/<int:pk>/points/new/", measures.point_new, name="point_new"),
    path("systems/measures/<int:pk>/publish/", measures.measure_publish, name="measure_publish"),
    path("systems/raci/", raci.raci_list, name="raci_list"),
    path("systems/raci/new/", raci.raci_new, name="raci_new"),
    path("systems/raci/<int:pk>/", raci.raci_detail, name="raci"),
    path("systems/raci/<int:pk>/print/", raci.raci_print, name="raci_print"),
    path("systems/raci/<int:pk>/activities/new/", raci.activity_new, name="raci_activity_new"),
    path("systems/raci/<int:pk>/publish/", raci.raci_publish, name="raci_publish"),
]
