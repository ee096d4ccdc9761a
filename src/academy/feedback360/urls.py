from django.urls import path

from . import views

app_name = "feedback360"
urlpatterns = [
    path("360/", views.index, name="index"),
    path("360/new/", views.start, name="start"),
    path("360/<int:pk>/", views.detail, name="detail"),
    path("360/<int:pk>/self/", views.self_rate, name="self"),
    path("360/<int:pk>/raters/new/", views.invite, name="invite"),
    path("360/<int:pk>/close/", views.close, name="close"),
    path("360/<int:pk>/report/", views.report, name="report"),
    path("360/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("360/<int:pk>/report.csv", views.report_csv, name="report_csv"),
    path("360/<int:pk>/share/", views.share, name="share"),
    path("360/shares/<int:pk>/revoke/", views.share_revoke, name="share_revoke"),
    path("360/rate/<str:token>/", views.rate, name="rate"),
    path("360/rate/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("manage/360/", views.manage, name="manage"),
    path("manage/360/<int:pk>/", views.academy, name="academy"),
    path("manage/360/<int:pk>/settings/", views.settings_edit, name="settings"),
    path("manage/360/<int:pk>/statements/new/", views.statement_new, name="statement_new"),
]
