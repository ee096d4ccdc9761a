"""`field__in_ids=[...]`: membership in a long list of ids bound as one parameter.

Django's `__in` binds one parameter per value: with tens of thousands of ids the statement itself
becomes the cost (and SQLite and PostgreSQL cap the number of parameters). This lookup sends the ids
as one array: `= ANY(%s::bigint[])` on PostgreSQL, `IN (SELECT value FROM json_each(%s))` on SQLite.
"""

import json
from collections.abc import Sequence
from typing import Any

from django.db.models import Field, ForeignObject, Lookup


class InIds(Lookup):
    lookup_name = "in_ids"
    prepare_rhs = False

    def _ids(self) -> list[int]:
        return [int(value) for value in self.rhs]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, Sequence[Any]]:  # type: ignore[override]
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, self._ids()]

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Sequence[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # lhs is a column Django quoted; the ids are a bound parameter.
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*lhs_params, json.dumps(self._ids())]  # noqa: S608


def register() -> None:
    Field.register_lookup(InIds)
    ForeignObject.register_lookup(InIds)  # relations keep their own lookup table
