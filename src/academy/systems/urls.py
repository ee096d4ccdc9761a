from django.urls import path

from .views import measures, programmes, raci

app_name = "systems"
urlpatterns = [
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
    path("systems/raci/<int:pk>/activities/new/", raci.activity_new, name="activity_new"),
    path("systems/raci/<int:pk>/publish/", raci.raci_publish, name="raci_publish"),
]
