from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "academy.people"
    label = "people"
    verbose_name = "People and organisations"
