"""Background work for the hub: large matching runs. Tasks take ids, never model instances."""

from celery import shared_task


@shared_task(name="academy.coaching.tasks.matching_run_execute")
def matching_run_execute(run_id: int) -> int:
    from .matching_runs import run_execute

    return run_execute(run_id=run_id).pk
