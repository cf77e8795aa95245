"""Test data for the site (factory-boy)."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory
from django.contrib.auth import get_user_model

from cms.core.registry import registry
from cms.indicators.models import Measurement
from cms.network.models import Coordinator, Role, Unit
from okcore.program import Program


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or f"pw-{self.username}")
        if create:
            self.save()


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("slug",)

    class Params:
        #: The Polish name, the one every unit has.
        name = factory.LazyAttribute(lambda u: f"Jednostka {u.slug}")

    slug = factory.Sequence(lambda n: f"unit-{n}")
    names = factory.LazyAttribute(lambda u: {"pl": u.name})


class CoordinatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coordinator

    unit = factory.SubFactory(UnitFactory)
    network = "open-krakow-coordinators"
    role = Role.COORDINATOR
    name = factory.Faker("name", locale="pl_PL")
    valid_from = date(2023, 11, 27)


def sample_values(indicator: str, number: float = 160.0) -> dict[str, Any]:
    """A valid reading of the indicator: one number, or one per part of a compound target."""
    program_id, key = Program.parse_indicator_uid(indicator)
    target = registry().programs[program_id].indicator(key).target
    if target.is_compound:
        return {"value": None, "components": {part.key: number for part in target.components}}
    return {"value": number, "components": {}}


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = "open-krakow-2024-2028/indicator/schools-and-residents-reached"
    period = 2025
    value = factory.LazyAttribute(lambda m: sample_values(m.indicator)["value"])
    components = factory.LazyAttribute(lambda m: sample_values(m.indicator)["components"])
    unit = factory.SubFactory(UnitFactory, slug="wydzial-edukacji", name="Wydział Edukacji")
