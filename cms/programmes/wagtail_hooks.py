"""The programmes listed on each language's home page (cms.core.extensions)."""

from __future__ import annotations

from typing import Any

from cms.core.extensions import HOME_PAGE_SECTIONS, PageSection, register_hook
from cms.programmes.models import ProgrammePage


@register_hook(HOME_PAGE_SECTIONS)
def home_programmes(home: Any, request: Any) -> PageSection:
    """The programmes of this home page's site (its own children), first on the home page."""
    programmes = ProgrammePage.objects.live().child_of(home)
    return PageSection(
        "programmes/sections/home_programmes.html", {"programmes": programmes}, order=10
    )
