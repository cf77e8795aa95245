"""The demo's data files (``cms/demo/data/*.yaml``), read and checked before anything is written.

Each file is read with okcore's loader, so a malformed one fails with the file and the
path of the bad value, e.g. ``events.yaml: events[2].in_days: 'x' is not a whole number``;
then references between files (a unit's slug) are checked the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from cms.core.registry import registry
from cms.deliveries.models import Status as DeliveryStatus
from cms.events.models import Category
from cms.indicators.models import Status
from cms.network.models import Role
from okcore.base import Problem
from okcore.load import LoadError, load_file

DATA_DIR = Path(__file__).resolve().parent / "data"


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Texts(_Entry):
    """A text in the site's languages: Polish required, the others optional."""

    pl: str
    en: str = ""
    uk: str = ""

    def given(self) -> set[str]:
        """The texts given, in every language."""
        return set(self.by_language().values())

    def by_language(self) -> dict[str, str]:
        """The texts given, by language code (as the site's JSON text fields keep them)."""
        texts = {"pl": self.pl, "en": self.en, "uk": self.uk}
        return {code: text for code, text in texts.items() if text}

    def in_language(self, code: str) -> str:
        """The text in ``code``; a missing translation falls back to English, then Polish."""
        text: str = getattr(self, code, "")
        return text or self.en or self.pl


class UnitEntry(_Entry):
    slug: str
    code: str = ""
    names: Texts
    contact_public: bool


class Units(_Entry):
    page_body: Texts
    units: list[UnitEntry]


class Designation(_Entry):
    unit: str
    network: str
    role: Role
    name: str
    function: str
    valid_from: date
    valid_to: date | None = None


class Coordinators(_Entry):
    public_contact_consents: dict[str, date]
    designations: list[Designation]


class Record(_Entry):
    unit: str
    network: str
    kind: str
    date: date


class ActivityRecords(_Entry):
    records: list[Record]


class MeasurementEntry(_Entry):
    indicator: str
    unit: str
    period: int
    value: int | float | None = None
    components: dict[str, int | float] = {}
    status: Status = Status.APPROVED
    review_comment: str = ""

    @model_validator(mode="after")
    def _value_or_components(self) -> MeasurementEntry:
        if (self.value is None) == (not self.components):
            raise ValueError("give either value or components")
        return self


class Measurements(_Entry):
    programme: str
    measurements: list[MeasurementEntry]


class Assessment(_Entry):
    risk: str
    assessed_on: date
    #: The programme's risk scale runs from 1 to 7 (Program, the risk register).
    rating: Annotated[int, Field(ge=1, le=7)]
    note: str


class Risks(_Entry):
    assessments: list[Assessment]


class NewsEntry(_Entry):
    unit: str | None = None
    days_ago: int
    titles: Texts
    #: The lead (the page's intro, plain text) and the body (rich text), in each language.
    leads: Texts
    bodies: Texts


class News(_Entry):
    news: list[NewsEntry]


class DeliveryEntry(_Entry):
    """A delivery a unit sent SZ, and how far SZ has taken it."""

    unit: str
    network: str
    obligation: str
    due: date
    submitted_on: date
    status: Literal[DeliveryStatus.SUBMITTED, DeliveryStatus.RETURNED, DeliveryStatus.ACKNOWLEDGED]
    review_comment: str = ""
    #: The form's values by field name; the loader checks them against the unit's form.
    data: dict[str, str | int | float | date | list[int]]

    @model_validator(mode="after")
    def _comment(self) -> DeliveryEntry:
        if (self.status == DeliveryStatus.RETURNED) != bool(self.review_comment.strip()):
            raise ValueError("a returned delivery needs SZ's review_comment, the others none")
        return self


class Deliveries(_Entry):
    deliveries: list[DeliveryEntry]


def _polish_only(value: Any) -> Any:
    """A written section given as plain text is its Polish text."""
    return {"pl": value} if isinstance(value, str) else value


#: A written section's text: ``{pl: …, en: …, uk: …}``, or plain text for Polish only.
WrittenText = Annotated[Texts, BeforeValidator(_polish_only)]


class ReportEntry(_Entry):
    """A programme's report on a year (Program §6 ust. 8), made and published by SZ, with
    its translations into the site's other languages."""

    programme: str
    year: int
    #: What SZ writes before approving, by the written section's key (summary, conclusions,
    #: recommendations), in each language (a translation missing falls back to English,
    #: then Polish, like the other texts): paragraphs apart by a blank line. A published
    #: report keeps no "[To write: …]" outline.
    written: dict[str, WrittenText] = Field(default_factory=dict)

    def written_in(self, code: str) -> dict[str, str]:
        """The written sections' texts in the language ``code``."""
        return {key: text.in_language(code) for key, text in self.written.items()}


class Reports(_Entry):
    reports: list[ReportEntry]


def _in_quotes(value: Any) -> Any:
    """Unquoted, YAML reads 10:00 as the number 600, which would pass for 00:10."""
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{value!r} is not a time: write it in quotes, e.g. '10:00'")
    return value


QuotedTime = Annotated[time | None, BeforeValidator(_in_quotes)]


class EventEntry(_Entry):
    titles: Texts
    category: Category
    in_days: int
    start_time: QuotedTime = None
    end_time: QuotedTime = None
    location: str
    unit: str
    goal: str


class Events(_Entry):
    events: list[EventEntry]


class Account(_Entry):
    username: str
    label: str
    #: Wagtail's account settings require a name; a coordinator's or deputy's account
    #: takes the designated person's when these are empty.
    first_name: str = ""
    last_name: str = ""
    role: Literal["admin", "editor", "coordinator", "deputy"]
    unit: str | None = None
    network: str | None = None

    @model_validator(mode="after")
    def _designation(self) -> Account:
        if (self.role in ("coordinator", "deputy")) != (self.unit is not None):
            raise ValueError("a coordinator or deputy account needs a unit, the others none")
        return self


class Accounts(_Entry):
    accounts: list[Account]


class City(_Entry):
    """The demo city's settings for the default site (cms.core.models.CitySettings)."""

    city: Texts
    portal_name: Texts
    footer: Texts
    contact_email: str
    contact_phone: str
    contact_address: str
    accessibility_contact: str
    uid_domain: str


@dataclass(frozen=True)
class Demo:
    """Everything the demo makes, as the data files describe it."""

    units: Units
    coordinators: Coordinators
    records: ActivityRecords
    measurements: Measurements
    risks: Risks
    news: News
    events: Events
    accounts: Accounts
    city: City
    deliveries: Deliveries
    reports: Reports

    def titles(self) -> set[str]:
        """Every title the demo gives a unit, news or event page, in every language."""
        texts = [unit.names for unit in self.units.units]
        texts += [news.titles for news in self.news.news]
        texts += [event.titles for event in self.events.events]
        return {title for text in texts for title in text.given()}


def _unknown_units(demo: Demo) -> dict[str, list[Problem]]:
    """Every reference to a unit that units.yaml does not define, by file."""
    known = {unit.slug for unit in demo.units.units}
    references: dict[str, list[tuple[str, str | None]]] = {
        "coordinators.yaml": [
            (f"designations[{i}].unit", d.unit)
            for i, d in enumerate(demo.coordinators.designations)
        ],
        "activity_records.yaml": [
            (f"records[{i}].unit", r.unit) for i, r in enumerate(demo.records.records)
        ],
        "measurements.yaml": [
            (f"measurements[{i}].unit", m.unit)
            for i, m in enumerate(demo.measurements.measurements)
        ],
        "news.yaml": [(f"news[{i}].unit", n.unit) for i, n in enumerate(demo.news.news)],
        "events.yaml": [(f"events[{i}].unit", e.unit) for i, e in enumerate(demo.events.events)],
        "accounts.yaml": [
            (f"accounts[{i}].unit", a.unit) for i, a in enumerate(demo.accounts.accounts)
        ],
        "deliveries.yaml": [
            (f"deliveries[{i}].unit", d.unit) for i, d in enumerate(demo.deliveries.deliveries)
        ],
    }
    problems = {
        source: [
            Problem(path, f"{slug!r} is not a unit in units.yaml")
            for path, slug in paths
            if slug is not None and slug not in known
        ]
        for source, paths in references.items()
    }
    return {source: found for source, found in problems.items() if found}


def _unknown_programme_items(demo: Demo) -> dict[str, list[Problem]]:
    """Measurements and re-assessments must name an installed programme's indicators and risks."""
    programs = registry().programs
    program = programs.get(demo.measurements.programme)
    if program is None:
        known = ", ".join(sorted(programs)) or "none"
        problem = Problem(
            "programme", f"{demo.measurements.programme!r} is not installed ({known})"
        )
        return {"measurements.yaml": [problem]}
    problems = {
        "measurements.yaml": [
            Problem(f"measurements[{i}].indicator", f"{m.indicator!r} is not in {program.id}")
            for i, m in enumerate(demo.measurements.measurements)
            if m.indicator not in program.indicators
        ],
        "risks.yaml": [
            Problem(f"assessments[{i}].risk", f"{a.risk!r} is not a risk of an installed programme")
            for i, a in enumerate(demo.risks.assessments)
            if a.risk not in {p.risk_uid(r) for p in programs.values() for r in p.risks}
        ],
    }
    return {source: found for source, found in problems.items() if found}


def _unknown_duties(demo: Demo) -> dict[str, list[Problem]]:
    """A delivery must name an installed network's obligation that has a delivery form."""
    networks = registry().networks
    problems = []
    for i, entry in enumerate(demo.deliveries.deliveries):
        network = networks.get(entry.network)
        if network is None:
            known = ", ".join(sorted(networks)) or "none"
            problems.append(
                Problem(f"deliveries[{i}].network", f"{entry.network!r} is not installed ({known})")
            )
            continue
        forms = [o.id for o in network.obligations if o.delivery is not None]
        if entry.obligation not in forms:
            problems.append(
                Problem(
                    f"deliveries[{i}].obligation",
                    f"{entry.obligation!r} is not a duty of {entry.network} with a delivery "
                    f"form ({', '.join(forms)})",
                )
            )
    return {"deliveries.yaml": problems} if problems else {}


def _unknown_report_years(demo: Demo) -> dict[str, list[Problem]]:
    """A report must be on a year of an installed programme's period."""
    programs = registry().programs
    problems = []
    for i, entry in enumerate(demo.reports.reports):
        program = programs.get(entry.programme)
        if program is None:
            known = ", ".join(sorted(programs)) or "none"
            problems.append(
                Problem(
                    f"reports[{i}].programme", f"{entry.programme!r} is not installed ({known})"
                )
            )
        elif entry.year not in program.period.years:
            problems.append(
                Problem(
                    f"reports[{i}].year",
                    f"{entry.year} is outside {program.id} "
                    f"({program.period.start}–{program.period.end})",
                )
            )
    return {"reports.yaml": problems} if problems else {}


def read_demo(directory: Path = DATA_DIR) -> Demo:
    """Read and check every data file; raise :class:`LoadError` naming the file and path."""
    demo = Demo(
        units=load_file(directory / "units.yaml", Units),
        coordinators=load_file(directory / "coordinators.yaml", Coordinators),
        records=load_file(directory / "activity_records.yaml", ActivityRecords),
        measurements=load_file(directory / "measurements.yaml", Measurements),
        risks=load_file(directory / "risks.yaml", Risks),
        news=load_file(directory / "news.yaml", News),
        events=load_file(directory / "events.yaml", Events),
        accounts=load_file(directory / "accounts.yaml", Accounts),
        city=load_file(directory / "city.yaml", City),
        deliveries=load_file(directory / "deliveries.yaml", Deliveries),
        reports=load_file(directory / "reports.yaml", Reports),
    )
    unknown = (
        _unknown_units(demo)
        or _unknown_programme_items(demo)
        or _unknown_duties(demo)
        or _unknown_report_years(demo)
    )
    if unknown:
        source, problems = next(iter(unknown.items()))
        raise LoadError(source, problems)
    return demo
