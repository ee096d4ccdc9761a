"""`core` is what every app builds on, so it must not reach back into any of them."""

from django.apps import apps
from django.core.management import get_commands

import academy.core
from tests.dependencies import imports_reaching

DOMAIN_APPS = ("academy.people", "academy.offers", "academy.evaluation", "academy.demo")


def test_core_imports_no_domain_app():
    assert imports_reaching(academy.core, DOMAIN_APPS) == set()


def test_the_demo_command_belongs_to_the_demo_app():
    assert get_commands()["demo"] == "academy.demo"
    assert apps.get_app_config("demo").name == "academy.demo"
