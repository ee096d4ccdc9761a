from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "academy.offers"
    label = "offers"
    verbose_name = "Offers and delivery"

    def ready(self) -> None:
        from academy.people.registry import register

        from . import retention
        from .personal_data import PERSONAL_DATA

        register(PERSONAL_DATA)
        retention.register()
