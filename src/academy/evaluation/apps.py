from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "academy.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation and impact"

    def ready(self) -> None:
        from academy.people.registry import register

        from . import retention
        from .personal_data import PERSONAL_DATA
        from .subjects import register_offer_subjects

        register(PERSONAL_DATA)
        register_offer_subjects()
        retention.register()
