"""News items of the programme and of units."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "cms.news"
    label = "news"
    verbose_name = _("News")
    #: Declarations read by cms.core.extensions (its pages invalidate the page cache) and
    #: cms.network.access (coordinators propose programme news here, moderated).
    public_content = True
    proposal_index_pages = ("news.NewsIndexPage",)
