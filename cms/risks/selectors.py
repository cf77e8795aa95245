"""The one read path for risk ratings: each risk's current rating and its re-assessments."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from cms.risks.models import RiskAssessment
from okcore.program import Program, Risk, RiskLevel


@dataclass(frozen=True)
class RiskRating:
    """A risk with its re-assessments, newest first; the latest one is the current rating,
    the document's rating until there is one."""

    program: Program
    risk: Risk
    history: list[RiskAssessment] = field(default_factory=list)

    @property
    def latest(self) -> RiskAssessment | None:
        return self.history[0] if self.history else None

    @property
    def rating(self) -> int:
        return self.history[0].rating if self.history else self.risk.rating

    @property
    def level(self) -> RiskLevel:
        return RiskLevel.for_rating(self.rating)


def current_ratings(programs: Iterable[Program]) -> list[RiskRating]:
    """Every risk of the programmes, in their order, with its history (one query)."""
    programs = list(programs)
    assessments = RiskAssessment.objects.order_by("-assessed_on", "-id")
    if len(programs) == 1:
        assessments = assessments.filter(risk__startswith=programs[0].uid_prefix)
    history: dict[str, list[RiskAssessment]] = defaultdict(list)
    for assessment in assessments:
        history[assessment.risk].append(assessment)
    return [
        RiskRating(program, risk, history[program.risk_uid(risk)])
        for program in programs
        for risk in program.risks
    ]
