from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "academy.people"
    label = "people"
    verbose_name = "People and organisations"

    def ready(self) -> None:
        from .registry import Link, PersonalData, register

        # People's own rows are exported and anonymised by people.services itself; these are its links.
        register(
            PersonalData(
                app="people",
                links={
                    "people.Person.line_manager": Link(
                        theirs=False, why="the rows are the people they manage; only the link points here"
                    ),
                    "people.EqualityRecord.person": Link(why="deleted when the person is anonymised"),
                },
            )
        )
