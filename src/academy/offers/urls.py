from django.urls import path

from . import views

app_name = "offers"
urlpatterns = [
    # Participants
    path("offers/", views.catalogue, name="catalogue"),
    path("offers/<slug:slug>/", views.offer_detail, name="offer_detail"),
    path("offers/<slug:slug>/cohorts/<int:cohort_id>/book/", views.book, name="book"),
    path("my-learning/", views.my_learning, name="my_learning"),
    path("my-learning/calendar/", views.calendar_link, name="calendar_link"),
    path("my-learning/bookings/<int:pk>/", views.booking_detail, name="booking_detail"),
    path("my-learning/bookings/<int:pk>/done/", views.booking_done, name="booking_done"),
    path("my-learning/bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("my-learning/bookings/<int:pk>/project/", views.project_submit, name="project_submit"),
    path("my-learning/bookings/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path(
        "my-learning/bookings/<int:pk>/sessions/<int:session_id>/invitation.ics",
        views.session_ics,
        name="session_ics",
    ),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    # Sponsors
    path("sponsor/", views.sponsor_list, name="sponsor_list"),
    path("sponsor/applications/<int:pk>/", views.sponsor_decide, name="sponsor_decide"),
    # Programme team and facilitators
    path("manage/", views.manage_dashboard, name="manage"),
    path("manage/offers/new/", views.offer_new, name="offer_new"),
    path("manage/offers/<int:pk>/", views.manage_offer, name="manage_offer"),
    path("manage/offers/<int:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("manage/offers/<int:pk>/cohorts/new/", views.cohort_new, name="cohort_new"),
    path("manage/cohorts/<int:pk>/", views.manage_cohort, name="manage_cohort"),
    path("manage/cohorts/<int:pk>/edit/", views.cohort_edit, name="cohort_edit"),
    path("manage/cohorts/<int:pk>/sessions/new/", views.session_new, name="session_new"),
    path(
        "manage/cohorts/<int:cohort_pk>/bookings/<int:pk>/cancel/",
        views.manage_booking_cancel,
        name="manage_booking_cancel",
    ),
    path(
        "manage/cohorts/<int:cohort_pk>/applications/<int:pk>/",
        views.application_decide,
        name="application_decide",
    ),
    path(
        "manage/cohorts/<int:cohort_pk>/adjustments/<int:pk>/",
        views.adjustment_respond,
        name="adjustment_respond",
    ),
    path("manage/cohorts/<int:pk>/delegates.<str:fmt>", views.delegates_export, name="delegates_export"),
    path("manage/cohorts/<int:pk>/register.pdf", views.register_print, name="register_print"),
    path("manage/cohorts/<int:pk>/email/", views.cohort_email, name="cohort_email"),
    path("manage/cohorts/<int:pk>/delegates/new/", views.delegate_add, name="delegate_add"),
    path("manage/sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("manage/sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
]
