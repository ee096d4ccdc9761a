from django.apps import AppConfig


class LearningSetsConfig(AppConfig):
    name = "academy.learning_sets"
    label = "learning_sets"
    verbose_name = "Communities of practice and action learning sets"

    def ready(self) -> None:
        from academy.evaluation.reports import suite_pages_register
        from academy.evaluation.subjects import survey_subject_register
        from academy.people.registry import register

        from .models import LearningSet
        from .permissions import can_manage_set_surveys
        from .personal_data import PERSONAL_DATA
        from .reports import suite_pages
        from .retention import register as retention_register

        register(PERSONAL_DATA)
        retention_register()
        suite_pages_register(suite_pages)
        # A set's members are asked for feedback once it has met (services.set_feedback_send); the
        # academy's programme managers manage its surveys.
        survey_subject_register(
            LearningSet,
            label="action learning set",
            academy_of=lambda learning_set: learning_set.run.pool.academy,
            participants_of=lambda learning_set: [
                m.person for m in learning_set.members.select_related("person")
            ],
            may_manage=can_manage_set_surveys,
        )
