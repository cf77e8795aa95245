"""The admin home's page count, kept while the page tree stands.

Wagtail's summary (``PagesSummaryItem``) counts the pages under the user's explorable
root on every admin home: 5 ms over the bench's 18,774 pages, the one cost of SZ's admin
home that grew with the number of programmes. The count is kept per root page under the
tree's generation (cms.core.cache.tree_generation), which moves whenever a page is added,
deleted or moved, so it is exact and counted once per change of the tree.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from wagtail.admin.navigation import get_site_for_user
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.models import Page, Site

from cms.core.cache import remembered, tree_generation


def page_count(root: Page) -> int:
    """The pages at and under ``root``, drafts included, as Wagtail counts them."""

    def count() -> int:
        return int(Page.objects.descendant_of(root, inclusive=True).count())

    # Kept as long as the public copies at most: workers that share no cache (no Redis)
    # do not see each other's moves of the tree's generation.
    key = f"okcore:page-count:{tree_generation()}:{root.pk}"
    return remembered(key, count, settings.OKCORE_PAGE_CACHE_SECONDS)


class KeptPagesSummaryItem(PagesSummaryItem):
    """Wagtail's item (its template and link) with the count kept (:func:`page_count`)."""

    def get_context_data(self, parent_context: Any) -> dict[str, Any]:
        details = get_site_for_user(self.request.user)
        root = details["root_page"]
        if root is None:
            return {"root_page": None, "total_pages": 0, "site_name": details["site_name"]}
        total = page_count(root)
        if root.is_root():
            # As Wagtail does: the tree's root is no real page, and with a single site
            # the link goes to its home page, where new pages belong (wagtail#1883).
            total -= 1
            sites = list(Site.objects.select_related("root_page")[:2])
            if len(sites) == 1:
                root = sites[0].root_page
        return {"root_page": root, "total_pages": total, "site_name": details["site_name"]}
