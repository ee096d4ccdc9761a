"""`core` is what every app builds on, so it must not reach back into any of them."""

import ast
from pathlib import Path

from django.apps import apps
from django.core.management import get_commands

import academy.core

DOMAIN_APPS = ("academy.people", "academy.offers", "academy.evaluation", "academy.demo")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_imports_no_domain_app():
    core = Path(academy.core.__file__).parent
    reached = {
        f"{path.relative_to(core)}: {name}"
        for path in core.rglob("*.py")
        for name in _imports(path)
        if name.startswith(DOMAIN_APPS)
    }

    assert reached == set()


def test_the_demo_command_belongs_to_the_demo_app():
    assert get_commands()["demo"] == "academy.demo"
    assert apps.get_app_config("demo").name == "academy.demo"
