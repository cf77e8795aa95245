"""Making the demo from its data files, on top of :func:`cms.core.setup.set_up_site`.

Safe to run again: everything is found by its natural key (a unit's slug, a page's title
under its parent, …) and updated, never made twice; only the demo accounts' passwords
change on every run. Dates the old hand-written demo kept relative to today stay so:
news is ``days_ago`` before the day of loading, events ``in_days`` after it.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Page

from cms.core.models import CitySettings, HomePage
from cms.core.registry import registry
from cms.core.roles import ensure_groups
from cms.core.setup import set_up_site
from cms.core.site import default_site, ensure_home, locales, publish, translation_of
from cms.deliveries.models import Delivery, DeliveryHistory
from cms.deliveries.models import Status as DeliveryStatus
from cms.deliveries.services import Duty, duty_fields, find_duty
from cms.demo.data import City, DeliveryEntry, Demo, MeasurementEntry, ReportEntry, UnitEntry
from cms.demo.legal import fill_legal_pages
from cms.events.models import EventIndexPage, EventPage
from cms.indicators.models import Measurement, MeasurementHistory, Status
from cms.legal.models import AccessibilityStatementPage, PrivacyNoticePage
from cms.network.access import provision_all
from cms.network.models import ActivityRecord, Coordinator, Role, Unit, UnitIndexPage, UnitPage
from cms.news.models import NewsIndexPage, NewsPage
from cms.programmes.models import SyncedPage
from cms.reports import services as reports
from cms.reports.convert import fill_page, keep_written, page_report
from cms.reports.models import ReportPage
from cms.risks.models import RiskAssessment
from okcore.base import Problem
from okcore.load import LoadError
from okcore.report.model import Block, Heading, Paragraph
from okcore.services.deliveries import check_delivery, split_name

#: Page types okcore_setup makes (okcore_sync makes SyncedPages, the demo its own pages).
FRAME_PAGES = (
    HomePage,
    NewsIndexPage,
    EventIndexPage,
    UnitIndexPage,
    AccessibilityStatementPage,
    PrivacyNoticePage,
)


class Login(NamedTuple):
    username: str
    label: str
    password: str


class NotADemoSite(Exception):
    """The settings or the database are not a demo's: the demo would overwrite real data."""


def indicator_key(programme: str, indicator: str) -> str:
    """The one key of the indicator (okcore ``Program.indicator_uid``), as measurements store it."""
    return registry().programs[programme].indicator_uid(indicator)


def save_unit(entry: UnitEntry) -> Unit:
    """The unit, made or updated from its entry in units.yaml (names in the languages given)."""
    unit, _ = Unit.objects.update_or_create(
        slug=entry.slug,
        defaults={
            "code": entry.code,
            "names": entry.names.by_language(),
            "contact_public": entry.contact_public,
            "email": f"{entry.slug}@example.org",
        },
    )
    return unit


def non_demo_content(demo: Demo) -> list[str]:
    """What in the database the demo did not make: users, units, people, pages."""
    found = []
    demo_users = [account.username for account in demo.accounts.accounts]
    users = list(
        get_user_model()
        .objects.exclude(username__in=demo_users)
        .values_list("username", flat=True)[:5]
    )
    if users:
        found.append(f"users other than the demo accounts ({', '.join(users)})")
    demo_units = [unit.slug for unit in demo.units.units]
    units = list(Unit.objects.exclude(slug__in=demo_units).values_list("slug", flat=True)[:5])
    if units:
        found.append(f"units the demo did not make ({', '.join(units)})")
    demo_people = {(person.unit, person.name) for person in demo.coordinators.designations}
    people = [
        name
        for slug, name in Coordinator.objects.values_list("unit__slug", "name")
        if (slug, name) not in demo_people
    ]
    if people:
        found.append(f"{len(people)} coordinator records the demo did not make")
    titles = demo.titles()
    reports = {(entry.programme, entry.year) for entry in demo.reports.reports}
    pages = [
        page.title
        for page in Page.objects.filter(depth__gt=1).specific().iterator()
        if type(page) is not Page  # Wagtail's welcome page, until okcore_setup replaces it
        and not isinstance(page, (*FRAME_PAGES, SyncedPage))
        and not (isinstance(page, (UnitPage, NewsPage, EventPage)) and page.title in titles)
        and not (isinstance(page, ReportPage) and (page.program, page.year) in reports)
    ]
    if pages:
        shown = ", ".join(f"“{title}”" for title in pages[:5])
        found.append(f"{len(pages)} pages the demo did not make ({shown})")
    return found


def refuse_unless_demo_site(demo: Demo) -> None:
    """The demo resets its accounts' passwords and adds invented people: never on real data.

    Refuses production settings, DEBUG off, and a database holding anything the demo
    did not make; ``load_demo --force`` skips this check.
    """
    if settings.SETTINGS_MODULE == "cms.settings.production" or not settings.DEBUG:
        raise NotADemoSite(
            "load_demo is for demo sites only (production settings or DEBUG off); "
            "use --force to run it anyway"
        )
    found = non_demo_content(demo)
    if found:
        raise NotADemoSite(
            "load_demo is for demo sites only, and this database holds "
            + "; ".join(found)
            + ". Use a fresh database (nox -s demo makes one), or --force"
        )


@transaction.atomic
def load(demo: Demo, today: date) -> list[Login]:
    """Make or update everything in ``demo``; return one login per account, new passwords."""
    _city_settings(demo.city)  # first: the home pages are titled after the portal
    indexes = set_up_site()
    fill_legal_pages(today)
    units = {entry.slug: save_unit(entry) for entry in demo.units.units}
    _people(demo, units)
    for entry in demo.measurements.measurements:
        _measurement(demo.measurements.programme, entry, units[entry.unit])
    for assessment in demo.risks.assessments:
        RiskAssessment.objects.get_or_create(
            risk=assessment.risk,
            assessed_on=assessment.assessed_on,
            defaults={"rating": assessment.rating, "note": assessment.note},
        )
    unit_pages = _unit_pages(demo, units, indexes[UnitIndexPage])
    _news(demo, today, unit_pages, indexes[NewsIndexPage])
    _events(demo, today, units, indexes[EventIndexPage])
    logins = _accounts(demo, units)
    provision_all()
    _deliveries(demo, units)
    _reports(demo, today)  # last: made from everything above
    return logins


def _city_settings(city: City) -> None:
    """The default site's settings: the demo city's names, footer, contact and UID domain."""
    site = default_site()
    if site is None:
        ensure_home()  # Wagtail's default site was deleted: make one on localhost
        site = default_site()
    CitySettings.objects.update_or_create(
        site=site,
        defaults={
            "city": city.city.by_language(),
            "portal_name": city.portal_name.by_language(),
            "footer": city.footer.by_language(),
            "contact_email": city.contact_email,
            "contact_phone": city.contact_phone,
            "contact_address": city.contact_address,
            "accessibility_contact": city.accessibility_contact,
            "uid_domain": city.uid_domain,
        },
    )


def _people(demo: Demo, units: dict[str, Unit]) -> None:
    consents = demo.coordinators.public_contact_consents
    for person in demo.coordinators.designations:
        # An address's local part in ASCII: not every mail server takes "grażyna@".
        login = slugify(person.name.split()[0].replace("ł", "l").replace("Ł", "L"))
        Coordinator.objects.update_or_create(
            unit=units[person.unit],
            network=person.network,
            role=person.role,
            name=person.name,
            defaults={
                "function": person.function,
                "valid_from": person.valid_from,
                "valid_to": person.valid_to,
                "phone": "+48 12 616 00 00",
                "email": f"{login}@example.org",
                "public_contact_consent_on": consents.get(person.name),
            },
        )
    for record in demo.records.records:
        ActivityRecord.objects.get_or_create(
            unit=units[record.unit], network=record.network, kind=record.kind, date=record.date
        )


def _measurement(programme: str, entry: MeasurementEntry, unit: Unit) -> None:
    """The measurement with its history: submitted, then (unless still so) reviewed."""
    measurement, created = Measurement.objects.update_or_create(
        indicator=indicator_key(programme, entry.indicator),
        period=entry.period,
        unit=unit,
        defaults={
            "value": entry.value,
            "components": entry.components,
            "status": entry.status,
            "review_comment": entry.review_comment,
        },
    )
    if created and entry.status != Status.DRAFT:
        MeasurementHistory.objects.create(
            measurement=measurement, from_status=Status.DRAFT, to_status=Status.SUBMITTED
        )
        if entry.status != Status.SUBMITTED:
            MeasurementHistory.objects.create(
                measurement=measurement,
                from_status=Status.SUBMITTED,
                to_status=entry.status,
                comment=entry.review_comment,
            )


def _unit_pages(demo: Demo, units: dict[str, Unit], index: Page) -> dict[str, UnitPage]:
    source, *others = locales()
    pages = {}
    for entry in demo.units.units:
        unit = units[entry.slug]
        page = UnitPage.objects.filter(unit=unit, locale=source).first()
        if page is None:
            page = UnitPage(
                title=entry.names.pl,
                slug=entry.slug,
                unit=unit,
                locale=source,
                body=demo.units.page_body.pl.format(name=entry.names.pl),
            )
            index.add_child(instance=page)
            publish(page)
        for locale in others:
            code = locale.language_code
            translated = translation_of(page, locale, entry.names.in_language(code))
            body = demo.units.page_body.in_language(code)
            _translate(translated, page, body=body.format(name=entry.names.in_language(code)))
        pages[entry.slug] = page
    return pages


def _news(demo: Demo, today: date, unit_pages: dict[str, UnitPage], index: Page) -> None:
    source, *others = locales()
    for entry in demo.news.news:
        parent = unit_pages[entry.unit] if entry.unit else index
        page = NewsPage.objects.child_of(parent).filter(title=entry.titles.pl).first()
        if page is None:
            page = NewsPage(
                title=entry.titles.pl,
                date=today - timedelta(days=entry.days_ago),
                intro=entry.leads.pl,
                locale=source,
                body=entry.bodies.pl,
            )
            parent.add_child(instance=page)
            publish(page)
        for locale in others:
            code = locale.language_code
            title = entry.titles.in_language(code)
            translated = translation_of(page, locale, title, slug=_slug(title))
            _translate(
                translated,
                page,
                title=entry.titles.in_language(code),
                intro=entry.leads.in_language(code),
                body=entry.bodies.in_language(code),
            )


def _events(demo: Demo, today: date, units: dict[str, Unit], index: Page) -> None:
    source, *others = locales()
    for entry in demo.events.events:
        page = EventPage.objects.child_of(index).filter(title=entry.titles.pl).first()
        if page is None:
            page = EventPage(
                title=entry.titles.pl,
                start_date=today + timedelta(days=entry.in_days),
                start_time=entry.start_time,
                end_time=entry.end_time,
                location=entry.location,
                category=entry.category,
                unit=units[entry.unit],
                locale=source,
                goal=entry.goal,
            )
            index.add_child(instance=page)
            publish(page)
        for locale in others:
            code = locale.language_code
            title = entry.titles.in_language(code)
            translated = translation_of(page, locale, title, slug=_slug(title))
            _translate(translated, page, title=title)


def _slug(title: str) -> str:
    """A translation's address in its own language, as Wagtail makes one from a title."""
    return slugify(title, allow_unicode=True)[:255]


def _translate(translation: Page, source: Page, **texts: str) -> None:
    """Give a demo page's translation its texts in its language where it still shows the
    source's (or, a title, the English fallback of a demo loaded before the language had
    its own); an editor's own text is kept."""
    english = source.get_translations().filter(locale__language_code="en").first()
    fallbacks = [source] + ([english.specific] if english and english.pk != translation.pk else [])
    changed = False
    for field, text in texts.items():
        current = getattr(translation, field)
        if current != text and any(current == getattr(page, field) for page in fallbacks):
            setattr(translation, field, text)
            changed = True
    if changed:
        publish(translation)


def _accounts(demo: Demo, units: dict[str, Unit]) -> list[Login]:
    """The demo accounts with new passwords; a coordinator's or deputy's is given to the
    person designated now (in every network they serve the unit in), which provisions the
    unit's group."""
    admins, editors = ensure_groups()
    user_model = get_user_model()
    logins = []
    for account in demo.accounts.accounts:
        password = secrets.token_urlsafe(12)
        user, _ = user_model.objects.get_or_create(
            username=account.username, defaults={"email": f"{account.username}@example.org"}
        )
        user.set_password(password)
        user.first_name, user.last_name = account.first_name, account.last_name
        user.is_staff = account.role == "admin"
        user.is_superuser = False
        user.save()
        if account.role == "admin":
            user.groups.add(admins)
        elif account.role == "editor":
            user.groups.add(editors)
        elif account.unit is not None:
            person = Coordinator.objects.filter(
                unit=units[account.unit],
                network=account.network,
                role=Role.COORDINATOR if account.role == "coordinator" else Role.DEPUTY,
                valid_to__isnull=True,
            ).first()
            if person is not None:
                if not (account.first_name or account.last_name):
                    user.first_name, user.last_name = split_name(person.name)
                    user.save(update_fields=["first_name", "last_name"])
                # The same person's designations in the unit's other networks are theirs
                # too: Beata Kowalska delivers for 3487/2023 and for 351/2026 alike.
                for designation in Coordinator.objects.filter(
                    unit=person.unit, name=person.name, valid_to__isnull=True
                ):
                    designation.user = user
                    designation.save(update_fields=["user"])  # signals: the reference index
        logins.append(Login(account.username, account.label, password))
    return logins


def _at(day: date) -> datetime:
    """Noon of ``day`` in the site's time zone: a delivery's day, as its timestamps keep it."""
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _deliveries(demo: Demo, units: dict[str, Unit]) -> None:
    """Each delivery once, found by its duty and deadline (the model's unique key); a
    delivery already there is left as it is, however far it has gone since.

    Submitted and returned ones get the history a unit and SZ would have left; an
    acknowledged one is acknowledged through ``Delivery.transition`` by the demo's SZ
    administrator, so the system's activity record fulfils that deadline, as in use.
    """
    reviewer = _sz(demo)
    for index, entry in enumerate(demo.deliveries.deliveries):
        unit = units[entry.unit]
        if Delivery.objects.filter(
            unit=unit, network=entry.network, obligation=entry.obligation, due=entry.due
        ).exists():
            continue
        duty = find_duty(unit, entry.obligation, network=entry.network, due=entry.due, on=entry.due)
        submitted_at = _at(entry.submitted_on)
        delivery = Delivery.objects.create(
            unit=unit,
            network=entry.network,
            obligation=entry.obligation,
            due=entry.due,
            period_start=duty.deadline.period_start,
            period_end=duty.deadline.period_end,
            status=DeliveryStatus.SUBMITTED,
            data=_checked(entry, index, duty),
            submitted_by=_designated_user(unit, entry.network),
            submitted_at=submitted_at,
        )
        DeliveryHistory.objects.create(
            delivery=delivery,
            from_status=DeliveryStatus.DRAFT,
            to_status=DeliveryStatus.SUBMITTED,
            user=delivery.submitted_by,
            at=submitted_at,
        )
        if entry.status == DeliveryStatus.ACKNOWLEDGED:
            delivery.transition(DeliveryStatus.ACKNOWLEDGED, reviewer)
        elif entry.status == DeliveryStatus.RETURNED:
            delivery.transition(DeliveryStatus.RETURNED, reviewer, entry.review_comment)


def _sz(demo: Demo) -> Any:
    """The demo's SZ administrator: who acknowledges deliveries and makes the reports."""
    admins = [a.username for a in demo.accounts.accounts if a.role == "admin"]
    return get_user_model().objects.get(username=admins[0])


def _reports(demo: Demo, today: date) -> None:
    """Each report generated from the data just loaded, approved (a snapshot with its
    files) and published by the demo's SZ administrator, as SZ does in Reports, then
    translated into the site's other languages and published there (files in each
    language); a report or translation already there is left as it is, however SZ has
    edited it since."""
    sz = _sz(demo)
    _source, *others = locales()
    for entry in demo.reports.reports:
        page = reports.report_page(entry.programme, entry.year)
        if page is None:
            page = reports.generate(entry.programme, entry.year, sz, today)
            if entry.written:
                page = _write(page, entry.written_in("pl"), sz)
            page = reports.publish(reports.approve(page, sz), sz)
        if reports.state(entry.programme, entry.year) is not reports.State.PUBLISHED:
            continue  # SZ's new version waits for approval: no translation of a draft
        for locale in others:
            if page.get_translation_or_none(locale) is None:
                _translate_report(page, locale, entry, sz)


def _translate_report(page: ReportPage, locale: Locale, entry: ReportEntry, sz: Any) -> None:
    """The report in ``locale`` as SZ makes it: translated (okcore's report in that
    language), the written sections in that language, published."""
    translation = reports.translate(page, locale, sz)
    if entry.written:
        translation = _write(translation, entry.written_in(locale.language_code), sz)
    reports.publish(translation, sz)


def _write(page: ReportPage, written: dict[str, str], sz: Any) -> ReportPage:
    """SZ's words in the written sections, as SZ types them in the editor: each section's
    heading stays, its outline gives way to the text (a new revision)."""
    page = page.get_latest_revision_as_object()
    report = page_report(page)
    edited: list[Block] = []
    for block in report.blocks:
        if isinstance(block, Heading) and block.written and block.key in written:
            paragraphs = [p.strip() for p in written[block.key].split("\n\n") if p.strip()]
            edited += [block, *(Paragraph(text=text) for text in paragraphs)]
    unknown = set(written) - {b.key for b in edited if isinstance(b, Heading)}
    if unknown:
        raise LoadError(
            "reports.yaml",
            [Problem(f"written.{key}", "no section SZ writes has this key") for key in unknown],
        )
    fill_page(page, report.model_copy(update={"blocks": keep_written(edited, report.blocks)}))
    page.save_revision(user=sz, log_action=True)
    saved: ReportPage = ReportPage.objects.get(pk=page.pk)
    return saved


def _checked(entry: DeliveryEntry, index: int, duty: Duty) -> dict[str, Any]:
    """The entry's data as the unit's form stores it; a LoadError naming each bad field."""
    fields = duty_fields(duty.unit, duty.network, duty.obligation, entry.due)
    given = {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in entry.data.items()
    }
    checked = check_delivery(fields, given, complete=True)
    if checked.errors:
        raise LoadError(
            "deliveries.yaml",
            [
                Problem(f"deliveries[{index}].data.{name}", message)
                for name, message in checked.errors.items()
            ],
        )
    return checked.data


def _designated_user(unit: Unit, network: str) -> Any:
    """The account of the unit's coordinator in the network, if the demo gave one."""
    person = (
        Coordinator.objects.filter(
            unit=unit, network=network, role=Role.COORDINATOR, valid_to__isnull=True
        )
        .exclude(user=None)
        .first()
    )
    return person.user if person is not None else None
