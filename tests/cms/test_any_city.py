"""The site serves any city: no city's name and no programme's or network's id in its code.

A city's texts come from its plugins (a programme's ``city``, short title) and from the
site's city settings (cms.core.city); Kraków's live with Kraków's plugins and the demo.
Not searched: the demo (Kraków's demo data), migrations (history) and the translation
catalogues (regenerated from the code).
"""

from __future__ import annotations

import re
from pathlib import Path

from cms.core.registry import registry

CMS = Path(__file__).resolve().parents[2] / "cms"
NOT_SEARCHED = ("demo", "locale")
#: Kraków in any spelling and case: Kraków, Krakow, Krakowa, krakowski, Краків, Кракова.
KRAKOW = r"krak[oó]w|краків|краков"


def _names() -> re.Pattern[str]:
    """Kraków's names and every installed programme's and network's id, whichever city's."""
    ids = [*registry().programs, *registry().networks]
    return re.compile("|".join([KRAKOW, *map(re.escape, ids)]), re.IGNORECASE)


def _site_files() -> list[Path]:
    return [
        path
        for path in sorted(CMS.rglob("*"))
        if path.is_file()
        and path.suffix not in {".pyc", ".mo"}
        and path.relative_to(CMS).parts[0] not in NOT_SEARCHED
        and "migrations" not in path.parts
    ]


def test_no_city_and_no_programme_id_in_the_site() -> None:
    names = _names()
    hits = [
        f"{path.relative_to(CMS.parent)}:{number}: {line.strip()}"
        for path in _site_files()
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if names.search(line)
    ]
    assert not hits, "\n".join(hits)


def test_the_search_sees_every_installed_id_and_each_spelling() -> None:
    names = _names()
    assert {"open-krakow-2024-2028", "lublin-welcome-2025-2029"} <= set(registry().programs)
    for text in ("lublin-welcome-2025-2029", "Otwarty Kraków", "KRAKOWA", "Відкритий Краків"):
        assert names.search(text), text
    assert not names.search("Gdańsk")
    assert any(path.name == "base.html" for path in _site_files())
    assert not any("migrations" in path.parts for path in _site_files())
