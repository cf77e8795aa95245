"""Legal acts, the obligations they impose, and when those fall due."""

from __future__ import annotations

import enum
from datetime import date
from typing import Annotated, Literal

from pydantic import Field, model_validator

from okcore.base import Id, Model, Slug
from okcore.citation import CitationText
from okcore.deliveries import DeliveryForm
from okcore.text import Text


class LegalActKind(enum.StrEnum):
    RESOLUTION = "resolution"  # uchwała Rady Miasta
    ORDINANCE = "ordinance"  # zarządzenie Prezydenta Miasta
    STATUTE = "statute"  # ustawa
    PROGRAMME = "programme"  # a programme document adopted by a resolution


class LegalAct(Model):
    """A resolution, ordinance or statute; rules apply only while it is in force."""

    id: Slug
    kind: LegalActKind
    label: str = Field(
        min_length=1, description="How citations name it: '351/2026', 'Program', 'LII/964/16'"
    )
    number: str | None = None
    title: Text
    signed: date | None = None
    in_force_from: date | None = None
    repeals: list[Slug] = Field(default_factory=list, description="Ids of acts it repeals")
    repealed_by: Slug | None = None
    repealed_on: date | None = Field(default=None, description="First day no longer in force")
    url: str | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _dates(self) -> LegalAct:
        if self.in_force_from and self.repealed_on and self.repealed_on < self.in_force_from:
            raise ValueError("repealed_on is before in_force_from")
        return self

    def in_force_on(self, day: date) -> bool:
        if self.in_force_from is None or day < self.in_force_from:
            return False
        return self.repealed_on is None or day < self.repealed_on


class Basis(enum.StrEnum):
    """Who set a computed date: the act's own words, or a policy choice made where it is silent."""

    LAW = "law"
    POLICY = "policy"


class Bearer(enum.StrEnum):
    """Who bears an obligation."""

    UNIT_HEAD = "unit_head"  # kierujący jednostką
    COORDINATOR = "coordinator"  # koordynator (and deputies)
    HUB = "hub"  # the hub unit, e.g. SZ
    MAYOR = "mayor"  # Prezydent Miasta
    PROGRAMME_COORDINATOR = "programme_coordinator"
    SUPERVISOR = "supervisor"  # who supervises a programme, e.g. Program §6 ust. 1
    IMPLEMENTER = "implementer"  # realizator of a programme task (Table 1)

    @property
    def per_unit(self) -> bool:
        return self in (Bearer.UNIT_HEAD, Bearer.COORDINATOR)


class Ongoing(Model):
    """A standing duty with no date: 'on an ongoing basis'."""

    kind: Literal["ongoing"] = "ongoing"


class OnDate(Model):
    kind: Literal["date"] = "date"
    due: date


class AfterEvent(Model):
    """Due a number of days after an event; ``days`` empty means 'without delay'.

    The text never puts a number on 'niezwłocznie': the network's
    ``without_delay_days`` setting decides how long that is.
    """

    kind: Literal["after_event"] = "after_event"
    event: Slug = Field(description="'entry_into_force', 'coordinator_change' or a city's own")
    days: int | None = Field(default=None, ge=0)


class Offset(Model):
    months: int = 0
    days: int = 0


class Frequency(enum.StrEnum):
    YEARLY = "yearly"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"


class Recurring(Model):
    """Due once per period (year, quarter, month), ``after`` the end of the period."""

    kind: Literal["recurring"] = "recurring"
    frequency: Frequency
    after: Offset = Field(default_factory=Offset, description="Offset from the period's last day")
    periods_from: date | None = Field(default=None, description="First day of the first period")
    periods_until: date | None = Field(default=None, description="Last day of the last period")


class External(Model):
    """Dates set by a document outside the act; a network setting can supply them."""

    kind: Literal["external"] = "external"
    reference: Text


Timing = Annotated[
    Ongoing | OnDate | AfterEvent | Recurring | External, Field(discriminator="kind")
]


class Obligation(Model):
    """A duty with its source paragraph, who bears it, and when it is due."""

    id: Slug
    act: Slug = Field(description="Id of the legal act that imposes it")
    source: CitationText
    bearer: Bearer
    title: Text
    text: Text | None = Field(default=None, description="The source wording")
    public: bool = Field(
        default=False,
        description="Its deadlines appear in the programme's public calendars; "
        "empty: only in the bearers' own (due panels, private feeds)",
    )
    report: bool = Field(
        default=False,
        description="Its deadlines are the programme's report to the council (e.g. Program "
        "§6 ust. 8): the report generator and the due panel find the report's obligation by it",
    )
    timing: Timing = Field(default_factory=Ongoing)
    evidence: Slug | None = Field(
        default=None,
        description="Kind of activity record that fulfils it, e.g. 'contact_data_sent'",
    )
    basis: Basis | None = Field(
        default=None,
        description="Who set the date: 'law' or 'policy'; empty: policy when policy_note is set",
    )
    policy_note: Text | None = Field(
        default=None, description="Where a date is a policy choice rather than the act's"
    )
    hub_exempt: Text | None = Field(
        default=None,
        description="Why the hub unit does not bear this per-unit duty (a policy); empty: it does",
    )
    required_data: list[str] = Field(
        default_factory=list,
        description="Coordinator fields a delivery must carry: 'function', 'phone', 'email'",
    )
    delivery: DeliveryForm | None = Field(
        default=None,
        description="The form a unit fills in to deliver it to the hub; empty: no delivery",
    )

    @model_validator(mode="after")
    def _basis_explained(self) -> Obligation:
        if self.basis is Basis.POLICY and self.policy_note is None:
            raise ValueError("a policy basis needs a policy_note saying whose choice the date is")
        if self.delivery is not None and self.evidence is None:
            raise ValueError(
                "a delivery fulfils an obligation through its evidence: set 'evidence'"
            )
        return self

    @property
    def date_basis(self) -> Basis:
        """'Without delay' has no number in law, so its days are always policy."""
        if isinstance(self.timing, AfterEvent) and self.timing.days is None:
            return Basis.POLICY
        if self.basis is not None:
            return self.basis
        return Basis.POLICY if self.policy_note else Basis.LAW


class Deadline(Model):
    """A computed date on which an obligation falls due."""

    obligation: Slug
    due: date
    title: Text
    source: CitationText
    bearer: Bearer
    period_start: date | None = None
    period_end: date | None = None
    unit: Id | None = None
    owner: Id | None = Field(default=None, description="Programme or network the rule is from")
    basis: Basis = Basis.LAW
    policy_note: Text | None = None
    implementers: list[Slug] = Field(
        default_factory=list, description="Units implementing a programme task due on this day"
    )
