"""Every public page type in every language, at desktop and phone widths, under axe-core
(WCAG 2.1 A and AA rules): no violations; no sideways scrolling at 320 px; and the main
flows by keyboard alone (issue 18; the act of 4 April 2019 on digital accessibility,
art. 5 ust. 1 and its annex — WCAG 2.1 AA; docs/testing.md).

One Chromium and one page per width for the whole module, the demo loaded once: about
90 page loads in a minute or two. The page set is :data:`PAGES`; a new page type is one
more entry there, and the demo must have a live page of it in every language.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from database import restore_session_contents
from django.core.management import call_command
from playwright.sync_api import Page as BrowserPage
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer
from wagtail.models import Locale, Page

from browser import LAUNCH_ARGS, chromium
from cms.core.models import HomePage
from cms.events.models import EventIndexPage, EventPage
from cms.legal.models import AccessibilityStatementPage, PrivacyNoticePage
from cms.network.models import UnitIndexPage, UnitPage
from cms.news.models import NewsIndexPage, NewsPage
from cms.programmes.models import GoalPage, IndicatorPage, ProgrammePage, TaskPage
from cms.reports.models import ReportPage

LANGUAGES = ("pl", "en", "uk")
WIDTHS = {"desktop": 1280, "phone": 390}
NARROWEST = 320
#: What axe checks: WCAG 2.1 levels A and AA, without its best-practice rules.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
#: The page types by name: the first live page of the model in the language.
PAGE_MODELS: dict[str, type[Page]] = {
    "home": HomePage,
    "programme": ProgrammePage,
    "goal": GoalPage,
    "task": TaskPage,
    "indicator": IndicatorPage,
    "units": UnitIndexPage,
    "unit": UnitPage,
    "news": NewsIndexPage,
    "news-item": NewsPage,
    "events": EventIndexPage,
    "event": EventPage,
    "report": ReportPage,
    "accessibility-statement": AccessibilityStatementPage,
    "privacy-notice": PrivacyNoticePage,
}
#: Pages that are addresses rather than page types ({lang} is the language's prefix).
#: The risk register is a section of the programme page (no page of its own).
ADDRESSES = {
    "search": "/{lang}/search/?q=migranci",
    "not-found": "/{lang}/no-such-page-here/",
}
PAGES = [*PAGE_MODELS, *ADDRESSES]
#: The demo is loaded once for the module (:func:`site`); each test only reads it.
pytestmark = pytest.mark.django_db


def address(name: str, lang: str) -> str | None:
    """The page's path in the language, None when the demo has no such page."""
    if name in ADDRESSES:
        return ADDRESSES[name].format(lang=lang)
    model = PAGE_MODELS[name]
    locale = Locale.objects.get(language_code=lang)
    page = model.objects.live().filter(locale=locale).order_by("path").first()
    return page.get_url() if page else None


@pytest.fixture(scope="module")
def site(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """The demo on a live server for the module; the database as it was afterwards."""
    with django_db_blocker.unblock():
        for command in ("okcore_setup", "okcore_sync"):
            call_command(command, verbosity=0, stdout=io.StringIO())
        call_command("load_demo", "--force", stdout=io.StringIO())
        server = LiveServer("localhost")
        try:
            yield server.url
        finally:
            server.stop()
            restore_session_contents()


@pytest.fixture(scope="module")
def pages(site: str) -> Iterator[dict[int, BrowserPage]]:
    """One browser tab per width, reused by every test."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=LAUNCH_ARGS)
        tabs = {
            width: browser.new_context(viewport={"width": width, "height": 900}).new_page()
            for width in (*WIDTHS.values(), NARROWEST)
        }
        yield tabs
        browser.close()


@pytest.fixture(scope="module")
def visit(site: str, pages: dict[int, BrowserPage]) -> Callable[[str, str, int], BrowserPage]:
    def go(name: str, lang: str, width: int) -> BrowserPage:
        path = address(name, lang)
        # A page type the demo lacks in a language fails: a skip would pass the run unchecked.
        assert path is not None, f"the demo has no live {name} page in {lang}"
        tab = pages[width]
        response = tab.goto(site + path)
        assert response is not None
        assert response.status == (404 if name == "not-found" else 200), path
        return tab

    return go


def violations(tab: BrowserPage) -> str:
    results = Axe().run(tab, options=AXE_OPTIONS)
    return results.generate_report() if results.violations_count else ""


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_no_axe_violations(
    visit: Callable[[str, str, int], BrowserPage], name: str, lang: str
) -> None:
    found = {}
    for label, width in WIDTHS.items():
        tab = visit(name, lang, width)
        report = violations(tab)
        if report:
            found[f"{label} ({width} px) {tab.url}"] = report
    assert not found, "\n\n".join(f"{where}\n{report}" for where, report in found.items())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_nothing_scrolls_sideways_at_320_px(
    visit: Callable[[str, str, int], BrowserPage], lang: str
) -> None:
    wide = {}
    for name in PAGES:
        if address(name, lang) is None:
            continue
        tab = visit(name, lang, NARROWEST)
        sizes = tab.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if sizes[0] > sizes[1]:
            wide[tab.url] = sizes
    assert not wide, wide


#: What has keyboard focus: its tag, id, classes, its list's class and its address.
FOCUSED = """() => { const e = document.activeElement; return {
  tag: e.tagName.toLowerCase(), id: e.id, classes: e.className || '',
  list: (e.closest('ul') || {}).className || '', href: e.getAttribute('href') || '',
  goal: !!e.closest('article h3') }; }"""
#: The focused element's outline: style, width in px, colour as [r, g, b].
OUTLINE = """() => { const s = getComputedStyle(document.activeElement);
  return [s.outlineStyle, parseFloat(s.outlineWidth),
          s.outlineColor.match(/[0-9.]+/g).slice(0, 3).map(Number)]; }"""


def luminance(rgb: list[float]) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour."""
    channels = [c / 255 for c in rgb]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: list[float], second: list[float]) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def tab_until(
    tab: BrowserPage, wanted: Callable[[dict[str, Any]], bool], limit: int = 80
) -> dict[str, Any]:
    """Press Tab until the focused element is the one wanted (failing after ``limit``)."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        focused: dict[str, Any] = tab.evaluate(FOCUSED)
        if wanted(focused):
            return focused
    raise AssertionError(f"Tab never reached it in {limit} presses")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_keyboard_only(visit: Callable[[str, str, int], BrowserPage], lang: str) -> None:
    tab = visit("programme", lang, WIDTHS["desktop"])
    programme = tab.url

    # The first Tab shows the skip link; Enter moves the focus to the main content.
    focused = tab_until(tab, lambda f: True, limit=1)
    assert "skip-link" in focused["classes"]
    box = tab.locator(".skip-link").bounding_box()
    assert box is not None and box["x"] >= 0 and box["width"] > 0  # on screen now
    tab.keyboard.press("Enter")
    assert tab.evaluate(FOCUSED)["id"] == "main"

    # From the top, in whatever order the header has them: the main menu, the search box
    # and the language switcher.
    tab.goto(programme)
    wanted = {
        "menu": lambda f: f["list"] == "menu",
        "search": lambda f: f["id"] == "search-q",
        "languages": lambda f: f["list"] == "languages",
    }
    reached: set[str] = set()
    for _ in range(60):
        tab.keyboard.press("Tab")
        focused = tab.evaluate(FOCUSED)
        kinds = {kind for kind, match in wanted.items() if match(focused)}
        if kinds:
            # Each shows where the focus is: an outline of ≥ 2 px, ≥ 3:1 against the white
            # page and header (WCAG 2.4.7, 1.4.11).
            style, width, colour = tab.evaluate(OUTLINE)
            assert style != "none" and width >= 2, focused
            assert contrast(colour, [255, 255, 255]) >= 3, focused
        reached |= kinds
        if reached == set(wanted):
            break
    assert reached == set(wanted)

    # A goal opens from the programme page with Enter.
    tab_until(tab, lambda f: f["goal"] and f["tag"] == "a")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.url != programme
    assert tab.locator("h1").inner_text().startswith("1.")


#: The smallest text of the charts the page shows, in CSS pixels as rendered.
CHART_TEXT = """() => Math.min(...[...document.querySelectorAll('svg.chart')]
  .filter(s => s.getBoundingClientRect().width > 0)
  .flatMap(s => { const scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
    return [...s.querySelectorAll('text')]
      .map(t => parseFloat(t.getAttribute('font-size')) * scale); }))"""


#: Chart texts that run past the drawing's right edge (cut off): their words.
CHART_CUT = """() => [...document.querySelectorAll('svg.chart')]
  .filter(s => s.getBoundingClientRect().width > 0)
  .flatMap(s => [...s.querySelectorAll('text')]
    .filter(t => { const b = t.getBBox(); return b.x + b.width > s.viewBox.baseVal.width + 1; })
    .map(t => t.textContent))"""


@pytest.mark.parametrize("width", [NARROWEST, *WIDTHS.values()])
def test_chart_text_is_at_least_12_px_and_never_cut(
    visit: Callable[[str, str, int], BrowserPage], width: int
) -> None:
    for name, lang in itertools.product(("programme", "goal", "indicator"), LANGUAGES):
        tab = visit(name, lang, width)
        assert tab.evaluate(CHART_TEXT) >= 12, (tab.url, width)
        assert tab.evaluate(CHART_CUT) == [], tab.url
