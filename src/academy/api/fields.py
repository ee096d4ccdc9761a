"""Serializer fields for ids and dates that read input the way core.parsing does.

- `IdField`: a whole number (JSON integer, or text of ASCII digits) from 1 to 2**63 - 1. 1.5, "1.0",
  true, "²" and numbers too large for the database are refused with a field error.
- `IdRelatedField`: a PrimaryKeyRelatedField with the same strictness, so `{"user": 1.5}` is an
  error rather than user 1, and an id that does not exist is "does not exist", never a database error.
- `BoundedDateField`, `BoundedDateTimeField`: dates between the years 1900 and 2100.
"""

from typing import Any

from rest_framework import serializers

from academy.core.parsing import MAX_ID, parse_id, validate_date_in_range

NOT_AN_ID = "Enter a whole number from 1 upwards (an id), without decimals."


class IdField(serializers.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> int:
        number = parse_id(data)
        if number is None:
            raise serializers.ValidationError(NOT_AN_ID, code="invalid")
        return super().to_internal_value(number)


class IdRelatedField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "incorrect_type": NOT_AN_ID,
        "does_not_exist": "There is no record with id {pk_value}, or it is not one you may choose.",
    }

    def to_internal_value(self, data: Any) -> Any:
        number = parse_id(data)
        if number is None:
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(number)


class BoundedDateField(serializers.DateField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(validate_date_in_range)


class BoundedDateTimeField(serializers.DateTimeField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(validate_date_in_range)
