from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "academy.reporting"
    label = "reporting"
    verbose_name = "Reporting"
