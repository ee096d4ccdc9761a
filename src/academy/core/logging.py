"""Log lines as JSON objects, one a line, holding no personal data.

Messages are written by our code, which logs ids and error class names only (see core/outbox.py). What
the formatter adds is fixed: time, level, logger, message, and for gunicorn's access log the method,
path without its query string (a search can carry a name or an e-mail address there), status and
duration. Client addresses are left out.
"""

import datetime as dt
import json
import logging
import traceback
from typing import Any

ACCESS_ATOMS = {"m": "method", "U": "path", "s": "status", "M": "duration_ms", "B": "bytes"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            atoms = record.args
            line["message"] = "request"
            for atom, name in ACCESS_ATOMS.items():
                value = atoms.get(atom)
                line[name] = int(value) if isinstance(value, str) and value.isdigit() else value
        elif record.name == "celery.app.trace" and isinstance(record.args, dict) and "exc" in record.args:
            # A failed task: Celery's line ends with the exception's text, which can quote data; name the
            # task and what happened instead (the class is in "error" below).
            task = record.args
            line["message"] = f"Task {task.get('name')}[{task.get('id')}] {task.get('description', 'failed')}"
        else:
            line["message"] = record.getMessage()
        if record.exc_info and record.exc_info[0] is not None:
            # The class and where it was raised; an exception's text can quote the data it failed on.
            line["error"] = record.exc_info[0].__name__
            frames = traceback.extract_tb(record.exc_info[2])
            if frames:
                line["where"] = f"{frames[-1].filename}:{frames[-1].lineno} in {frames[-1].name}"
        return json.dumps(line, ensure_ascii=False, default=str)


def json_logging(level: str) -> dict[str, Any]:
    """The LOGGING setting for production: everything to standard error as JSON lines."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "academy.core.logging.JsonFormatter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
            "gunicorn.error": {"handlers": ["console"], "level": level, "propagate": False},
            "gunicorn.access": {"handlers": ["console"], "level": level, "propagate": False},
        },
    }
