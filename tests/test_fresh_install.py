"""Another city's fresh site, installed as docs/administrators-guide.md tells, serves it all.

The guide's "A fresh install for another city" block is run line by line: the site's lock,
okcore from a copy of the checkout, the example plugin (a fictional Lublin programme) as a
built wheel and no plugin of Kraków's, then `migrate`, `collectstatic`, `okcore_setup` and
`okcore_sync` on a database of its own with the production settings. A crawler
(tests/support/crawl.py) then reads the site as a visitor would: every page, feed and API
answer it reaches must answer 200, and none may name Kraków (issue #15, "Done when").
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from wheels import build_wheel, copy_sources, fresh_venv, run

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "docs/administrators-guide.md"
CRAWLER = REPO / "tests/support/crawl.py"
HOST = "portal.lublin.example"
PROGRAMME = "lublin-welcome-2025-2029"
LANGUAGES = ("pl", "en", "uk")
API = ("/api/v1/", "/api/v1/schema/", "/api/v1/docs/")
pytestmark = pytest.mark.slow

#: What of a clone of the repository the install and the site use.
CHECKOUT = ("pyproject.toml", "README.md", "LICENSE", "src/okcore", "cms", "requirements")
_BLOCK = re.compile(r"^### A fresh install for another city\n.*?^```sh\n(.*?)^```$", re.M | re.S)

Crawl = dict[str, dict[str, Any]]


def guide_steps() -> list[list[str]]:
    """The guide's fresh-install commands run in the site's environment, as argument lists."""
    [block] = _BLOCK.findall(GUIDE.read_text(encoding="utf-8"))
    lines = [line.split("#")[0].strip() for line in block.splitlines()]
    return [shlex.split(line) for line in lines if line.startswith(("pip ", "python "))]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A copy of the checkout set up by the guide's steps, with its environment variables."""
    tmp = tmp_path_factory.mktemp("fresh")
    checkout = copy_sources({name: REPO / name for name in CHECKOUT}, tmp / "checkout")
    plugin = copy_sources({".": REPO / "tests/example_plugin"}, tmp / "plugin")
    wheel = build_wheel(plugin, tmp / "wheels")
    venv = fresh_venv(tmp / "venv")
    env = {
        "PATH": f"{venv}:/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": "a-fresh-install-in-a-test-and-nowhere-else-0123456789abcdef",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "WAGTAILADMIN_BASE_URL": f"https://{HOST}",
        "OKCORE_VAR_DIR": str(tmp / "var"),
    }
    for step in guide_steps():
        step = [str(wheel) if part.endswith(".whl") else part for part in step]
        run(*step, cwd=checkout, env=env)
    return checkout, env


@pytest.fixture(scope="module")
def crawled(site: tuple[Path, dict[str, str]]) -> Crawl:
    """What the crawler read, by address, from the root, each language's home and the API's
    root, schema and documentation (docs/api.md)."""
    checkout, env = site
    starts = ["/", *(f"/{code}/" for code in LANGUAGES), *API]
    out = run("python", CRAWLER, HOST, *starts, cwd=checkout, env=env)
    return {record["url"]: record for record in json.loads(out)}


def test_the_site_has_only_the_cities_plugin(site: tuple[Path, dict[str, str]]) -> None:
    checkout, env = site
    listed = json.loads(run("okcore", "programs", "--format", "json", cwd=checkout, env=env))
    assert [program["id"] for program in listed] == [PROGRAMME]


def test_every_address_answers_200(crawled: Crawl) -> None:
    """Static files count as on disk where the web server serves them from."""
    failed = [
        f"{r['status']} {url} (linked from {r['from'] or 'the start'})"
        for url, r in crawled.items()
        if r["status"] != 200 and url != "/"
    ]
    assert not failed, "\n".join(failed)
    # The root sends a visitor to a language's home.
    assert crawled["/"]["status"] == 302


def reachable(crawled: Crawl, start: str) -> set[str]:
    """Every address the crawl reached by links from ``start``."""
    found, todo = {start}, [start]
    while todo:
        for link in crawled[todo.pop()].get("links", []):
            if link in crawled and link not in found:
                found.add(link)
                todo.append(link)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_home_leads_to_the_programme(crawled: Crawl, language: str) -> None:
    """The programme page in the home's own language, its feed, and the pages okcore_setup
    makes (docs/administrators-guide.md), by links from the home."""
    home = f"/{language}/"
    from_home = reachable(crawled, home)
    pages = [f"{home}{page}/" for page in (PROGRAMME, "news", "events", "units", "search")]
    assert not set(pages) - from_home, sorted(from_home)
    assert f"{home}calendar/programme/{PROGRAMME}.ics" in from_home


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_feeds_parse_and_the_sites_holds_the_programmes(crawled: Crawl, language: str) -> None:
    """Read by icalendar: the programme's feed holds its deadlines, and the site-wide feed
    (the one every page's head links) holds at least as many."""
    programme = crawled[f"/{language}/calendar/programme/{PROGRAMME}.ics"]["events"]
    site_wide = crawled[f"/{language}/calendar/programme.ics"]["events"]
    assert isinstance(programme, int) and programme > 0, programme
    assert isinstance(site_wide, int) and site_wide >= programme, site_wide


def test_the_api_lists_the_programme(crawled: Crawl) -> None:
    listed = crawled["/api/v1/programmes/"]["links"]
    assert [link for link in listed if PROGRAMME in link]
    assert crawled[f"/api/v1/programmes/{PROGRAMME}/"]["status"] == 200


def test_nothing_names_krakow(crawled: Crawl) -> None:
    """Another city's site says nothing of Kraków: not on a page, in a feed or the API."""
    offenders = [
        f"{url}: …{snippet}…" for url, r in crawled.items() for snippet in r.get("krakow", [])
    ]
    assert not offenders, "\n".join(offenders)
