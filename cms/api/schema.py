"""OpenAPI: the error answers every operation can give, so clients (and fuzzers) can rely on
them, and the title of the portal that serves it.

drf-spectacular documents the success answers from the serializers; this hook adds
the errors DRF produces: 400 with the field and the problem, 401 for a bad token,
403 for a forbidden action, 404 for an unknown object, 429 when writes are throttled.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.settings import spectacular_settings
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView
from rest_framework.request import Request
from rest_framework.views import APIView

from cms.core.city import portal_name, site_of

ERROR = {
    "type": "object",
    "description": "`detail` says what is wrong, or each field names its problems",
    "additionalProperties": True,
}

UNSAFE = {"post", "put", "patch", "delete"}


def _response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def document_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> Any:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            errors = {
                "400": "The input is wrong: each field names its problem",
                "401": "The token or session is not valid",
                "404": "No such object, or not visible to you",
            }
            if method in UNSAFE:
                errors["403"] = "You may not do this"
                errors["429"] = "Too many changes; try again later"
            for status, description in errors.items():
                responses.setdefault(status, _response(description))
    return result


def only_this_api(endpoints: list[Any]) -> list[Any]:
    """The admin's internal APIs (Wagtail, wagtail-localize) are not part of this one."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def api_title(request: Any) -> str:
    """ "<portal> API" for the request's site (cms.core.city); without a request or a name,
    the neutral title of the settings."""
    name = portal_name(site_of(request)) if request is not None else ""
    return f"{name} API" if name else str(spectacular_settings.TITLE)


def name_the_portal(result: dict[str, Any], generator: Any, request: Any, public: bool) -> Any:
    """The schema's title names the portal (``manage.py spectacular`` keeps the neutral one)."""
    result.setdefault("info", {})["title"] = api_title(request)
    return result


class NamesThePortal(APIView):
    """An API documentation page whose title names the request's portal, as the schema
    does (drf-spectacular's views take theirs from the settings)."""

    title: Any  # Swagger's view declares str, ReDoc's str | None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.title = api_title(request)


class PortalSwaggerView(NamesThePortal, SpectacularSwaggerView):
    pass


class PortalRedocView(NamesThePortal, SpectacularRedocView):
    pass
