"""Which text the programme is (issue 14, point 17): the draft of 23 May 2024, adopted on
20 November 2024. The page and the API say what the programme's data hold."""

from __future__ import annotations

from typing import Any

from cms.core.registry import registry
from cms.programmes.models import ProgrammePage

PROGRAM_ID = "open-krakow-2024-2028"


def test_programme_page_states_the_texts_provenance(client: Any, db: Any) -> None:
    provenance = registry().programs[PROGRAM_ID].provenance
    assert provenance is not None
    for code in ("pl", "en"):
        page = ProgrammePage.objects.get(okcore_id=PROGRAM_ID, locale__language_code=code)
        html = client.get(page.url).content.decode()
        assert " ".join(provenance.get(code).split()) in " ".join(html.split()), code


def test_api_programmes_state_the_texts_provenance(client: Any, db: Any) -> None:
    provenance = registry().programs[PROGRAM_ID].provenance
    assert provenance is not None
    listing = client.get("/api/v1/programmes/?lang=en").json()["results"]
    [krakow] = [p for p in listing if p["id"] == PROGRAM_ID]
    assert krakow["provenance"] == provenance.get("en")
    detail = client.get(f"/api/v1/programmes/{PROGRAM_ID}/").json()
    assert detail["provenance"] == provenance.dump()
