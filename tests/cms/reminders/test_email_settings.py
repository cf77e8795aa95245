"""Outgoing mail from EMAIL_URL, else from Django's own variables (cms/settings/base.py):
the settings read in a fresh process with only that environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
NAMES = ["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_USE_TLS"]
NAMES += ["EMAIL_USE_SSL", "OKCORE_REMINDER_DAYS", "OKCORE_DIGEST_WEEKDAY"]


def settings_with(**environment: str) -> dict[str, object]:
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {NAMES!r}}}))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "OKCORE_REM"))}
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.base", PYTHONPATH=f"{ROOT}:{ROOT}/src")
    env.update(environment)
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    return dict(json.loads(out.stdout))


SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        (
            {"EMAIL_URL": "submission://portal%40krakow.pl:secret@smtp.krakow.pl:587"},
            {"EMAIL_HOST": "smtp.krakow.pl", "EMAIL_PORT": 587, "EMAIL_USE_TLS": True},
        ),
        (
            {"EMAIL_URL": "smtp://portal:secret@smtp.krakow.pl:465?ssl=True"},
            {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True, "EMAIL_USE_TLS": False},
        ),
        (
            {"EMAIL_URL": "console://"},
            {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"},
        ),
        (
            {"EMAIL_HOST": "mx.krakow.pl", "EMAIL_PORT": "2525", "EMAIL_USE_TLS": "1"},
            {"EMAIL_BACKEND": SMTP, "EMAIL_HOST": "mx.krakow.pl", "EMAIL_PORT": 2525},
        ),
        (
            {},
            {
                "EMAIL_HOST": "localhost",
                "EMAIL_PORT": 25,
                "OKCORE_REMINDER_DAYS": [14, 3],
                "OKCORE_DIGEST_WEEKDAY": 0,
            },
        ),
        (
            {"OKCORE_REMINDER_DAYS": "7", "OKCORE_DIGEST_WEEKDAY": "4"},
            {"OKCORE_REMINDER_DAYS": [7]},
        ),
    ],
)
def test_mail_settings_from_the_environment(
    environment: dict[str, str], expected: dict[str, object]
) -> None:
    found = settings_with(**environment)
    assert {k: found[k] for k in expected} == expected
