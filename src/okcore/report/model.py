"""The report as a document: blocks in reading order, every text already in one language.

Flat on purpose: a heading opens a section, the blocks after it belong to it until the
next heading of its level or above. That is how the site's editor (a StreamField) and the
office formats (DOCX, ODT) hold a document, so one shape serves building, editing,
snapshots and every renderer. Plain data, JSON both ways (``Report.model_validate``), so an
approved report can be kept exactly as it was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from okcore.base import Model
from okcore.program import Measurement, Program


class Heading(Model):
    """Opens a section; ``key`` names the generated ones (``goal-2``, ``risks``, ``summary``)
    so that regenerating a draft keeps what SZ wrote in the written sections."""

    kind: Literal["heading"] = "heading"
    level: int = Field(ge=1, le=3)
    text: str = Field(min_length=1)
    key: str | None = None
    #: Written by people (summary, conclusions, recommendations): the blocks up to the next
    #: heading are kept as they are when the draft is generated again.
    written: bool = False


class Paragraph(Model):
    kind: Literal["paragraph"] = "paragraph"
    text: str


class BulletList(Model):
    kind: Literal["list"] = "list"
    items: list[str]


class Quote(Model):
    """Words of a unit, quoted with its name (a unit's reporting material)."""

    kind: Literal["quote"] = "quote"
    text: str
    source: str


class Table(Model):
    """A data table: ``header`` is the row of column headers; with ``row_headers`` the
    first cell of each row heads that row (an indicator's name, a unit's)."""

    kind: Literal["table"] = "table"
    caption: str
    header: list[str]
    rows: list[list[str]]
    row_headers: bool = True


class ChartRow(Model):
    """One indicator in a chart: baseline, the year's value, target (any may be missing)."""

    name: str
    baseline: float | None = None
    value: float | None = None
    target: float | None = None
    target_label: str = ""
    #: A compound indicator's parts, each drawn as a row of its own under the name.
    parts: list[ChartRow] = Field(default_factory=list)


class Chart(Model):
    """The public pages' bar chart for a goal's indicators; its numbers are in a table too."""

    kind: Literal["chart"] = "chart"
    key: str = Field(description="Stable, for HTML ids: e.g. the goal's uid")
    title: str
    description: str
    rows: list[ChartRow]
    #: The legend's words, in the report's language: baseline, value, target.
    labels: tuple[str, str, str] = ("baseline", "value", "target")
    #: The common scale's name under its axis, in the report's language.
    axis_label: str = "% of target"
    #: Said in place of bars for a row without a numeric target (no common scale for it).
    no_target_label: str = "no numeric target"


Block = Annotated[
    Heading | Paragraph | BulletList | Quote | Table | Chart, Field(discriminator="kind")
]
#: The block classes, for checking what a plugin returns.
BLOCK_TYPES = (Heading, Paragraph, BulletList, Quote, Table, Chart)


class Report(Model):
    """The whole document. The title page is made from the fields; ``blocks`` follow it."""

    program: str
    year: int
    language: str = Field(description="BCP 47 tag of the text: 'pl', 'en', 'uk'")
    title: str
    program_title: str
    city: str | None = None
    #: The legal basis in words (the programme's acts, the obligation asking for the report).
    legal_basis: list[str] = Field(default_factory=list)
    #: The day the data was read: the report speaks of the portal's data as of that day.
    data_date: date
    blocks: list[Block] = Field(default_factory=list)


# The year's data, read by the site (or a script) and handed to the builder: plain values,
# so okcore needs no database.


@dataclass(frozen=True)
class Material:
    """One implementer's words on one task for the year (an acknowledged delivery of the
    reporting material, e.g. 3487/2023 §3 pt 4)."""

    unit: str
    unit_name: str
    goal: int
    task: int
    actions: str = ""
    figures: str = ""
    attachments: tuple[str, ...] = ()
    submitted: date | None = None


@dataclass(frozen=True)
class OtherActions:
    """A unit's actions for the programme outside its tasks (the form's ``other_actions``)."""

    unit: str
    unit_name: str
    text: str


@dataclass(frozen=True)
class Reassessment:
    """A risk rated again by SZ in the year (the document's rating stays in the programme)."""

    risk: int
    assessed_on: date
    rating: int
    note: str = ""


@dataclass(frozen=True)
class UnitCompliance:
    """How one unit kept its network's deadlines that fell due in the year."""

    unit: str
    unit_name: str
    network: str
    network_title: str
    met: int = 0
    late: int = 0
    missing: int = 0
    pending: int = 0


@dataclass(frozen=True)
class ReportData:
    """Everything a report for one programme and year is built from."""

    program: Program
    year: int
    #: The day the data was read (the report's "date of the data").
    today: date
    #: Approved measurements of the programme, every year (earlier years for comparison).
    measurements: Sequence[Measurement] = ()
    #: Unit id -> name, for contributions and quotes.
    unit_names: Mapping[str, str] = field(default_factory=dict)
    materials: Sequence[Material] = ()
    other_actions: Sequence[OtherActions] = ()
    reassessments: Sequence[Reassessment] = ()
    compliance: Sequence[UnitCompliance] = ()
