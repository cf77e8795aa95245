"""Coordinator networks: units, their coordinators and deputies, and what they did."""

from __future__ import annotations

import datetime
import enum
from datetime import date

from pydantic import EmailStr, Field, model_validator

from okcore.base import Id, Model, Slug
from okcore.legal import LegalAct, Obligation, Timing
from okcore.text import Text

#: Policy default for 'niezwłocznie' (without delay). Not a number from any act.
DEFAULT_WITHOUT_DELAY_DAYS = 7


class ValidityMixin(Model):
    valid_from: date | None = None
    valid_to: date | None = Field(default=None, description="Last day (inclusive)")

    @model_validator(mode="after")
    def _ordered(self) -> ValidityMixin:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError(f"valid_to {self.valid_to} is before valid_from {self.valid_from}")
        return self

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Unit(Model):
    """A department of the City Office or a municipal body ('jednostka')."""

    id: Id
    code: str | None = Field(default=None, description="The office's own code, e.g. 'SZ'")
    name: Text
    established: date | None = None
    dissolved: date | None = Field(default=None, description="First day it no longer exists")
    contact_public: bool = False

    def exists_on(self, day: date) -> bool:
        return (self.established is None or self.established <= day) and (
            self.dissolved is None or day < self.dissolved
        )


class Role(enum.StrEnum):
    COORDINATOR = "coordinator"
    DEPUTY = "deputy"


class Coordinator(ValidityMixin):
    """A person designated by a unit head, for a date range."""

    unit: Id
    role: Role
    name: str = Field(min_length=1)
    function: str | None = None
    phone: str | None = None
    email: EmailStr | None = None


class NetworkSettings(Model):
    """Policy choices a city makes where the act leaves a number open."""

    without_delay_days: int = Field(default=DEFAULT_WITHOUT_DELAY_DAYS, ge=0)
    vacancy_grace_days: int | None = Field(
        default=None,
        ge=0,
        description="Days to fill a post after its holder leaves; empty: without_delay_days",
    )
    timing_overrides: dict[Slug, Timing] = Field(
        default_factory=dict, description="Obligation id -> timing, replacing the default"
    )


class CoordinatorNetwork(Model):
    """The coordinators that a legal act asks every unit to name."""

    id: Id
    title: Text
    legal_act: Slug = Field(description="Id of the act that sets the network up")
    legal_acts: list[LegalAct] = Field(default_factory=list)
    obligations: list[Obligation] = Field(default_factory=list)
    hub: Id | None = Field(default=None, description="Id of the hub unit, e.g. SZ")
    program: Id | None = None
    settings: NetworkSettings = Field(default_factory=NetworkSettings)
    units: list[Unit] = Field(default_factory=list)
    coordinators: list[Coordinator] = Field(default_factory=list)


class ActivityRecord(Model):
    """Something a unit did that fulfils an obligation: data sent, a meeting held."""

    unit: Id
    kind: Slug
    date: date
    obligation: Slug | None = Field(default=None, description="Restrict it to one obligation")
    due: datetime.date | None = Field(
        default=None,
        description="The due date of the one deadline it fulfils (an acknowledged delivery's); "
        "empty: the earliest deadline still open",
    )
    note: str | None = None


class StateSettings(Model):
    without_delay_days: int | None = Field(default=None, ge=0)
    vacancy_grace_days: int | None = Field(default=None, ge=0)
    timing_overrides: dict[Slug, Timing] = Field(default_factory=dict)


class NetworkState(Model):
    """A network's people and activity at some point, as a city records them."""

    network: Id
    units: list[Unit] = Field(default_factory=list)
    coordinators: list[Coordinator] = Field(default_factory=list)
    records: list[ActivityRecord] = Field(default_factory=list)
    settings: StateSettings = Field(default_factory=StateSettings)
