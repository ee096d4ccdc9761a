import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.http import QueryDict

from academy.people.models import ICS, Person


class LoginForm(AuthenticationForm):
    username = forms.CharField(label="Email address or username", max_length=254)
    error_messages = {
        "invalid_login": "Enter a correct email address or username and password.",
        "inactive": "This account is inactive.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # NHS.UK text inputs, and messages that say which box to fill (the summary links to each).
        username, password = self.fields["username"], self.fields["password"]
        username.widget.attrs.update(
            {"class": "nhsuk-input", "autocomplete": "username", "spellcheck": "false"}
        )
        password.widget.attrs.update({"class": "nhsuk-input", "autocomplete": "current-password"})
        username.error_messages["required"] = "Enter your email address or username"
        password.error_messages["required"] = "Enter your password"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} nhsuk-input--error".strip()
                widget.attrs["aria-describedby"] = f"{self[name].id_for_label}-error"


class DateInput(forms.MultiWidget):
    """The NHS.UK date input: day, month and year boxes in a fieldset (web/includes/field.html), used
    by every date field. The day box carries the field's id, so labels and error-summary links reach it.
    A request that sends the date in one parameter (a link such as ?date_from=2030-06-21) still works."""

    template_name = "web/widgets/date_input.html"
    is_date_input = True
    parts = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        boxes: dict[str, forms.Widget | type[forms.Widget]] = {
            name: forms.TextInput(attrs={"inputmode": "numeric", "class": f"nhsuk-input--width-{width}"})
            for name, _label, width in self.parts
        }
        super().__init__(boxes, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            year, _, rest = value.partition("-")
            month, _, day = rest.partition("-")
            return [day, month, year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        day, month, year = ((data.get(f"{name}_{part}") or "").strip() for part, _label, _width in self.parts)
        if not (day or month or year):
            return data.get(name)
        if day.isdigit() and month.isdigit() and year.isdigit():
            return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
        # Let the DateField decide: anything that is not a real date is "Enter a real date".
        return f"{year}-{month}-{day}"

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and all(f"{name}_{part}" not in data for part, _l, _w in self.parts)

    def id_for_label(self, id_: str) -> str:
        return id_

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        field_id = context["widget"]["attrs"].get("id", f"id_{name}")
        error = "nhsuk-input--error" in context["widget"]["attrs"].get("class", "")
        described = context["widget"]["attrs"].get("aria-describedby")
        for box, (part, label, width) in zip(context["widget"]["subwidgets"], self.parts, strict=True):
            box_attrs = box["attrs"]
            box_attrs["id"] = field_id if part == "day" else f"{field_id}-{part}"
            classes = f"nhsuk-input nhsuk-date-input__input nhsuk-input--width-{width}"
            box_attrs["class"] = f"{classes} nhsuk-input--error" if error else classes
            box_attrs.pop("aria-describedby", None)
            box["label"] = label
        context["widget"]["id"] = f"{field_id}-date"
        context["widget"]["describedby"] = described
        return context


def system_choices(
    systems: Iterable[ICS], *, first_region_id: int | None = None, empty_label: str | None = None
) -> list[Any]:
    """Integrated care systems by their full names, grouped by region, with one region (the academy's
    or the reader's own) first and the others in alphabetical order."""
    groups: dict[Any, list[tuple[int, str]]] = {}
    for ics in sorted(
        systems, key=lambda s: (s.region_id != first_region_id, s.region.name, s.name.casefold())
    ):
        groups.setdefault(ics.region.name, []).append((ics.pk, ics.name))
    choices: list[Any] = [("", empty_label)] if empty_label is not None else []
    return choices + list(groups.items())


def home_region_id(user: Any) -> int | None:
    """The region whose systems a person sees first: where their organisation is. None for visitors."""
    if not getattr(user, "is_authenticated", False):
        return None
    region_id: int | None = (
        Person.objects.filter(user=user).values_list("organisation__ics__region_id", flat=True).first()
    )
    return region_id


def with_dates_joined(params: QueryDict, *names: str) -> QueryDict:
    """A query string whose NHS.UK date inputs (from_day, from_month, from_year) are joined into one
    value under their name (from=2023-06-21), as a page that reads dates by hand expects."""
    joined = params.copy()
    for name in names:
        value = DateInput().value_from_datadict(params, None, name)
        if value:
            joined[name] = value
    return joined
