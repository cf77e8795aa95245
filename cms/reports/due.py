"""The report's row in SZ's due panel: its deadline, 30 April of the following year
(Program §6 ust. 8), read from the obligation the programme's data mark ``report``, and
where the report for that year stands."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext

from cms.core.registry import Derived, text
from cms.dashboard.panels import DueRow
from cms.reports import services
from cms.reports.access import managed_programmes
from okcore.legal import Deadline
from okcore.registry import Registry
from okcore.report.build import report_obligation
from okcore.services.deadlines import obligation_deadlines


def _report_deadlines(loaded: Registry, today: date) -> dict[str, list[Deadline]]:
    """Every programme's report deadlines from its start to a year ahead, by programme."""
    found = {}
    for program in loaded.programs.values():
        obligation = report_obligation(loaded, program)
        if obligation is not None:
            act = loaded.legal_acts[obligation.act]
            found[program.id] = obligation_deadlines(
                obligation, act, date(program.period.start, 1, 1), today + timedelta(days=366)
            )
    return found


#: Worked out once a day per process, not per programme on every admin home.
report_deadlines = Derived(_report_deadlines)


def next_deadline(
    program_id: str, today: date, known: dict[tuple[str, int], services.State]
) -> Deadline | None:
    """The earliest report deadline whose report is not yet published (an overdue one
    first), else the next one ahead; ``known``: the reports' states (services.states)."""
    for deadline in report_deadlines(today).get(program_id, []):
        year = deadline.period_end.year if deadline.period_end else deadline.due.year - 1
        stands = known.get((program_id, year), services.State.NONE)
        if deadline.due >= today or stands != services.State.PUBLISHED:
            return deadline
    return None


def due_rows(user: Any) -> list[DueRow]:
    """For SZ, each of its site's programmes with a report obligation: one row."""
    today = timezone.localdate()
    rows = []
    managed = managed_programmes(user)
    known = services.states(managed)
    url, url_label = reverse("report_list"), pgettext("dashboard", "Annual reports")
    for program_id in managed:
        deadline = next_deadline(program_id, today, known)
        if deadline is None or deadline.period_end is None:
            continue
        year = deadline.period_end.year
        rows.append(
            DueRow(
                title=f"{text(deadline.title)} ({year})",
                source=deadline.source,
                due=deadline.due,
                basis=str(deadline.basis),
                policy_note=text(deadline.policy_note),
                state=known.get((program_id, year), services.State.NONE).label,
                url=url,
                url_label=url_label,
                # next_deadline gives a past deadline only while its report is unpublished
                overdue_since=deadline.due + timedelta(days=1) if deadline.due < today else None,
            )
        )
    return rows
