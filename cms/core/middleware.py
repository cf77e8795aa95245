"""Language handling that leaves language-neutral URLs alone; bodies too big or too deep."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware

logger = logging.getLogger(__name__)

#: Paths outside the language trees: a 404 there is an answer, not a missing prefix.
NEUTRAL_PREFIXES = ("/api/", "/calendar/private/", "/admin/", "/documents/")


class SiteLocaleMiddleware(LocaleMiddleware):
    def process_response(self, request: Any, response: Any) -> Any:
        if request.path_info.startswith(NEUTRAL_PREFIXES):
            return response
        return super().process_response(request, response)


class BadRequestMiddleware:
    """A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` or nested too deeply to parse is a 400.

    Django answers an oversized form with 400 on its own, but a view reading the
    body (the API) or a form field parsing JSON (``[[[…]]]`` a hundred thousand
    deep ends in RecursionError) would otherwise answer 500. The API gets JSON
    like its other 400s.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestDataTooBig):
            message = "the request body is too large"
        elif isinstance(exception, RecursionError):
            message = "the request is nested too deeply"
        else:
            return None
        logger.warning("400 for %s %s: %s", request.method, request.path, message)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
