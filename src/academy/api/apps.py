from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "academy.api"
    label = "api"
    verbose_name = "API"
