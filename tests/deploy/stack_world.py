"""Data for the production stack test, written into its fresh database by the production settings.

Run as `python -c "from tests.deploy.stack_world import main; main()"`; prints one JSON line.
"""

import json


def main() -> None:
    import django

    django.setup()
    from tests.factories import CohortFactory, PersonFactory, SessionFactory

    cohort = CohortFactory(capacity=5, name="Stack cohort")
    SessionFactory(cohort=cohort)
    person = PersonFactory(
        user__username="ffion.stack@example.nhs.uk", user__first_name="Ffion", user__last_name="Stackhouse"
    )
    print(
        json.dumps(
            {
                "cohort": cohort.pk,
                "username": person.user.username,
                "password": "correct-horse-battery",
                "email": person.email,
                "names": [person.given_name, person.family_name],
            }
        )
    )
