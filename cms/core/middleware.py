"""Language handling that leaves language-neutral URLs alone."""

from __future__ import annotations

from typing import Any

from django.middleware.locale import LocaleMiddleware

#: Paths outside the language trees: a 404 there is an answer, not a missing prefix.
NEUTRAL_PREFIXES = ("/api/", "/calendar/private/", "/admin/", "/documents/")


class SiteLocaleMiddleware(LocaleMiddleware):
    def process_response(self, request: Any, response: Any) -> Any:
        if request.path_info.startswith(NEUTRAL_PREFIXES):
            return response
        return super().process_response(request, response)
