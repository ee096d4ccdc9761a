"""Production log lines are JSON objects and carry no query strings, client addresses or error texts."""

import json
import logging
import sys

from academy.core.logging import JsonFormatter


def record(name: str, message: str, args: object = None, exc_info: object = None) -> logging.LogRecord:
    return logging.LogRecord(name, logging.INFO, __file__, 1, message, args, exc_info)  # type: ignore[arg-type]


def test_an_access_line_keeps_method_path_status_and_duration_only() -> None:
    atoms = {
        "m": "GET",
        "U": "/people/choose/",
        "q": "email=ffion.jones@example.nhs.uk",
        "r": "GET /people/choose/?email=ffion.jones@example.nhs.uk HTTP/1.1",
        "h": "10.1.2.3",
        "s": "200",
        "M": "12",
        "B": "512",
    }
    line = JsonFormatter().format(record("gunicorn.access", "%(r)s", atoms))

    assert json.loads(line) | {"time": "t"} == {
        "time": "t",
        "level": "INFO",
        "logger": "gunicorn.access",
        "message": "request",
        "method": "GET",
        "path": "/people/choose/",
        "status": 200,
        "duration_ms": 12,
        "bytes": 512,
    }
    assert "ffion" not in line and "10.1.2.3" not in line


def test_an_error_names_its_class_but_not_its_text() -> None:
    try:
        raise ValueError("no account for ffion.jones@example.nhs.uk")
    except ValueError:
        line = JsonFormatter().format(record("academy", "import %s failed", (7,), sys.exc_info()))

    logged = json.loads(line)
    assert logged["message"] == "import 7 failed"
    assert logged["error"] == "ValueError"
    assert logged["where"].endswith(" in test_an_error_names_its_class_but_not_its_text")
    assert "ffion" not in line


def test_a_failed_task_is_named_without_the_exceptions_text() -> None:
    try:
        raise LookupError("ffion.jones@example.nhs.uk refused")
    except LookupError as error:
        args = {
            "name": "academy.core.tasks.outbox_deliver",
            "id": "abc",
            "description": "raised unexpected",
            "exc": repr(error),
            "args": "[12]",
            "kwargs": "{}",
        }
        line = JsonFormatter().format(
            record("celery.app.trace", "Task %(name)s[%(id)s] %(description)s: %(exc)s", args, sys.exc_info())
        )

    logged = json.loads(line)
    assert logged["message"] == "Task academy.core.tasks.outbox_deliver[abc] raised unexpected"
    assert logged["error"] == "LookupError"
    assert "ffion" not in line
