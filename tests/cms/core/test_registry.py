"""The site keeps serving every other programme when one plugin is broken, and says so."""

from __future__ import annotations

import logging

import pytest

from cms.core import registry as site_registry
from okcore import hookimpl
from okcore.registry import Registry


class BrokenPlugin:
    @hookimpl
    def okcore_register_programs(self) -> list[object]:
        raise RuntimeError("the data file is missing")


def test_a_broken_plugin_is_logged_and_the_others_stay(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    load = Registry.load
    monkeypatch.setattr(Registry, "load", classmethod(lambda cls: load(plugins=[BrokenPlugin()])))
    site_registry.registry.cache_clear()
    try:
        with caplog.at_level(logging.ERROR, logger="cms.registry"):
            loaded = site_registry.registry()
    finally:
        site_registry.registry.cache_clear()
    assert "open-krakow-2024-2028" in loaded.programs
    assert any("the data file is missing" in message for message in caplog.messages)
