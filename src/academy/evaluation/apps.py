from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "academy.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation and impact"
