"""Events: meetings, trainings, festivals, with recurrence and exceptions."""

from __future__ import annotations

import enum
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator

from okcore.base import Id, Model
from okcore.text import Text

DEFAULT_TIME_ZONE = "Europe/Warsaw"


class EventStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    TENTATIVE = "tentative"
    CANCELLED = "cancelled"


class Frequency(enum.StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    YEARLY = "yearly"


class Recurrence(Model):
    frequency: Frequency
    interval: int = Field(default=1, ge=1)
    until: date | None = Field(default=None, description="Last day an occurrence may start")
    count: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _one_end(self) -> Recurrence:
        if self.until is not None and self.count is not None:
            raise ValueError("a recurrence ends either on a date (until) or after a count")
        return self


class MovedOccurrence(Model):
    """One occurrence of a series held at another time."""

    original_start: datetime | date
    start: datetime | date
    end: datetime | date | None = None
    location: Text | None = None


class Event(Model):
    """An event as residents see it; times are wall-clock in ``time_zone``.

    All-day events use dates, ``end`` being the last day (inclusive, as people say
    "1–3 December"; the feed writes the day after as DTEND); timed events use naive
    datetimes read in the event's time zone, so a weekly 18:00 meeting stays at 18:00
    across the daylight-saving changes.
    """

    id: Id = Field(description="Stable id; the iCal UID is built from it")
    title: Text
    description: Text | None = None
    start: datetime | date
    end: datetime | date | None = None
    time_zone: str = DEFAULT_TIME_ZONE
    recurrence: Recurrence | None = None
    cancelled_occurrences: list[datetime | date] = Field(default_factory=list)
    moved_occurrences: list[MovedOccurrence] = Field(default_factory=list)
    location: Text | None = None
    url: str | None = None
    categories: list[Id] = Field(default_factory=list)
    status: EventStatus = EventStatus.CONFIRMED
    unit: Id | None = None
    program: Id | None = Field(
        default=None,
        description="Id of the programme whose calendars show it (a plugin's calendar item); "
        "empty: none of them",
    )
    sequence: int = Field(default=0, ge=0)
    last_modified: datetime | None = None

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a known time zone") from None
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Event:
        if self.end is not None:
            if isinstance(self.start, datetime) != isinstance(self.end, datetime):
                raise ValueError("start and end must both be dates or both be date-times")
            if self.end < self.start:
                raise ValueError("end is before start")
        for moment in (self.start, self.end):
            if isinstance(moment, datetime) and moment.tzinfo is not None:
                raise ValueError("give wall-clock times without an offset; set time_zone")
        return self

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)
