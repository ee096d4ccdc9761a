from django.urls import path

from . import views

app_name = "learning_sets"
urlpatterns = [
    path("communities/", views.community_list, name="communities"),
    path("communities/<slug:slug>/", views.community_detail, name="community"),
    path("communities/<slug:slug>/join/", views.community_join, name="join"),
    path("communities/<slug:slug>/leave/", views.community_leave, name="leave"),
    path("communities/<slug:slug>/resources/new/", views.resource_new, name="resource_new"),
    path("communities/<slug:slug>/announce/", views.announcement_new, name="announce"),
    path("communities/<slug:slug>/figures/", views.community_figures, name="figures"),
    path("communities/<slug:slug>/report/", views.community_report, name="report"),
    path("communities/<slug:slug>/report.pdf", views.community_report, {"pdf": True}, name="report_pdf"),
    path("action-learning/<int:pk>/join/", views.pool_join, name="pool_join"),
    path("my-sets/", views.my_sets, name="my_sets"),
    path("my-sets/<int:pk>/", views.set_detail, name="set"),
    path("my-sets/<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("manage/action-learning/", views.pool_list, name="pools"),
    path("manage/action-learning/<int:pk>/", views.pool_manage, name="pool"),
    path("manage/action-learning/runs/<int:pk>/", views.run_review, name="run"),
    path("manage/action-learning/runs/<int:pk>/move/", views.run_move, name="run_move"),
    path("manage/action-learning/runs/<int:pk>/publish/", views.run_publish, name="run_publish"),
]
