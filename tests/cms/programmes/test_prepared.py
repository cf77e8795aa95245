"""The kept parts of the programme and goal pages follow their inputs, and only those."""

from __future__ import annotations

from typing import Any

import pytest
from clock import PROGRAMME_YEAR, TODAY, days
from django.core.cache import cache as shared_cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import UnitFactory

from cms.core import cache as page_cache
from cms.core.registry import registry
from cms.core.site import publish
from cms.indicators.models import Measurement, Status
from cms.programmes import prepared
from cms.programmes.models import GoalPage, ProgrammePage
from cms.risks.models import RiskAssessment
from okcore.text import LocalizedText

pytestmark = pytest.mark.django_db
PROGRAM = "open-krakow-2024-2028"
INDICATOR = f"{PROGRAM}/indicator/info-point-beneficiaries"


@pytest.fixture(autouse=True)
def _no_page_cache(settings: Any) -> None:
    settings.OKCORE_PAGE_CACHE_SECONDS = 0  # what is rendered, not the copy of a page


@pytest.fixture
def pages() -> tuple[ProgrammePage, GoalPage]:
    program = registry().programs[PROGRAM]
    goal, _indicator = program.indicators[INDICATOR.rpartition("/")[2]]
    english = {"locale__language_code": "en"}
    return (
        ProgrammePage.objects.get(okcore_id=PROGRAM, **english),
        GoalPage.objects.get(okcore_id=program.goal_uid(goal), **english),
    )


def html(client: Any, *found: Any) -> list[str]:
    return [client.get(page.url).content.decode() for page in found]


def test_an_approval_shows_on_both_pages_a_value_awaiting_it_does_not(
    client: Any, pages: Any
) -> None:
    before = html(client, *pages)
    measurement = Measurement.objects.create(
        indicator=INDICATOR, period=2025, value=4312, status=Status.SUBMITTED
    )
    assert html(client, *pages) == before
    measurement.status = Status.APPROVED
    measurement.save()
    assert all("4312" in page for page in html(client, *pages))
    measurement.status = Status.RETURNED
    measurement.save()
    assert html(client, *pages) == before


def test_a_new_risk_assessment_shows_in_the_register(client: Any, pages: Any) -> None:
    program = registry().programs[PROGRAM]
    risk = program.risks[0]
    before = html(client, pages[0])[0]
    assert "re-assessed" not in before
    RiskAssessment.objects.create(risk=program.risk_uid(risk), rating=7, assessed_on=days(-3))
    after = html(client, pages[0])[0]
    assert "re-assessed" in after and str(days(-3).year) in after


def test_a_sync_with_new_data_shows(
    client: Any, pages: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A programme loaded anew (another release of its file) is a new version."""
    program = registry().programs[PROGRAM]
    goal, indicator = program.indicators[INDICATOR.rpartition("/")[2]]
    renamed = indicator.model_copy(update={"name": LocalizedText({"en": "Residents helped"})})
    goals = [
        g.model_copy(
            update={"indicators": [renamed if i is indicator else i for i in g.indicators]}
        )
        if g is goal
        else g
        for g in program.goals
    ]
    assert all("Residents helped" not in page for page in html(client, *pages))
    monkeypatch.setitem(registry().programs, PROGRAM, program.model_copy(update={"goals": goals}))
    assert all("Residents helped" in page for page in html(client, *pages))


def test_a_renamed_unit_shows_in_the_tables(client: Any, pages: Any) -> None:
    units = [UnitFactory(slug=f"unit-{n}", names={"pl": f"Wydział {n}"}) for n in range(2)]
    for unit in units:
        Measurement.objects.create(
            indicator=INDICATOR, period=2025, value=10, unit=unit, status=Status.APPROVED
        )
    assert all("Wydział 1: 10" in page for page in html(client, *pages))
    units[1].names = {"pl": "Biuro Pełnomocnika"}
    units[1].save()
    assert all("Biuro Pełnomocnika: 10" in page for page in html(client, *pages))


def test_a_published_goal_page_is_linked_at_its_new_address_a_draft_is_not(
    client: Any, pages: Any
) -> None:
    programme, goal = pages
    goal.slug = "a-draft-address"
    goal.save_revision()
    assert "a-draft-address" not in html(client, programme)[0]
    goal.slug = "a-new-address"
    publish(goal)
    assert "/a-new-address/" in html(client, programme)[0]


def test_kept_parts_are_read_not_rendered_again(
    client: Any, pages: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once kept, a page's second rendering asks no status and draws no chart."""
    html(client, *pages)
    monkeypatch.setattr(prepared, "standings", None)  # any call would fail the page
    monkeypatch.setattr(prepared, "goal_chart", None)
    assert all(client.get(page.url).status_code == 200 for page in pages)


def test_a_published_body_shows_at_once_a_draft_does_not(client: Any, pages: Any) -> None:
    """The kept main content is the page as published: a draft is not, a publish is."""
    for page in pages:
        html(client, page)
        page.body = "<p>Words still in review</p>"
        page.save_revision()
        assert "Words still in review" not in html(client, page)[0]
        page.body = "<p>Words now published</p>"
        publish(page)
        assert "Words now published" in html(client, page)[0]


def test_a_kept_main_content_reads_no_parts(
    client: Any, pages: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once a page's main content is kept, its next rendering does not even fetch the
    charts, tables and risk register it is made of; the same page renders the same."""
    before = html(client, *pages)
    monkeypatch.setattr(prepared.Kept, "parts", property(lambda kept: 1 / 0))
    assert html(client, *pages) == before


@pytest.mark.parametrize(("kind", "most"), [("programme", 14), ("goal", 14)])
def test_queries_of_a_rendered_page(client: Any, pages: Any, kind: str, most: int) -> None:
    """Routing, the page's own lists, the inputs' version (measurements, risks, units'
    names), the language links and the translation notice (English: a translation); the
    statuses and charts themselves are kept."""
    page = pages[0] if kind == "programme" else pages[1]
    Measurement.objects.create(
        indicator=INDICATOR, period=2025, value=7, unit=UnitFactory(), status=Status.APPROVED
    )
    client.get(page.url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page.url).status_code == 200
    assert len(captured) == most, "\n".join(q["sql"][-250:] for q in captured)


def test_an_edit_in_the_same_instant_shows(client: Any, pages: Any) -> None:
    """The clock stands still (the latest change stays where it was): an approved value's
    correction shows on both pages all the same."""
    measurement = Measurement.objects.create(
        indicator=INDICATOR, period=PROGRAMME_YEAR, value=4312, status=Status.APPROVED
    )
    assert all("4312" in page for page in html(client, *pages))
    measurement.value = 4313
    measurement.save()
    assert all("4313" in page and "4312" not in page for page in html(client, *pages))


def test_a_deletion_and_an_approval_restoring_the_old_count_and_ids_show(
    client: Any, pages: Any
) -> None:
    """Two approved values deleted and two others approved whose ids add up to the same,
    from the same units, on a clock standing still: the new values show on both pages."""
    units = [UnitFactory(slug=f"unit-{n}", names={"pl": f"Wydział {n}"}) for n in range(2)]
    rows = [
        Measurement.objects.create(
            indicator=INDICATOR, period=period, value=value, unit=unit, status=status
        )
        for period, value, unit, status in (
            (PROGRAMME_YEAR - 2, 4311, units[0], Status.APPROVED),
            (PROGRAMME_YEAR - 1, 4322, units[0], Status.SUBMITTED),
            (PROGRAMME_YEAR - 1, 4333, units[1], Status.SUBMITTED),
            (PROGRAMME_YEAR, 4344, units[1], Status.APPROVED),
        )
    ]
    assert rows[0].pk + rows[3].pk == rows[1].pk + rows[2].pk
    assert all("4344" in page for page in html(client, *pages))
    for gone in (rows[0], rows[3]):
        gone.delete()
    for approved in (rows[1], rows[2]):
        approved.status = Status.APPROVED
        approved.save()
    after = html(client, *pages)
    assert all("4344" not in page and "Wydział 0: 4322" in page for page in after)


def test_parts_rendered_while_a_value_changed_are_not_kept(
    client: Any, pages: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A value approved after the page read its inputs' version and before the parts read
    the values: the page shows it, but neither the parts nor the page's main content are
    kept under the version read first, which the value's deletion would otherwise bring
    back (the same count, ids and latest change) with a value that no longer exists."""
    late = Measurement.objects.create(
        indicator=INDICATOR, period=PROGRAMME_YEAR, value=4312, status=Status.SUBMITTED
    )
    read = prepared.standings

    def approved_meanwhile(program: Any) -> Any:
        if late.status != Status.APPROVED:
            late.status = Status.APPROVED
            late.save()
        return read(program)

    kept: list[str] = []

    class Recorded:
        """The cache, noting what is kept of the prepared parts."""

        def __getattr__(self, name: str) -> Any:
            return getattr(shared_cache, name)

        def set(self, key: str, *args: Any) -> None:
            if key.startswith(prepared.KEY_PREFIX):
                kept.append(key)
            shared_cache.set(key, *args)

    monkeypatch.setattr(prepared, "standings", approved_meanwhile)
    monkeypatch.setattr(page_cache, "cache", Recorded())
    assert "4312" in html(client, pages[0])[0]
    assert kept == []
    late.delete()
    assert all("4312" not in page for page in html(client, *pages))
    assert kept  # the inputs stood still this time


def test_a_programme_without_indicators_or_risks_has_a_version() -> None:
    """Nothing to count is no query error (an empty IN)."""
    program = registry().programs[PROGRAM]
    bare = type(program).model_validate({**program.model_dump(), "goals": [], "risks": []})
    assert not bare.indicators and not bare.risks
    assert prepared.inputs_version(bare, TODAY) != prepared.inputs_version(bare, days(1))
