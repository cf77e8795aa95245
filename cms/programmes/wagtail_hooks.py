"""The programmes listed on each language's home page (cms.core.extensions)."""

from __future__ import annotations

from typing import Any

from cms.core.extensions import HOME_PAGE_CONTEXT, register_hook
from cms.programmes.models import ProgrammePage


@register_hook(HOME_PAGE_CONTEXT)
def home_programmes(home: Any, request: Any) -> dict[str, Any]:
    return {"programmes": ProgrammePage.objects.live().filter(locale=home.locale)}
