"""System checks: what `manage.py check` and every management command report before the
site serves a request with a setting it cannot honour."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error

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
