"""Pagination for the API: limit and offset, with the total counted by the view when it knows better."""

from typing import Any

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """Limit and offset, bounded so that no number asked for is too large for the database: at most
    MAX_LIMIT rows a page, and an offset past MAX_OFFSET is an empty page."""

    MAX_LIMIT = 1000
    MAX_OFFSET = 10**12
    max_limit = MAX_LIMIT

    def get_offset(self, request: Request) -> int:
        return min(super().get_offset(request), self.MAX_OFFSET)


class CountedLimitOffsetPagination(BoundedLimitOffsetPagination):
    """LimitOffsetPagination that asks the view for the total (`list_count()`) when the view has one:
    for lists whose visibility rule makes counting the page's own query slow."""

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        self._view = view
        return super().paginate_queryset(queryset, request, view)

    def get_count(self, queryset: Any) -> int:
        counter = getattr(self._view, "list_count", None)
        return counter() if counter is not None else super().get_count(queryset)
