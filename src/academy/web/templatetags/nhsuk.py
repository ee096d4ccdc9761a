"""Template filters for NHS.UK style dates and times, and error messages that name their field."""

import re
from typing import Any

from django import forms, template

from academy.core.dates import long_date, short_time

register = template.Library()
register.filter("long_date", long_date)
register.filter("short_time", short_time)

_TOO_LONG = re.compile(r"^Ensure this value has at most (\d+) characters")


def _named(label: str) -> str:
    """The label as it reads inside a sentence: "Start date" -> "start date", "ICS" stays "ICS"."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def named_error(field: Any, message: str) -> str:
    """Django's generic messages ("This field is required.") rewritten to say which field and what to
    do, as the NHS.UK error message pattern asks; a form's own specific messages are kept."""
    label = str(field.label or field.name)
    widget = field.field.widget
    choose = isinstance(field.field, forms.ChoiceField | forms.BooleanField) or isinstance(
        widget, forms.Select | forms.RadioSelect | forms.CheckboxInput | forms.CheckboxSelectMultiple
    )
    text = str(message)
    if text == "This field is required.":
        return f"{'Select' if choose else 'Enter'} {_named(label)}"
    if text == "Enter a valid date.":
        return f"{label} must be a real date, like 21 6 2027"
    if text.startswith("Enter a valid date/time") or text.startswith("Enter a valid time"):
        return f"{label} must be a real time, like 14:30"
    if text == "Enter a whole number.":
        return f"{label} must be a whole number"
    if text == "Enter a number.":
        return f"{label} must be a number"
    if text == "Enter a valid email address.":
        return f"Enter {_named(label)} in the correct format, like name@example.com"
    if text.startswith("Select a valid choice"):
        return f"Select one of the options for {_named(label)}"
    too_long = _TOO_LONG.match(text)
    if too_long:
        return f"{label} must be {too_long.group(1)} characters or fewer"
    return text


@register.filter
def field_errors(field: Any) -> list[str]:
    """A bound field's error messages, each saying which field it is about."""
    return [named_error(field, message) for message in field.errors]


@register.filter
def error_message(field: Any) -> str:
    return " ".join(field_errors(field))


@register.filter
def choice_groups(field: Any) -> list[tuple[str | None, list[Any]]]:
    """A radio or checkbox field's options in their groups (a group label, or None for ungrouped ones),
    so a long list such as the 42 integrated care systems shows under region headings."""
    options = list(field)
    groups: list[tuple[str | None, list[Any]]] = []
    at = 0
    for _value, label in field.field.choices:
        if isinstance(label, list | tuple):
            groups.append((str(_value), options[at : at + len(label)]))
            at += len(label)
        else:
            if not groups or groups[-1][0] is not None:
                groups.append((None, []))
            groups[-1][1].append(options[at])
            at += 1
    return groups


@register.filter
def at(items: Any, index: int) -> Any:
    """The item at a position, for a table cell's responsive heading: {{ headers|at:forloop.counter0 }}."""
    try:
        return items[index]
    except (IndexError, KeyError, TypeError):
        return ""


@register.filter
def date_parts(value: Any) -> dict[str, str]:
    """A date as typed or stored ("2023-06-21") in the day, month and year boxes of an NHS.UK date input."""
    year, _, rest = str(value or "").partition("-")
    month, _, day = rest.partition("-")
    return {
        part: str(int(text)) if text.isdigit() and part != "year" else text
        for part, text in (("day", day), ("month", month), ("year", year))
    }
