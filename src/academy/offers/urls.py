from django.urls import path

app_name = "offers"
urlpatterns: list = []
