"""Print an offer report's numbers as JSON, read from whatever database DATABASE_URL names.

`python -c "from tests.deploy.report_figures import main; main(offer_id, user_id)"`
"""

import json
from typing import Any


def numbers(value: Any, path: str = "") -> dict[str, float]:
    """Every number in a report, by where it sits: the figures a printed report shows."""
    found: dict[str, float] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            found.update(numbers(item, f"{path}.{key}"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.update(numbers(item, f"{path}[{index}]"))
    elif isinstance(value, int | float) and not isinstance(value, bool):
        found[path] = value
    return found


def report_numbers(offer_id: int, user_id: int) -> dict[str, float]:
    from django.contrib.auth import get_user_model

    from academy.evaluation import reports
    from academy.evaluation.api_reports import plain

    user = get_user_model().objects.get(pk=user_id)
    return numbers(plain(reports.offer_report(user=user, pk=offer_id)))


def main(offer_id: int, user_id: int) -> None:
    import django

    django.setup()
    print(json.dumps(report_numbers(offer_id, user_id), sort_keys=True))
