"""Background work: forming a large pool into sets. Tasks take ids, never model instances."""

from celery import shared_task


@shared_task(name="academy.learning_sets.tasks.formation_run_form")
def formation_run_form(run_id: int, work_limit: float = 2.0) -> str:
    from .services import formation_run_solve

    return formation_run_solve(run_id=run_id, work_limit=work_limit).status
