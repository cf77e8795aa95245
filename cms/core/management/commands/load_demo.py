"""``manage.py load_demo``: realistic demo content, and one user per role with a fresh password.

Real Kraków units (document 002 §6, the footnote in document 004), invented people,
two years of measurements, news and events, on top of ``okcore_setup``. Safe to run
again: it updates what it made before and prints new passwords each time. It refuses
production settings and a database with anything the demo did not make (other users,
other pages) unless given ``--force``: it resets the demo accounts' passwords.
"""

from __future__ import annotations

import secrets
from datetime import date, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from cms.core.models import HomePage
from cms.core.roles import ensure_groups
from cms.core.setup import set_up_site
from cms.core.site import locales, publish, translation_of
from cms.events.models import Category, EventIndexPage, EventPage
from cms.indicators.models import Measurement, MeasurementHistory, Status
from cms.network.access import provision_all
from cms.network.models import ActivityRecord, Coordinator, Role, Unit, UnitIndexPage, UnitPage
from cms.news.models import NewsIndexPage, NewsPage
from cms.programmes.models import SyncedPage
from cms.risks.models import RiskAssessment

PROGRAMME = "open-krakow-2024-2028"
PROGRAMME_NETWORK = "open-krakow-coordinators"
NGO_NETWORK = "ngo-cooperation-coordinators"

UNITS = [
    (
        "sz",
        "SZ",
        "Wydział Polityki Społecznej, Równości i Zdrowia",
        "Social Policy, Equality and Health Department",
        "Відділ соціальної політики, рівності та охорони здоров'я",
        True,
    ),
    (
        "kancelaria-prezydenta",
        "",
        "Kancelaria Prezydenta",
        "Mayor's Office",
        "Канцелярія Президента міста",
        True,
    ),
    ("wydzial-edukacji", "", "Wydział Edukacji", "Education Department", "Відділ освіти", True),
    (
        "wydzial-kultury",
        "",
        "Wydział Kultury i Dziedzictwa Narodowego",
        "Culture and National Heritage Department",
        "Відділ культури та національної спадщини",
        False,
    ),
    (
        "wydzial-bezpieczenstwa",
        "",
        "Wydział Bezpieczeństwa i Zarządzania Kryzysowego",
        "Safety and Crisis Management Department",
        "Відділ безпеки та кризового управління",
        False,
    ),
    (
        "mops",
        "",
        "Miejski Ośrodek Pomocy Społecznej w Krakowie",
        "Kraków Municipal Social Welfare Centre",
        "Міський центр соціальної допомоги",
        True,
    ),
    ("gup", "", "Grodzki Urząd Pracy", "Kraków Labour Office", "Міська служба зайнятості", False),
    (
        "mcoo",
        "",
        "Miejskie Centrum Obsługi Oświaty",
        "Municipal Education Services Centre",
        "Міський центр обслуговування освіти",
        False,
    ),
    (
        "ztp",
        "",
        "Zarząd Transportu Publicznego",
        "Public Transport Authority",
        "Управління громадського транспорту",
        False,
    ),
    (
        "zbk",
        "",
        "Zarząd Budynków Komunalnych",
        "Municipal Buildings Authority",
        "Управління комунальних будівель",
        False,
    ),
    (
        "zzm",
        "",
        "Zarząd Zieleni Miejskiej",
        "Municipal Greenery Authority",
        "Управління міської зелені",
        False,
    ),
    (
        "straz-miejska",
        "",
        "Straż Miejska Miasta Krakowa",
        "Kraków Municipal Guard",
        "Міська варта Кракова",
        False,
    ),
]

#: (unit, network, role, name, function, valid_from, valid_to)
PEOPLE = [
    (
        "sz",
        PROGRAMME_NETWORK,
        Role.COORDINATOR,
        "Magdalena Wrona",
        "kierownik Referatu ds. Otwartego Krakowa",
        date(2023, 11, 27),
        None,
    ),
    (
        "wydzial-edukacji",
        PROGRAMME_NETWORK,
        Role.COORDINATOR,
        "Anna Nowak",
        "inspektor",
        date(2023, 11, 27),
        date(2025, 6, 30),
    ),
    (
        "wydzial-edukacji",
        PROGRAMME_NETWORK,
        Role.COORDINATOR,
        "Beata Kowalska",
        "główny specjalista",
        date(2025, 7, 1),
        None,
    ),
    (
        "wydzial-edukacji",
        PROGRAMME_NETWORK,
        Role.DEPUTY,
        "Cezary Wiśniewski",
        "podinspektor",
        date(2023, 11, 27),
        None,
    ),
    (
        "kancelaria-prezydenta",
        PROGRAMME_NETWORK,
        Role.COORDINATOR,
        "Dorota Zając",
        "kierownik referatu",
        date(2023, 12, 1),
        None,
    ),
    (
        "mops",
        PROGRAMME_NETWORK,
        Role.COORDINATOR,
        "Ewa Lewandowska",
        "specjalista",
        date(2023, 11, 30),
        None,
    ),
    (
        "mops",
        PROGRAMME_NETWORK,
        Role.DEPUTY,
        "Filip Kamiński",
        "specjalista",
        date(2023, 11, 30),
        date(2026, 9, 30),
    ),
    (
        "mops",
        PROGRAMME_NETWORK,
        Role.DEPUTY,
        "Grażyna Dąbrowska",
        "specjalista",
        date(2026, 10, 1),
        None,
    ),
    (
        "wydzial-kultury",
        PROGRAMME_NETWORK,
        Role.COORDINATOR,
        "Hanna Mazur",
        "inspektor",
        date(2023, 12, 4),
        None,
    ),
    (
        "wydzial-kultury",
        PROGRAMME_NETWORK,
        Role.DEPUTY,
        "Igor Szymański",
        "podinspektor",
        date(2023, 12, 4),
        None,
    ),
    (
        "wydzial-bezpieczenstwa",
        PROGRAMME_NETWORK,
        Role.COORDINATOR,
        "Jan Woźniak",
        "inspektor",
        date(2023, 12, 5),
        None,
    ),
    (
        "wydzial-bezpieczenstwa",
        PROGRAMME_NETWORK,
        Role.DEPUTY,
        "Katarzyna Krawczyk",
        "referent",
        date(2023, 12, 5),
        None,
    ),
    (
        "wydzial-kultury",
        NGO_NETWORK,
        Role.COORDINATOR,
        "Hanna Mazur",
        "inspektor",
        date(2026, 2, 27),
        None,
    ),
    (
        "wydzial-kultury",
        NGO_NETWORK,
        Role.DEPUTY,
        "Igor Szymański",
        "podinspektor",
        date(2026, 2, 27),
        None,
    ),
    (
        "wydzial-edukacji",
        NGO_NETWORK,
        Role.COORDINATOR,
        "Beata Kowalska",
        "główny specjalista",
        date(2026, 3, 2),
        None,
    ),
    (
        "wydzial-edukacji",
        NGO_NETWORK,
        Role.DEPUTY,
        "Cezary Wiśniewski",
        "podinspektor",
        date(2026, 3, 2),
        None,
    ),
    (
        "mops",
        NGO_NETWORK,
        Role.COORDINATOR,
        "Ewa Lewandowska",
        "specjalista",
        date(2026, 3, 3),
        None,
    ),
]

RECORDS = [
    ("wydzial-edukacji", PROGRAMME_NETWORK, "contact_data_sent", date(2023, 12, 5)),
    ("wydzial-edukacji", PROGRAMME_NETWORK, "contact_data_sent", date(2025, 7, 3)),
    ("kancelaria-prezydenta", PROGRAMME_NETWORK, "contact_data_sent", date(2023, 12, 7)),
    ("mops", PROGRAMME_NETWORK, "contact_data_sent", date(2023, 12, 8)),
    ("wydzial-kultury", PROGRAMME_NETWORK, "contact_data_sent", date(2023, 12, 6)),
    ("wydzial-bezpieczenstwa", PROGRAMME_NETWORK, "contact_data_sent", date(2023, 12, 8)),
    ("wydzial-kultury", NGO_NETWORK, "contact_data_sent", date(2026, 3, 2)),
    ("wydzial-edukacji", NGO_NETWORK, "contact_data_sent", date(2026, 3, 3)),
    ("wydzial-kultury", NGO_NETWORK, "small_grant_funds_reported", date(2026, 3, 25)),
    ("wydzial-kultury", NGO_NETWORK, "small_grant_funds_reported", date(2026, 6, 26)),
    ("wydzial-kultury", NGO_NETWORK, "small_grant_funds_reported", date(2026, 9, 29)),
    ("wydzial-edukacji", NGO_NETWORK, "small_grant_funds_reported", date(2026, 3, 30)),
    ("wydzial-kultury", NGO_NETWORK, "sector_meeting_held", date(2026, 10, 14)),
    ("wydzial-kultury", NGO_NETWORK, "cooperation_proposals_sent", date(2026, 6, 12)),
    ("wydzial-edukacji", NGO_NETWORK, "cooperation_proposals_sent", date(2026, 6, 29)),
]

#: indicator -> {year: value or components}
MEASUREMENTS: dict[str, dict[int, Any]] = {
    "info-point-beneficiaries": {2024: 4870, 2025: 4312},
    "translated-procedures": {2024: 19, 2025: 31},
    "staff-trained": {2024: 86, 2025: 172},
    "coordinator-meetings": {2024: 2, 2025: 3},
    "consultation-meetings": {
        2024: {"meetings": 2, "participants": 14},
        2025: {"meetings": 1, "participants": 22},
    },
    "multicultural-centre-events": {2024: 118, 2025: 205},
    "participation-turnout": {2024: 1.8, 2025: 3.1},
    "ambassador-nominations": {2024: 17, 2025: 12},
    "schools-and-residents-reached": {2024: 121, 2025: 163},
    "exclusion-support-actions": {2024: 4, 2025: 9},
}
UNIT_OF = {
    "info-point-beneficiaries": "sz",
    "translated-procedures": "sz",
    "staff-trained": "sz",
    "coordinator-meetings": "sz",
    "consultation-meetings": "sz",
    "multicultural-centre-events": "sz",
    "participation-turnout": "sz",
    "ambassador-nominations": "kancelaria-prezydenta",
    "schools-and-residents-reached": "wydzial-edukacji",
    "exclusion-support-actions": "sz",
}

NEWS = [
    (
        None,
        {
            "pl": "Nabór do konkursu „Krakowski Ambasador Wielokulturowości” 2026",
            "en": "Nominations open: Kraków Ambassador of Multiculturalism 2026",
            "uk": "Триває прийом заявок: «Краківський амбасадор багатокультурності» 2026",
        },
        30,
    ),
    (
        None,
        {
            "pl": "Sprawozdanie z realizacji Programu za 2025 r.",
            "en": "Report on the Programme for 2025",
            "uk": "Звіт про виконання Програми за 2025 рік",
        },
        200,
    ),
    (
        "wydzial-edukacji",
        {
            "pl": "Asystenci międzykulturowi w kolejnych szkołach",
            "en": "Intercultural assistants in more schools",
            "uk": "Міжкультурні асистенти в нових школах",
        },
        45,
    ),
    (
        "wydzial-kultury",
        {
            "pl": "Spotkanie branżowe dla organizacji kulturalnych",
            "en": "Sector meeting for cultural NGOs",
            "uk": "Галузева зустріч для культурних НУО",
        },
        40,
    ),
]

EVENTS = [
    (
        "Spotkanie koordynatorów Programu",
        "Meeting of the Programme's coordinators",
        Category.COORDINATORS_MEETING,
        14,
        time(10, 0),
        time(12, 0),
        "Urząd Miasta Krakowa, pl. Wszystkich Świętych 3-4",
        "sz",
    ),
    (
        "Konsultacje: roczny program współpracy z NGO",
        "Consultation: the annual NGO cooperation programme",
        Category.CONSULTATION,
        21,
        time(17, 0),
        time(19, 0),
        "Centrum Wielokulturowe",
        "sz",
    ),
    (
        "Szkolenie: komunikacja międzykulturowa w urzędzie",
        "Training: intercultural communication in the office",
        Category.TRAINING,
        28,
        time(9, 0),
        time(15, 0),
        "Urząd Miasta Krakowa",
        "sz",
    ),
    (
        "Festiwal Kultur",
        "Festival of Cultures",
        Category.FESTIVAL,
        40,
        None,
        None,
        "Plac Szczepański",
        "wydzial-kultury",
    ),
    (
        "Gala Krakowskiego Ambasadora Wielokulturowości",
        "Gala of the Kraków Ambassador of Multiculturalism",
        Category.AMBASSADOR_GALA,
        55,
        time(18, 0),
        time(21, 0),
        "Sala Obrad Rady Miasta Krakowa",
        "kancelaria-prezydenta",
    ),
    (
        "Spotkanie branżowe dla organizacji pozarządowych – kultura",
        "Sector meeting for NGOs – culture",
        Category.SECTOR_MEETING,
        70,
        time(16, 0),
        time(18, 0),
        "Pałac Krzysztofory",
        "wydzial-kultury",
    ),
]

ROLES = [
    ("sz.admin", "Portal administrator (SZ)", "admin"),
    ("redaktor", "Portal editor", "editor"),
    ("koordynator.edukacja", "Unit coordinator (Education)", "coordinator"),
    ("zastepca.edukacja", "Deputy coordinator (Education)", "deputy"),
]


#: Page types okcore_setup makes (okcore_sync makes SyncedPages, the demo its own pages).
FRAME_PAGES = (HomePage, NewsIndexPage, EventIndexPage, UnitIndexPage)


def demo_titles() -> set[str]:
    """Every title the demo gives a unit, news or event page, in every language."""
    titles = {name for _slug, _code, *names, _public in UNITS for name in names}
    titles |= {title for _unit, by_language, _days in NEWS for title in by_language.values()}
    return titles | {title for pl, en, *_rest in EVENTS for title in (pl, en)}


def non_demo_content() -> list[str]:
    """What in the database the demo did not make: users, units, people, pages."""
    found = []
    demo_users = [username for username, _label, _role in ROLES]
    users = list(
        get_user_model()
        .objects.exclude(username__in=demo_users)
        .values_list("username", flat=True)[:5]
    )
    if users:
        found.append(f"users other than the demo accounts ({', '.join(users)})")
    units = list(
        Unit.objects.exclude(slug__in=[slug for slug, *_rest in UNITS]).values_list(
            "slug", flat=True
        )[:5]
    )
    if units:
        found.append(f"units the demo did not make ({', '.join(units)})")
    demo_people = {(slug, name) for slug, _network, _role, name, *_rest in PEOPLE}
    people = [
        name
        for slug, name in Coordinator.objects.values_list("unit__slug", "name")
        if (slug, name) not in demo_people
    ]
    if people:
        found.append(f"{len(people)} coordinator records the demo did not make")
    titles = demo_titles()
    pages = [
        page.title
        for page in Page.objects.filter(depth__gt=1).specific().iterator()
        if type(page) is not Page  # Wagtail's welcome page, until okcore_setup replaces it
        and not isinstance(page, (*FRAME_PAGES, SyncedPage))
        and not (isinstance(page, (UnitPage, NewsPage, EventPage)) and page.title in titles)
    ]
    if pages:
        shown = ", ".join(f"“{title}”" for title in pages[:5])
        found.append(f"{len(pages)} pages the demo did not make ({shown})")
    return found


def refuse_unless_demo_site() -> None:
    """The demo resets its accounts' passwords and adds invented people: never on real data."""
    if settings.SETTINGS_MODULE == "cms.settings.production" or not settings.DEBUG:
        raise CommandError(
            "load_demo is for demo sites only (production settings or DEBUG off); "
            "use --force to run it anyway"
        )
    found = non_demo_content()
    if found:
        raise CommandError(
            "load_demo is for demo sites only, and this database holds "
            + "; ".join(found)
            + ". Use a fresh database (nox -s demo makes one), or --force"
        )


class Command(BaseCommand):
    help = "Load realistic demo content and print one login per role (new passwords each run)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="run even with production settings or on a database with non-demo content",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["force"]:
            refuse_unless_demo_site()
        with transaction.atomic():
            indexes = set_up_site()
            units = self.units()
            self.people(units)
            self.measurements(units)
            RiskAssessment.objects.get_or_create(
                risk=f"{PROGRAMME}/risk-6",
                assessed_on=date(2025, 11, 15),
                defaults={"rating": 5, "note": "Więcej zgłoszeń mowy nienawiści w 2025 r."},
            )
            self.pages(units, indexes)
            logins = self.users(units)
            provision_all()
        self.stdout.write(
            self.style.SUCCESS("Demo content loaded. Log in at http://127.0.0.1:8000/admin/ as:")
        )
        for username, label, password in logins:
            self.stdout.write(f"  {label:<34} user: {username:<22} password: {password}")

    def units(self) -> dict[str, Unit]:
        found = {}
        for slug, code, pl, en, uk, public in UNITS:
            unit, _ = Unit.objects.update_or_create(
                slug=slug,
                defaults={
                    "code": code,
                    "names": {"pl": pl, "en": en, "uk": uk},
                    "contact_public": public,
                    "email": f"{slug}@example.org",
                },
            )
            found[slug] = unit
        return found

    #: Who agreed to be a public contact point (351/2026 §5), and since when: only they are named
    #: to the public; Hanna Mazur and the others are not.
    CONSENTS = {"Beata Kowalska": date(2025, 7, 1), "Ewa Lewandowska": date(2024, 1, 15)}

    def people(self, units: dict[str, Unit]) -> None:
        for slug, network, role, name, function, start, end in PEOPLE:
            login = name.split()[0].lower()
            Coordinator.objects.update_or_create(
                unit=units[slug],
                network=network,
                role=role,
                name=name,
                defaults={
                    "function": function,
                    "valid_from": start,
                    "valid_to": end,
                    "phone": "+48 12 616 00 00",
                    "email": f"{login}@example.org",
                    "public_contact_consent_on": self.CONSENTS.get(name),
                },
            )
        for slug, network, kind, day in RECORDS:
            ActivityRecord.objects.get_or_create(
                unit=units[slug], network=network, kind=kind, date=day
            )

    def measurements(self, units: dict[str, Unit]) -> None:
        for indicator, years in MEASUREMENTS.items():
            for year, value in years.items():
                status = Status.APPROVED
                if (indicator, year) == ("staff-trained", 2025):
                    status = Status.SUBMITTED
                if (indicator, year) == ("participation-turnout", 2025):
                    status = Status.RETURNED
                measurement, created = Measurement.objects.update_or_create(
                    indicator=f"{PROGRAMME}/indicator/{indicator}",
                    period=year,
                    unit=units[UNIT_OF[indicator]],
                    defaults={
                        "value": None if isinstance(value, dict) else value,
                        "components": value if isinstance(value, dict) else {},
                        "status": status,
                        "review_comment": "Proszę podać źródło danych o frekwencji."
                        if status == Status.RETURNED
                        else "",
                    },
                )
                if created and status != Status.DRAFT:
                    MeasurementHistory.objects.create(
                        measurement=measurement,
                        from_status=Status.DRAFT,
                        to_status=Status.SUBMITTED,
                    )
                    if status != Status.SUBMITTED:
                        MeasurementHistory.objects.create(
                            measurement=measurement,
                            from_status=Status.SUBMITTED,
                            to_status=status,
                            comment=measurement.review_comment,
                        )

    def pages(self, units: dict[str, Unit], indexes: dict[type[Page], Page]) -> None:
        source = locales()[0]
        unit_pages = {}
        for slug, unit in units.items():
            page = UnitPage.objects.filter(unit=unit, locale=source).first()
            if page is None:
                page = UnitPage(
                    title=unit.names["pl"],
                    slug=slug,
                    unit=unit,
                    locale=source,
                    body=f"<p>{unit.names['pl']}: współpraca przy Programie „Otwarty Kraków”.</p>",
                )
                indexes[UnitIndexPage].add_child(instance=page)
                publish(page)
            for locale in locales()[1:]:
                translation_of(
                    page, locale, unit.names.get(locale.language_code) or unit.names["pl"]
                )
            unit_pages[slug] = page
        today = timezone.localdate()
        for unit_slug, titles_by_language, days_ago in NEWS:
            parent = unit_pages[unit_slug] if unit_slug else indexes[NewsIndexPage]
            page = NewsPage.objects.child_of(parent).filter(title=titles_by_language["pl"]).first()
            if page is None:
                page = NewsPage(
                    title=titles_by_language["pl"],
                    date=today - timedelta(days=days_ago),
                    intro=titles_by_language["pl"],
                    locale=source,
                    body="<p>Szczegóły w serwisie Otwarty Kraków.</p>",
                )
                parent.add_child(instance=page)
                publish(page)
            for locale in locales()[1:]:
                translation_of(page, locale, titles_by_language[locale.language_code])
        for pl, en, category, in_days, start, end, place, unit_slug in EVENTS:
            page = EventPage.objects.child_of(indexes[EventIndexPage]).filter(title=pl).first()
            if page is None:
                page = EventPage(
                    title=pl,
                    start_date=today + timedelta(days=in_days),
                    start_time=start,
                    end_time=end,
                    location=place,
                    category=category,
                    unit=units[unit_slug],
                    locale=source,
                    goal=f"{PROGRAMME}/goal-4",
                )
                indexes[EventIndexPage].add_child(instance=page)
                publish(page)
            translation_of(page, locales()[1], en)
            translation_of(page, locales()[2], en)

    def users(self, units: dict[str, Unit]) -> list[tuple[str, str, str]]:
        admins, editors = ensure_groups()
        user_model = get_user_model()
        logins = []
        education = units["wydzial-edukacji"]
        for username, label, role in ROLES:
            password = secrets.token_urlsafe(12)
            user, _ = user_model.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.org"}
            )
            user.set_password(password)
            user.is_staff = role == "admin"
            user.is_superuser = False
            user.save()
            if role == "admin":
                user.groups.add(admins)
            elif role == "editor":
                user.groups.add(editors)
            else:
                person = Coordinator.objects.filter(
                    unit=education,
                    network=PROGRAMME_NETWORK,
                    role=Role.COORDINATOR if role == "coordinator" else Role.DEPUTY,
                    valid_to__isnull=True,
                ).first()
                if person is not None:
                    person.user = user
                    person.save(update_fields=["user"])  # provisions the unit's group
            logins.append((username, label, password))
        return logins
