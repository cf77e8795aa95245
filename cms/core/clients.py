"""Who is connecting: the client's address, as far as the site can trust it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The client's address, for rate-limited logins.

    Behind ``OKCORE_TRUSTED_PROXY_COUNT`` proxies it is the address the outermost one
    appended to X-Forwarded-For, counted from the right: whatever a client writes into
    the header itself stays to the left and is never believed. Without proxies it is the
    connecting address, and the header is ignored.
    """
    count = settings.OKCORE_TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
        chain = [address.strip() for address in forwarded.split(",") if address.strip()]
        if len(chain) >= count:
            return chain[-count]
    connecting: str | None = request.META.get("REMOTE_ADDR")
    return connecting
