"""The site keeps serving every other programme when one plugin is broken, and says so;
what is worked out from the registry is kept until the registry or its other input
changes."""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest
from clock import TODAY

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


def test_a_derived_value_is_worked_out_again_only_for_a_new_input_or_registry() -> None:
    seen: list[tuple[Registry, object]] = []

    def programmes(loaded: Registry, given: object) -> list[str]:
        seen.append((loaded, given))
        return sorted(loaded.programs)

    derived = site_registry.Derived(programmes)
    today = TODAY
    first = derived(today)
    assert derived(date.fromordinal(today.toordinal())) is first  # equal, another object
    assert len(seen) == 1
    derived(today + timedelta(days=1))  # the next day
    assert len(seen) == 2
    site_registry.registry.cache_clear()  # a new load (a test's plugins, a deploy)
    try:
        again = derived(today + timedelta(days=1))
    finally:
        site_registry.registry.cache_clear()
    assert len(seen) == 3 and seen[2][0] is not seen[1][0]
    assert again == first
    site_registry.forget_derived()  # a registry changed in place: a test's own programmes
    derived(today + timedelta(days=1))
    assert len(seen) == 4
