from django.urls import path

from . import views

app_name = "validation"
urlpatterns = [
    path("validation/", views.home, name="home"),
    path("validation/cohorts/<int:pk>/interest/", views.interest, name="interest"),
    path("validation/routes/<int:pk>/", views.route_detail, name="route"),
    path("validation/routes/<int:pk>/reflect/", views.reflect, name="reflect"),
    path("validation/routes/<int:pk>/decide/", views.decide, name="decide"),
    path("validation/routes/<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("validation/milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
    path("validation/routes/<int:pk>/claim/<int:element_pk>/", views.entry, name="claim_entry"),
    path(
        "validation/routes/<int:pk>/claim/<int:element_pk>/evidence/", views.evidence_add, name="evidence_add"
    ),
    path("validation/routes/<int:pk>/submit/", views.claim_submit, name="claim_submit"),
    path("validation/evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("validation/routes/<int:pk>/review/", views.review, name="review"),
    path("validation/routes/<int:pk>/moderate/", views.moderate, name="moderate"),
    path("validation/routes/<int:pk>/interview/", views.interview, name="interview"),
    path("validation/routes/<int:pk>/decision/", views.decision, name="decision"),
    path("validation/manage/cohorts/new/", views.cohort_new, name="cohort_new"),
    path("validation/manage/cohorts/<int:pk>/", views.cohort_manage, name="cohort"),
    path("validation/manage/cohorts/<int:pk>/workshop/", views.workshop_sync, name="workshop_sync"),
    path("validation/manage/routes/<int:pk>/workshop/", views.workshop_record, name="workshop"),
    path("validation/manage/routes/<int:pk>/claim-version/", views.claim_version, name="claim_version"),
    path("validation/manage/routes/<int:pk>/supporter/", views.supporter, name="supporter"),
    path("validation/manage/routes/<int:pk>/panel/", views.panel_add, name="panel_add"),
    path("validation/frameworks/", views.framework_list, name="frameworks"),
    path("validation/frameworks/import/", views.framework_import, name="framework_import"),
    path("validation/frameworks/<int:pk>/", views.framework_detail, name="framework"),
    path("validation/frameworks/<int:pk>/mapping/", views.framework_mapping, name="mapping"),
    path("validation/pipeline/", views.pipeline, name="pipeline"),
]
