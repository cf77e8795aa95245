"""What every API view shares: the language of the answer, the site it is for, write
throttling, list queries.

Every answer is the request's site's (its host name, cms.core.city): the programmes that
site serves, its units, its pages; another city's object is a 404 there.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.utils import translation
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import UserRateThrottle
from wagtail.models import Site

from cms.core.city import site_of, site_programmes
from cms.core.languages import language_codes
from okcore.program import Program

LANG = OpenApiParameter(
    "lang", str, enum=["pl", "en", "uk"], description="Language of texts (else Accept-Language)"
)


class LanguageMixin:
    """Answers in ``?lang=`` if given, else in the language Accept-Language asks for."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        asked = request.query_params.get("lang")
        if asked is not None:
            codes = language_codes()
            if asked not in codes:
                raise ValidationError({"lang": [f"use one of {', '.join(codes)}"]})
            language = asked
        else:
            language = translation.get_language_from_request(request._request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)  # type: ignore[misc]  # a mixin before APIView

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]  # a mixin before APIView
        response["Content-Language"] = translation.get_language()
        response.setdefault("Vary", "Accept-Language")
        if "Accept-Language" not in response["Vary"]:
            response["Vary"] += ", Accept-Language"
        return response


class WriteThrottle(UserRateThrottle):
    """Limits changes per user (or address); reading is never throttled."""

    scope = "writes"

    def get_rate(self) -> str | None:
        # Read at request time, so a changed setting applies without a restart of the class.
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        return None if rate is None else str(rate)

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


def request_site(request: Request | Any) -> Site | None:
    """The site the request's host name selects (a DRF request or Django's own)."""
    return site_of(getattr(request, "_request", request))


def served(request: Request | Any) -> dict[str, Program]:
    """The programmes the request's site serves, by id, in id order: asked once per
    request (the query's validation and the view both need them)."""
    plain: Any = getattr(request, "_request", request)
    found: dict[str, Program] | None = getattr(plain, "_okcore_served", None)
    if found is None:
        found = {program.id: program for program in site_programmes(request_site(plain))}
        plain._okcore_served = found
    return found


def query(serializer_class: type[serializers.Serializer[Any]], request: Request) -> dict[str, Any]:
    """The query string, validated: a bad filter is a 400 naming the parameter."""
    names = _parameters(serializer_class)
    params = {k: v for k, v in request.query_params.items() if k in names}
    checked = serializer_class(data=params, context={"request": request})
    checked.is_valid(raise_exception=True)
    return dict(checked.validated_data)


@cache
def _parameters(serializer_class: type[serializers.Serializer[Any]]) -> frozenset[str]:
    """The parameters a query serializer reads (its fields are copied on each instance)."""
    return frozenset(serializer_class().fields)
