"""The due panel: each row's next step, what SZ returned, and the cost of the dashboard."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from clock import NOW, TODAY
from dashboard_world import FUNDS, NGO, QUARTER_END, World, build_world, coordinator_of
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from factories import MeasurementFactory, UnitFactory
from wagtail.models import Site

from cms.core.roles import ensure_groups, group_name
from cms.dashboard.panels import DuePanel
from cms.deliveries import services
from cms.deliveries.models import Delivery
from cms.deliveries.models import Status as DeliveryStatus
from cms.indicators.models import Status as MeasurementStatus
from cms.network.compliance import deliver_url, unit_obligations, unit_query
from cms.network.duties import current_duties, refresh
from cms.network.models import Unit, UnitDuty, UnitDutyStamp
from okcore.services.compliance import Status

pytestmark = pytest.mark.django_db


def panel(client: Any) -> str:
    html = client.get("/admin/").content.decode()
    return re.search(r'id="okcore-due-panel".*?</section>', html, re.S).group(0)  # type: ignore[union-attr]


def oldest_open(unit: Unit, obligation: str) -> Any:
    for _n, _network, _unit, state in unit_obligations([unit], TODAY):
        if state.obligation.id == obligation:
            return min(
                d.due for d in state.deadlines if d.status in (Status.OVERDUE, Status.PENDING)
            )
    raise AssertionError(f"no {obligation}")


def test_deliver_links_the_oldest_open_deadline_until_submitted(
    client: Any, make_user: Any
) -> None:
    # A delivery changes no unit's stored duties (cms.network.duties): its state must
    # still be read fresh.
    anna = make_user("anna")
    kultura = UnitFactory(slug="wydzial-kultury", name="Wydział Kultury")
    coordinator_of(kultura, anna)
    client.force_login(anna)
    due = oldest_open(kultura, FUNDS)
    link = escape(deliver_url(kultura.slug, FUNDS, due))
    assert f'href="{link}"' in panel(client)
    # Submitted meanwhile.
    delivery = services.start_delivery(anna, services.find_duty(kultura, FUNDS, due=due), {})
    delivery.data = {"planned": "1", "committed": "1", "remaining": "0"}
    delivery.save()
    services.submit(anna, delivery)
    shown = panel(client)
    assert f'href="{link}"' not in shown
    with_row = next(r for r in shown.split("<tr>") if "351/2026 §3 pt 5" in r)
    assert "Wysłane, czeka na SZ" in with_row  # "Submitted, waiting for SZ"; Polish admin
    assert '<abbr title="Zarządzenie nr 351/2026 Prezydenta Miasta Krakowa' in with_row  # the act


def test_sz_gets_no_deliver_link_and_sees_overdue_units_per_network(
    client: Any, world: World
) -> None:
    client.force_login(world.sz)
    shown = panel(client)
    assert escape(reverse("delivery_deliver")) not in shown
    overdue = re.search(r'id="okcore-overdue-units".*?</div>', shown, re.S).group(0)  # type: ignore[union-attr]
    assert "Wydział Kultury" in overdue and "Wydział Edukacji" in overdue


def test_sz_sees_how_many_units_lag_the_longest_overdue_and_a_link_to_them_all(
    client: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether 2 units lag or 3,000: a count, the few overdue the longest, and the units'
    listing narrowed to those overdue in the network (none of another city's)."""
    monkeypatch.setattr(DuePanel, "lagging_names", 1)
    client.force_login(world.sz)
    overdue = re.search(r'id="okcore-overdue-units".*?</div>', panel(client), re.S).group(0)  # type: ignore[union-attr]
    lagging = {
        unit.name
        for unit in Unit.objects.filter(duties__overdue=True, duties__network_id=NGO).distinct()
    }
    named = [name for name in lagging if name in overdue]
    assert len(named) == 1
    link = escape(f"{reverse('wagtailsnippets_network_unit:list')}?overdue={NGO}")
    assert f'href="{link}"' in overdue
    # the listing: the units overdue in the network, not one dissolved (which owes
    # nothing), nor another city's (Lublin's unit lags as well)
    lublin = Unit.objects.filter(site__hostname="lublin.example")
    assert current_duties(lublin, TODAY).filter(overdue=True, network_id=NGO).exists()
    UnitFactory(slug="bez-zaleglosci", name="Bez zaległości", dissolved=TODAY - timedelta(days=30))
    listed = client.get(f"{reverse('wagtailsnippets_network_unit:list')}?overdue={NGO}")
    assert listed.status_code == 200
    shown = listed.content.decode()
    assert all(name in shown for name in lagging)
    assert "Bez zaległości" not in shown
    assert "Lublin WSS" not in shown
    everything = client.get(reverse("wagtailsnippets_network_unit:list")).content.decode()
    assert "Bez zaległości" in everything


@pytest.mark.parametrize("user", ["sz", "anna"])
def test_the_panel_says_how_many_more_duties_it_does_not_show(
    user: str, client: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SZ's count is the stored summary's (its own city's units, not Lublin's), anyone
    else's their units' rows counted: both the rows the panel would list."""
    monkeypatch.setattr(DuePanel, "limit", 1)
    reader = getattr(world, user)
    units = unit_query(reader)
    lublin = Unit.objects.filter(site__hostname="lublin.example")
    assert current_duties(lublin, TODAY).exists()
    more = current_duties(units, TODAY).count() - 1
    assert more > 0
    client.force_login(reader)
    with translation.override("pl"):
        expected = gettext("More items not shown: %(count)s.") % {"count": more}
    assert expected in panel(client)


def test_returned_items_are_shown_to_the_coordinator_with_szs_comment(
    client: Any, world: World
) -> None:
    services.review(world.sz, world.newer, DeliveryStatus.RETURNED, "Podaj kwotę zaangażowaną")
    value = MeasurementFactory(unit=world.kultura, status=MeasurementStatus.SUBMITTED)
    value.transition(MeasurementStatus.RETURNED, world.sz, "Źródło danych?")
    client.force_login(world.anna)
    shown = panel(client)
    returned = re.search(r'id="okcore-returned".*?</div>', shown, re.S).group(0)  # type: ignore[union-attr]
    assert "Podaj kwotę zaangażowaną" in returned
    assert f'href="{reverse("delivery_edit", args=[world.newer.pk])}"' in returned
    assert "Źródło danych?" in returned
    edit = reverse("wagtailsnippets_indicators_measurement:edit", args=[value.pk])
    assert f'href="{edit}"' in returned
    # Bob's units had nothing returned.
    client.force_login(world.bob)
    assert 'id="okcore-returned"' not in panel(client)


def dashboard_queries(client: Any) -> int:
    cache.clear()  # nothing kept in the cache: the panel reads the stored duties
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/").status_code == 200
    return len(queries)


def add_units(count: int, start: int, world: World) -> None:
    """More units, each with a coordinator and a delivery waiting for SZ."""
    for n in range(start, start + count):
        unit = UnitFactory(slug=f"jednostka-{n}", name=f"Jednostka {n}")
        coordinator_of(unit, None)
        Delivery.objects.create(
            unit=unit,
            network=NGO,
            obligation=FUNDS,
            due=world.older.due,
            period_end=QUARTER_END,
            status=DeliveryStatus.SUBMITTED,
            data=world.older.data,
            submitted_at=NOW - timedelta(hours=n),
        )


def test_dashboard_queries_do_not_grow_with_the_units(
    client: Any,
    make_user: Any,
    django_assert_max_num_queries: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """As in use: each change stores its unit's duties once committed, and the panel reads
    them (a unit still to compute on view is tested by test_duties.py)."""
    world = build_world(make_user)
    with django_capture_on_commit_callbacks(execute=True):
        add_units(6, 0, world)
    client.force_login(world.sz)
    few = dashboard_queries(client)
    with django_capture_on_commit_callbacks(execute=True):
        add_units(12, 6, world)
    cache.clear()
    with django_assert_max_num_queries(few):
        assert client.get("/admin/").status_code == 200


def panel_units(html: str) -> set[str]:
    """The units the panel's rows name."""
    return set(re.findall(r'<td><a href="[^"]*">([^<]*)</a></td>', html))


def test_each_reader_sees_the_duties_of_their_own_units_only(
    client: Any, world: World, make_user: Any
) -> None:
    client.force_login(world.sz)
    assert panel_units(panel(client)) == {"Wydział Kultury", "Wydział Edukacji"}
    client.force_login(world.anna)
    assert panel_units(panel(client)) == {"Wydział Kultury"}
    # Lublin's SZ: Lublin's unit, none of Kraków's (whose rows are stored already).
    lublin = Site.objects.get(hostname="lublin.example")
    ensure_groups(lublin)
    theirs = make_user("lublin-sz")
    theirs.groups.add(
        Group.objects.get(name=group_name(settings.PORTAL_ADMINISTRATORS_GROUP, lublin))
    )
    client.force_login(theirs)
    assert panel_units(panel(client)) == {"Lublin WSS"}


def render_panel(user: Any) -> str:
    request = RequestFactory().get("/admin/")
    request.user = user
    return DuePanel(request).render_html()


def due_panel_queries(user: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        render_panel(user)
    return len(queries)


def test_a_language_added_to_the_site_recomputes_the_rows_and_the_panel_shows(
    world: World,
) -> None:
    """Rows stored before a deploy that adds a language lack its texts: the panel is
    shown in it all the same, and the rows are computed again with them."""
    shown = panel_units(render_panel(world.sz))
    assert shown == {"Wydział Kultury", "Wydział Edukacji"}
    computed = set(UnitDutyStamp.objects.values_list("rules", flat=True))
    with override_settings(LANGUAGES=[*settings.LANGUAGES, ("de", "Deutsch")]):
        with translation.override("de"):
            assert panel_units(render_panel(world.sz)) == shown
        assert not computed & set(UnitDutyStamp.objects.values_list("rules", flat=True))
        assert all("de" in row.texts for row in UnitDuty.objects.all())


def test_the_due_panel_reads_a_constant_number_of_queries_for_5_or_200_units(
    make_user: Any,
) -> None:
    """With the table current: the panel reads it, whatever the number of units."""
    sz = make_user("sz", "admins")
    units = Unit.objects.bulk_create(UnitFactory.build_batch(5))
    refresh([u.pk for u in Unit.objects.all()], TODAY)
    due_panel_queries(sz)  # what a process reads once (the sites, the permissions)
    few = due_panel_queries(sz)
    Unit.objects.bulk_create(UnitFactory.build_batch(195))
    assert refresh([u.pk for u in Unit.objects.all()], TODAY) == 195
    assert UnitDuty.objects.filter(unit__in=Unit.objects.all()).count() > 100 + len(units)
    assert due_panel_queries(sz) == few
