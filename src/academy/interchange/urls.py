from django.urls import path

from . import views

app_name = "interchange"
urlpatterns = [
    path("interchange/", views.home, name="home"),
    path("interchange/opportunities/", views.opportunity_list, name="opportunities"),
    path("interchange/opportunities/new/", views.opportunity_new, name="opportunity_new"),
    path("interchange/opportunities/<int:pk>/", views.opportunity_detail, name="opportunity"),
    path("interchange/opportunities/<int:pk>/edit/", views.opportunity_edit, name="opportunity_edit"),
    path("interchange/opportunities/<int:pk>/ask/", views.opportunity_ask, name="ask"),
    path("interchange/requests/new/", views.request_new, name="request_new"),
    path("interchange/requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("interchange/arrangements/<int:pk>/", views.arrangement_detail, name="arrangement"),
    path("interchange/arrangements/<int:pk>/manager/", views.arrangement_manager, name="manager"),
    path("interchange/arrangements/<int:pk>/complete/", views.arrangement_complete, name="complete"),
    path("interchange/arrangements/<int:pk>/cancel/", views.arrangement_cancel, name="cancel"),
    path("interchange/arrangements/<int:pk>/reflect/", views.arrangement_reflect, name="reflect"),
    path("interchange/manage/", views.manage_list, name="manage_list"),
    path("interchange/manage/<int:academy_id>/", views.manage, name="manage"),
    path("interchange/manage/<int:academy_id>/runs/", views.run_start, name="run_start"),
    path("interchange/manage/<int:academy_id>/figures/", views.figures, name="figures"),
    path("interchange/runs/<int:pk>/", views.run_review, name="run"),
    path("interchange/runs/<int:pk>/publish/", views.run_publish, name="run_publish"),
]
