"""Site search in every language."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "cms.search"
    label = "site_search"
    verbose_name = "Search"
