"""Scale data for the benchmarks, made with the test suite's factory-boy factories.

150 programmes shaped like Kraków's (Kraków's own and 149 copies from the bench
plugin) with their page trees in three languages, 3,000 units, 10,000 coordinators,
100,000 approved measurements and 100,000 events, a tenth of them repeating, 10,000
of them in Kraków's programme. Rows go in with bulk inserts: creating 120,000 Wagtail
pages one by one would take hours, and how they were made plays no part in serving them.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from factories import CoordinatorFactory, MeasurementFactory, UnitFactory, sample_values
from wagtail.models import Page

from cms.core.registry import registry
from cms.core.roles import ensure_groups
from cms.core.site import ensure_child, ensure_home
from cms.events.models import EventIndexPage, EventPage
from cms.indicators.models import Measurement, Status
from cms.network.models import Coordinator, Unit
from cms.programmes.models import ProgrammePage

KRAKOW = "open-krakow-2024-2028"
BATCH = 2000


@dataclass(frozen=True)
class Scale:
    units: int = 3_000
    coordinators: int = 10_000
    measurements: int = 100_000
    events: int = 100_000
    krakow_events: int = 10_000

    @classmethod
    def of(cls, programmes: int, events: int) -> Scale:
        """The full scale's shape for fewer programmes: 20 units and about 67 coordinators
        and 667 measurements per programme (as many as the indicator-years and units
        allow), a tenth of the events in Kraków's programme (all, if it is the only one)."""
        return cls(
            units=20 * programmes,
            coordinators=round(200 * programmes / 3),
            measurements=min(round(2000 * programmes / 3), 30 * programmes * 20 * programmes),
            events=events,
            krakow_events=events if programmes == 1 else events // 10,
        )


def _insert_specific(model: type[Page], objects: list[Any]) -> None:
    """Rows of a page type's own table (Django cannot bulk-create multi-table models)."""
    fields = model._meta.local_concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
    rows = [
        [f.get_db_prep_save(getattr(o, f.attname), connection) for f in fields] for o in objects
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _page_row(source: Page, **changes: Any) -> Page:
    values = {f.attname: getattr(source, f.attname) for f in Page._meta.concrete_fields}
    values.update(id=None, latest_revision_id=None, live_revision_id=None, **changes)
    return Page(**values)


def _bulk_pages(model: type[Page], pages: list[Page], specifics: list[dict[str, Any]]) -> None:
    created = Page.objects.bulk_create(pages, batch_size=BATCH)
    objects = [
        model(page_ptr_id=page.pk, **extra) for page, extra in zip(created, specifics, strict=True)
    ]
    _insert_specific(model, objects)


def copy_programme_trees(program_ids: list[str]) -> int:
    """Kraków's synced pages (programme, goals, tasks, indicators) again for each programme."""
    count = 0
    for home in ensure_home().values():
        home.refresh_from_db()
        root = ProgrammePage.objects.get(okcore_id=KRAKOW, locale=home.locale)
        tree = [p.specific for p in root.get_descendants(inclusive=True).order_by("path")]
        keys: dict[str, dict[Any, uuid.UUID]] = {}
        by_model: dict[type[Page], tuple[list[Page], list[dict[str, Any]]]] = {}
        for position, program_id in enumerate(program_ids, start=home.numchild + 1):
            new_root_path = Page._get_path(home.path, home.depth + 1, position)
            new_root_url = f"{home.url_path}{program_id}/"
            for page in tree:
                key = keys.setdefault(program_id, {}).setdefault(page.translation_key, uuid.uuid4())
                row = _page_row(
                    page,
                    path=new_root_path + page.path[len(root.path) :],
                    url_path=new_root_url + page.url_path[len(root.url_path) :],
                    slug=program_id if page.pk == root.pk else page.slug,
                    translation_key=key,
                )
                extra = {
                    "okcore_id": page.okcore_id.replace(KRAKOW, program_id),
                    "okcore_removed": False,
                    "body": page.body,
                }
                pages, specifics = by_model.setdefault(type(page), ([], []))
                pages.append(row)
                specifics.append(extra)
        for model, (pages, specifics) in by_model.items():
            _bulk_pages(model, pages, specifics)
            count += len(pages)
        Page.objects.filter(pk=home.pk).update(numchild=home.numchild + len(program_ids))
    return count


def make_units(scale: Scale) -> list[Unit]:
    units = UnitFactory.build_batch(scale.units, contact_public=False)
    Unit.objects.bulk_create(units, batch_size=BATCH)
    return list(Unit.objects.order_by("id"))


def make_coordinators(units: list[Unit], scale: Scale) -> None:
    networks = sorted(registry().networks)
    people = []
    for n in range(scale.coordinators):
        people.append(
            CoordinatorFactory.build(
                unit=units[n % len(units)],
                network=networks[n % len(networks)],
                role="coordinator" if n < len(units) * len(networks) // 2 else "deputy",
                valid_from=date(2024, 1, 1),
            )
        )
    Coordinator.objects.bulk_create(people, batch_size=BATCH)


def make_measurements(units: list[Unit], scale: Scale) -> None:
    keys = [
        (program.indicator_uid(indicator), year)
        for program in sorted(registry().programs.values(), key=lambda p: p.id)
        for indicator in program.indicators
        for year in range(program.period.start, program.period.start + 3)
    ]
    rows = []
    for n in range(scale.measurements):
        indicator, year = keys[n % len(keys)]
        rows.append(
            MeasurementFactory.build(
                indicator=indicator,
                period=year,
                unit=units[(n // len(keys)) * 97 % len(units)],  # unique per indicator-year
                **sample_values(indicator, float(100 + n % 900)),
                status=Status.APPROVED,
            )
        )
    Measurement.objects.bulk_create(rows, batch_size=BATCH)


def make_events(units: list[Unit], scale: Scale) -> None:
    """Events from 90 days ago to a year ahead; every tenth repeats weekly ten times."""
    index = EventIndexPage.objects.get(locale__language_code="pl")
    programmes = sorted(registry().programs)
    others = [p for p in programmes if p != KRAKOW]
    template = Page(
        locale_id=index.locale_id,
        content_type=ContentType.objects.get_for_model(EventPage),
        depth=index.depth + 1,
        live=True,
        has_unpublished_changes=False,
        first_published_at=timezone.now(),
        last_published_at=timezone.now(),
        numchild=0,
        show_in_menus=False,
    )
    today = timezone.localdate()
    pages, specifics = [], []
    for n in range(scale.events):
        programme = KRAKOW if n < scale.krakow_events or not others else others[n % len(others)]
        slug = f"event-{n}"
        pages.append(
            _page_row(
                template,
                title=f"Wydarzenie {n}",
                draft_title=f"Wydarzenie {n}",
                slug=slug,
                path=Page._get_path(index.path, index.depth + 1, index.numchild + n + 1),
                url_path=f"{index.url_path}{slug}/",
                translation_key=uuid.uuid4(),
            )
        )
        repeats = n % 10 == 0
        specifics.append(
            {
                "start_date": today + timedelta(days=n % 455 - 90),
                "start_time": time(9 + n % 10) if n % 4 else None,
                "end_date": None,
                "end_time": time(11 + n % 10) if n % 4 else None,
                "location": f"Sala {n % 50}",
                "online_url": "",
                "unit_id": units[n % len(units)].pk,
                "goal": f"{programme}/goal-{1 + n % 6}",
                "category": ["consultation", "training", "festival", "other"][n % 4],
                "status": "confirmed",
                "body": f"<p>Opis wydarzenia {n}</p>",
                "repeat": "weekly" if repeats else "",
                "repeat_interval": 1,
                "repeat_until": None,
                "repeat_count": 10 if repeats else None,
                "sequence": 0,
            }
        )
    _bulk_pages(EventPage, pages, specifics)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + scale.events)


def make_admin() -> Any:
    """The SZ administrator whose dashboard (the due and overdue panel) is measured."""
    admins, _ = ensure_groups()
    user = get_user_model().objects.create_user("bench-sz", password=uuid.uuid4().hex)
    user.groups.add(admins)
    return user


@transaction.atomic
def generate(scale: Scale) -> dict[str, int]:
    homes = ensure_home()
    ensure_child(homes["pl"], EventIndexPage, "Wydarzenia", "events")
    others = sorted(p for p in registry().programs if p != KRAKOW)
    pages = copy_programme_trees(others)
    units = make_units(scale)
    make_coordinators(units, scale)
    make_measurements(units, scale)
    make_events(units, scale)
    make_admin()
    return {
        "programmes": len(registry().programs),
        "copied programme pages": pages,
        "units": Unit.objects.count(),
        "coordinators": Coordinator.objects.count(),
        "approved measurements": Measurement.objects.filter(status=Status.APPROVED).count(),
        "events": EventPage.objects.count(),
        "repeating events": EventPage.objects.exclude(repeat="").count(),
    }


def signed_in_cookie(user: Any) -> str:
    """A session for ``user``, as a browser would hold after signing in."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def main(argv: list[str]) -> None:
    """Prints the URLs and the session the benchmark requests; ``argv``: the number of
    programmes and of events (Scale.of), else the full scale."""
    from cms.programmes.models import GoalPage

    scale = Scale.of(int(argv[0]), int(argv[1])) if argv else Scale()
    counts = generate(scale)
    user = get_user_model().objects.get(username="bench-sz")
    programme = ProgrammePage.objects.get(okcore_id=KRAKOW, locale__language_code="pl")
    goal = GoalPage.objects.get(okcore_id=f"{KRAKOW}/goal-2", locale__language_code="pl")
    print(
        json.dumps(
            {
                "counts": counts,
                "programme_url": programme.url,
                "goal_url": goal.url,
                "feed_events": scale.krakow_events,
                "cookie": signed_in_cookie(user),
            }
        )
    )
