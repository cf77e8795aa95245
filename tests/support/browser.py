"""Debian's Chromium for the browser tests: found, or installed by the test setup."""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import Any

from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser
from playwright.sync_api import Page as BrowserPage

CHROMIUM = "/usr/bin/chromium"
#: As the machine's own probe runs it: no sandbox as root, no network chatter.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str:
    """The path of Debian's chromium, installing the package when it is missing (as root)."""
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise RuntimeError("Debian's chromium is not installed: apt-get install chromium")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env)
    return CHROMIUM


def signed_in(browser: Browser, base: str, user: Any) -> BrowserPage:
    """A page with the user's admin session (made by Django's test client, not typed in:
    the login form is test_editor_flow's subject)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pl-PL")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )
    return context.new_page()


def submit(page: BrowserPage, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)
