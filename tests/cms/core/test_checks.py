"""The site's system checks (cms.core.checks)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from cms.core.checks import plugins_installed


def test_an_unknown_plugin_name_is_a_system_check_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """It names the installed plugins, so a typo is plain (docs/administrators-guide.md)."""
    monkeypatch.setenv("OKCORE_PLUGINS", "lublin, lubin")
    [error] = plugins_installed(app_configs=None)
    assert error.id == "okcore.E001"
    assert "plugin 'lubin': not installed, yet OKCORE_PLUGINS names it (known: " in error.msg
    assert "lublin" in error.msg.split("known:")[1]
    with pytest.raises(SystemCheckError, match=r"okcore\.E001"):
        call_command("check")


def test_installed_plugin_names_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKCORE_PLUGINS", "lublin")
    assert plugins_installed(app_configs=None) == []
    monkeypatch.delenv("OKCORE_PLUGINS")
    assert plugins_installed(app_configs=None) == []
