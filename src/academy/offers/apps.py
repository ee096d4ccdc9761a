from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "academy.offers"
    label = "offers"
    verbose_name = "Offers and delivery"
