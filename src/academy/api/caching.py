"""API lists answered from the page cache (core/pagecache.py, issue 17).

A list's data is kept per user, host (the paging links are absolute), path and query string, at the current
data version and date: any write is seen by the very next request, and nobody is ever answered with another
person's list. Authentication (an expired or deleted token is refused) and the view's permission check run on
every request, before the cache is read. A list that records an audited read must not use this.
"""

from typing import Any

from rest_framework.request import Request
from rest_framework.response import Response

from academy.core import pagecache


class CachedListMixin:
    basename: str

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        parts = (request.user.pk, request.get_host(), request.get_full_path())
        data = pagecache.remember(
            f"api-list:{self.basename}",
            parts,
            lambda: super(CachedListMixin, self).list(request, *args, **kwargs).data,  # type: ignore[misc]
        )
        return Response(data)
