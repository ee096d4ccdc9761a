from django.urls import path

from . import setup_views, views

app_name = "coaching"
urlpatterns = [
    path("coaching/", views.home, name="home"),
    path("coaching/profile/", views.profile_edit, name="profile_edit"),
    path("coaching/requests/new/", views.request_new, name="request_new"),
    path("coaching/requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("coaching/requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("coaching/requests/<int:pk>/choose/", views.shortlist_choose, name="shortlist_choose"),
    path("coaching/requests/<int:pk>/browse/", views.browse, name="browse"),
    path("coaching/relationships/<int:pk>/", views.relationship_detail, name="relationship_detail"),
    path("coaching/relationships/<int:pk>/respond/", views.relationship_respond, name="relationship_respond"),
    path(
        "coaching/relationships/<int:pk>/contract/", views.relationship_contract, name="relationship_contract"
    ),
    path("coaching/relationships/<int:pk>/sessions/new/", views.session_new, name="session_new"),
    path("coaching/relationships/<int:pk>/goals/new/", views.goal_new, name="goal_new"),
    path("coaching/relationships/<int:pk>/goals/<int:goal_pk>/rate/", views.goal_rate, name="goal_rate"),
    path("coaching/relationships/<int:pk>/close/", views.relationship_close, name="relationship_close"),
    path("coaching/hub/", views.hub, name="hub"),
    path("coaching/hub/figures/", views.hub_figures, name="hub_figures"),
    path("coaching/hub/weights/", views.hub_weights, name="hub_weights"),
    path("coaching/hub/profiles/<int:pk>/verify/", views.profile_verify, name="profile_verify"),
    path("coaching/hub/runs/new/", views.run_new, name="run_new"),
    path("coaching/hub/runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("coaching/hub/runs/<int:pk>/review/", views.run_review, name="run_review"),
    path("coaching/hub/runs/<int:pk>/publish/", views.run_publish, name="run_publish"),
]
urlpatterns += [
    path("coaching/hub/programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("coaching/hub/team-journeys/<int:pk>/", views.team_journey_detail, name="team_journey_detail"),
]
urlpatterns += [
    path("coaching/exclusions/", views.exclusions, name="exclusions"),
    path("coaching/exclusions/<int:pk>/remove/", views.exclusion_remove, name="exclusion_remove"),
]
# The hub's administrators set up commissioned programmes and team coaching journeys (setup_views.py)
urlpatterns += [
    path("coaching/hub/programmes/new/", setup_views.programme_new, name="programme_new"),
    path(
        "coaching/hub/programmes/<int:pk>/people/new/",
        setup_views.programme_participant_new,
        name="programme_participant_new",
    ),
    path(
        "coaching/hub/programmes/<int:pk>/people/<int:place_pk>/sessions/new/",
        setup_views.programme_session_new,
        name="programme_session_new",
    ),
    path(
        "coaching/hub/programmes/<int:pk>/people/<int:place_pk>/goals/new/",
        setup_views.programme_goal_new,
        name="programme_goal_new",
    ),
    path(
        "coaching/hub/programmes/<int:pk>/people/<int:place_pk>/goals/<int:goal_pk>/rate/",
        setup_views.programme_goal_rate,
        name="programme_goal_rate",
    ),
    path("coaching/hub/team-journeys/new/", setup_views.team_journey_new, name="team_journey_new"),
    path(
        "coaching/hub/team-journeys/<int:pk>/people/new/",
        setup_views.team_journey_member_new,
        name="team_journey_member_new",
    ),
    path(
        "coaching/hub/team-journeys/<int:pk>/phase/",
        setup_views.team_journey_phase_new,
        name="team_journey_phase",
    ),
    path(
        "coaching/hub/team-journeys/<int:pk>/sessions/",
        setup_views.team_journey_sessions,
        name="team_journey_sessions",
    ),
    path(
        "coaching/hub/team-journeys/<int:pk>/feedback/",
        setup_views.team_journey_feedback,
        name="team_journey_feedback",
    ),
]
