"""The indicators' answers kept ready: each indicator's JSON, computed once per change of
what it shows and written out as bytes on every request after.

An indicator's representation (IndicatorSerializer: the registry's texts in one language,
its approved values and the status per year) depends only on the programme, the language,
the year asked for and the :class:`~cms.indicators.selectors.Version` of the programme's
approved values; the version is one cheap query per request, so an approval, a return or
a deletion shows at once and a draft or a submitted value changes nothing. An answer is
kept only under the version read both before and after it was computed: one computed
while a change committed is served, never kept for a state it was not computed from.
What is kept lives in the process, beside the registry it was computed from: no cache
server to ask, nothing to unpickle, no copy of another release's rules.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from rest_framework.renderers import JSONRenderer

from cms.api.serializers import GoalItem, IndicatorItem, IndicatorSerializer
from cms.indicators.selectors import Version, approved_rows, approved_versions
from cms.indicators.selectors import statuses as indicator_statuses
from okcore.program import Program

#: Programmes × languages × years asked for kept per process (about 80 KiB each for a
#: programme of 10 indicators with 700 approved values).
KEPT = 256


def with_measurements(
    wanted: Iterable[tuple[GoalItem, Any]], year: int | None
) -> list[IndicatorItem]:
    """Indicators with their approved values (one query for all) and statuses."""
    wanted = list(wanted)
    rows = approved_rows(g.program.indicator_uid(i) for g, i in wanted)
    found = []
    for goal_item, indicator in wanted:
        own = rows[goal_item.program.indicator_uid(indicator)]
        core = [m.as_core() for m in own]
        statuses = indicator_statuses(goal_item.program, indicator, core, year)
        found.append(IndicatorItem(goal_item.program, goal_item.goal, indicator, own, statuses))
    return found


@dataclass(frozen=True)
class PreparedIndicator:
    """One indicator's answer, with what lists filter and sort it by."""

    programme: str
    goal: int
    number: int
    key: str
    json: bytes


#: The kept answers by programme, language, year asked for and version, the least
#: recently used first.
ANSWERS: OrderedDict[tuple[str, str, int | None, Version], tuple[PreparedIndicator, ...]] = (
    OrderedDict()
)
_answers_lock = threading.Lock()


def prepared(
    programs: Sequence[Program], language: str, year: int | None
) -> list[PreparedIndicator]:
    """Every indicator of the programmes, in order, as IndicatorSerializer writes it in
    ``language`` (the status for ``year``, or for every year so far): kept ones for the
    current version; a programme's whose version is new computed in one pass over one
    query's rows, and kept if the version read again after is the same."""
    versions = approved_versions(programs)
    keys = {program.id: (program.id, language, year, versions[program.id]) for program in programs}
    found: dict[str, tuple[PreparedIndicator, ...]] = {}
    missing = []
    for program in programs:
        answer = _kept(keys[program.id])
        if answer is None:
            missing.append(program)
            answer = _prepare(program, language, year)
        found[program.id] = answer
    if missing:
        after = approved_versions(programs)
        for program in missing:
            if after[program.id] == versions[program.id]:
                _keep(keys[program.id], found[program.id])
    return [item for program in programs for item in found[program.id]]


def _kept(key: tuple[str, str, int | None, Version]) -> tuple[PreparedIndicator, ...] | None:
    with _answers_lock:
        answer = ANSWERS.get(key)
        if answer is not None:
            ANSWERS.move_to_end(key)
        return answer


def _keep(key: tuple[str, str, int | None, Version], answer: tuple[PreparedIndicator, ...]) -> None:
    with _answers_lock:
        ANSWERS[key] = answer
        ANSWERS.move_to_end(key)
        while len(ANSWERS) > KEPT:
            ANSWERS.popitem(last=False)


def _prepare(program: Program, language: str, year: int | None) -> tuple[PreparedIndicator, ...]:
    """Every indicator of the programme, in order, from one query's rows."""
    wanted = [(GoalItem(program, goal), i) for goal in program.goals for i in goal.indicators]
    with translation.override(language):
        return tuple(
            PreparedIndicator(
                program.id,
                item.goal.number,
                item.indicator.number,
                program.indicator_uid(item.indicator),
                JSONRenderer().render(IndicatorSerializer(item).data),
            )
            for item in with_measurements(wanted, year)
        )


class Encoded(bytes):
    """An answer's JSON, already written: PreparedJSONRenderer sends it as it is."""

    @classmethod
    def page(cls, envelope: dict[str, Any], results: Sequence[PreparedIndicator]) -> Encoded:
        """A page of a list: the paginator's count and links, then the results' JSON."""
        head = JSONRenderer().render({k: v for k, v in envelope.items() if k != "results"})
        items = b",".join(item.json for item in results)
        return cls(head[:-1] + b',"results":[' + items + b"]}")


class PreparedJSONRenderer(JSONRenderer):
    """DRF's JSON renderer, which passes :class:`Encoded` answers through unchanged (the
    browsable API shows them too: it asks the view's first renderer for the content)."""

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if isinstance(data, Encoded):
            return bytes(data)
        return super().render(data, accepted_media_type, renderer_context)
