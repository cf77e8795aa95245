"""SZ's due panel shows the programme's report: due by 30 April of the following year
(Program §6 ust. 8, the obligation marked ``report``), law-based, and where it stands."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from clock import TODAY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import formats
from django.utils.translation import gettext

from cms.dashboard.panels import DuePanel
from cms.reports import services
from cms.reports.due import due_rows

pytestmark = pytest.mark.django_db
PROGRAM = "open-krakow-2024-2028"
FIRST = 2024  # the programme's first year: its report is the first due
LAST = 2028  # the programme's last year


def panel(user: Any) -> str:
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def row(html: str) -> str:
    start = html.index('id="okcore-programme-duties"')
    return html[start : html.index("</table>", start)]


def test_sz_sees_the_reports_deadline_and_state(make_user: Any) -> None:
    sz = make_user("sz", "admins")
    found = row(panel(sz))
    assert "Program §6 ust. 8" in found
    assert date(FIRST + 1, 4, 30).isoformat() in found
    assert services.State.NONE.label in found
    assert "/admin/reports/" in found

    services.generate(PROGRAM, FIRST, sz)
    assert services.State.DRAFT.label in row(panel(sz))


def test_a_published_report_moves_the_row_to_the_next_year(make_user: Any) -> None:
    sz = make_user("sz", "admins")
    page = services.generate(PROGRAM, FIRST, sz)
    services.publish(services.approve(page, sz), sz)
    found = row(panel(sz))
    assert date(FIRST + 2, 4, 30).isoformat() in found
    assert date(FIRST + 1, 4, 30).isoformat() not in found


@pytest.mark.parametrize("role", ["coordinators", "editors"])
def test_others_see_no_report_row(make_user: Any, role: str) -> None:
    assert "okcore-programme-duties" not in panel(make_user("someone", role))


def report_row(html: str) -> str:
    """The Kraków report's row (the example plugin's programme has its own)."""
    found = row(html)
    at = found.find("Program §6 ust. 8")
    if at < 0:
        return ""
    return found[found.rindex("<tr", 0, at) : found.index("</tr>", at)]


def test_a_missed_deadline_says_overdue_until_the_report_is_published(make_user: Any) -> None:
    """A report not published by its deadline is overdue, like a unit's missed duty: the
    row says since when, besides where the report stands."""
    sz = make_user("sz", "admins")
    due = date(FIRST + 1, 4, 30)
    assert due < TODAY  # the clock is always past the first report's deadline
    found = report_row(panel(sz))
    since = formats.date_format(due + timedelta(days=1))
    assert f"{gettext('overdue since')} {since}" in found
    assert services.State.NONE.label in found

    # every report whose deadline has passed, published: nothing is overdue any more
    for year in range(FIRST, LAST + 1):
        if date(year + 1, 4, 30) < TODAY:
            page = services.generate(PROGRAM, year, sz)
            services.publish(services.approve(page, sz), sz)
    assert gettext("overdue since") not in report_row(panel(sz))


def test_the_row_reads_the_reports_states_in_one_query(
    make_user: Any, django_assert_num_queries: Any
) -> None:
    """However many years are reported: the row once asked each year's report, and the
    programmes' sites, a query each (six per programme at the bench's 150 on one site)."""
    sz = make_user("sz", "admins")
    due_rows(sz)  # the user's permissions, read once
    with CaptureQueriesContext(connection) as before:
        due_rows(sz)
    for year in (FIRST, FIRST + 1):
        services.publish(services.approve(services.generate(PROGRAM, year, sz), sz), sz)
    with django_assert_num_queries(len(before)):
        rows = due_rows(sz)
    assert date(FIRST + 3, 4, 30) in [row.due for row in rows]


def test_the_panel_shows_the_earliest_report_rows_then_how_many_more(
    make_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """150 programmes may share one site: the panel shows the earliest due, then a count,
    as it does with the units' rows."""
    sz = make_user("sz", "admins")
    rows = sorted(due_rows(sz), key=lambda found: found.due)
    assert len(rows) >= 2  # Kraków's and the example city's programmes, on one site
    monkeypatch.setattr(DuePanel, "programme_limit", 1)
    html = panel(sz)
    shown = row(html)
    assert shown.count("<tr>") == 2  # the header and the earliest row
    assert rows[0].due.isoformat() in shown
    duties = html[html.index('id="okcore-programme-duties"') :]
    more = gettext("More items not shown: %(count)s.") % {"count": len(rows) - 1}
    assert more in duties[: duties.index("</div>")]
