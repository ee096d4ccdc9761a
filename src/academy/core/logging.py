"""Log lines as JSON objects, one a line, holding no personal data.

Messages are written by our code, which logs ids and error class names only (see core/outbox.py). What
the formatter adds is fixed: time, level, logger, message, and for gunicorn's access log the method,
path without its query string (a search can carry a name or an e-mail address there), status and
duration. Client addresses are left out.
"""

import datetime as dt
import json
import logging
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
        else:
            line["message"] = record.getMessage()
        if record.exc_info and record.exc_info[0] is not None:
            # The class and where it was raised; an exception's text can quote the data it failed on.
            line["error"] = record.exc_info[0].__name__
            line["traceback"] = self.formatException(record.exc_info).splitlines()[-3:-1]
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
