"""API tokens end with the designation, as admin sessions do (3487/2023 §4, 351/2026 §4)."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import TokenAuthentication

from cms.network.access import provision_user_daily


class ProvisionedTokenAuthentication(TokenAuthentication):
    """A token outlives the day its owner's designation ends; their unit access must not.

    Token requests pass no session, so the session middleware's daily check never sees
    them: the check runs here instead, before any permission is read.
    """

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        provision_user_daily(user)
        return user, token
