from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    # Answering: by the single-use link (no login), or from "my evaluations"
    path("evaluate/thank-you/", views.thanks, name="thanks"),
    path("evaluate/<str:token>/", views.evaluate, name="evaluate"),
    path("my-evaluations/", views.my_evaluations, name="my_evaluations"),
    path("my-evaluations/<int:survey_pk>/", views.my_evaluation_answer, name="my_evaluation_answer"),
    path("my-evaluations/goals/new/", views.goal_new, name="goal_new"),
    path("my-evaluations/goals/<int:pk>/rate/", views.goal_rate, name="goal_rate"),
    # Programme team
    path("manage/evaluations/", views.survey_list, name="survey_list"),
    path("manage/offers/<int:offer_pk>/evaluations/new/", views.survey_new, name="survey_new"),
    path("manage/evaluations/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("manage/evaluations/<int:pk>/send/", views.survey_send, name="survey_send"),
    path("manage/evaluations/<int:pk>/remind/", views.survey_remind, name="survey_remind"),
    path("manage/evaluations/<int:pk>/close/", views.survey_close, name="survey_close"),
    path("manage/evaluations/<int:pk>/import/", views.survey_import, name="survey_import"),
    path("manage/evaluations/<int:pk>/import/columns/", views.survey_import_map, name="survey_import_map"),
    path("manage/evaluations/<int:pk>/themes/new/", views.theme_set_new, name="theme_set_new"),
    path("manage/themes/<int:pk>/", views.theme_set_detail, name="theme_set"),
    path("manage/question-sets/", views.instrument_list, name="instrument_list"),
    path("manage/question-sets/new/", views.instrument_new, name="instrument_new"),
    path("manage/question-sets/<int:pk>/", views.instrument_detail, name="instrument_detail"),
    path("manage/question-sets/<int:pk>/publish/", views.instrument_publish, name="instrument_publish"),
    path(
        "manage/question-sets/<int:pk>/new-version/",
        views.instrument_new_version,
        name="instrument_new_version",
    ),
    # Figures: programme team, facilitators (own partner) and ICS OD leads (own system)
    path("impact/evaluations/", views.figures_index, name="figures_index"),
    path("impact/evaluations/<int:pk>/", views.survey_figures, name="survey_figures"),
    path("impact/offers/<int:pk>/figures/", views.offer_figures, name="offer_figures"),
    path("impact/cohorts/<int:pk>/figures/", views.cohort_figures, name="cohort_figures"),
]
