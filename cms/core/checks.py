"""System checks: what `manage.py check` and every management command report before the
site serves a request with a setting it cannot honour."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.checks import CheckMessage, Error, Warning
from django.db import DEFAULT_DB_ALIAS, DatabaseError

from okcore.registry import PLUGINS_ENV, PluginError, select_plugins


def plugins_installed(**kwargs: Any) -> list[CheckMessage]:
    """A name in ``OKCORE_PLUGINS`` that no installed plugin has is an error naming the
    installed ones: otherwise the first page that asks for the programmes fails with a 500."""
    try:
        select_plugins(None)
    except PluginError as error:
        return [
            Error(
                str(error),
                hint=f"correct {PLUGINS_ENV}, or install the plugin package it names",
                id="okcore.E001",
            )
        ]
    return []


def cities_named_once(**kwargs: Any) -> list[CheckMessage]:
    """Two sites whose city settings name the same city are a warning naming both: the
    site with the lower id gets the city's programmes and the other shows none of them,
    with nothing else saying so (cms.core.city). CitySettings.clean refuses it in the
    admin; this finds what came in otherwise (a script, a restored database).

    It reads the database, so, as Django's database checks, only when asked to:
    ``migrate`` and ``check --database default``."""
    if DEFAULT_DB_ALIAS not in (kwargs.get("databases") or ()):
        return []
    model = apps.get_model("core", "CitySettings")
    try:
        rows = list(model.objects.select_related("site").order_by("site_id"))
    except DatabaseError:  # not migrated yet: no city named anywhere
        return []
    first: dict[str, Any] = {}
    messages: list[CheckMessage] = []
    for row in rows:
        names = {str(n).strip().casefold(): str(n).strip() for n in (row.city or {}).values()}
        for key, name in names.items():
            if not key:
                continue
            owner = first.setdefault(key, row.site)
            if owner.pk != row.site.pk:
                messages.append(
                    Warning(
                        f"Sites {owner.hostname} (id {owner.pk}) and {row.site.hostname} "
                        f"(id {row.site.pk}) both name the city {name!r}: its programmes "
                        f"are shown on {owner.hostname} only",
                        hint="correct the city's name in one site's Settings → City settings",
                        obj=row,
                        id="okcore.W002",
                    )
                )
    return messages
