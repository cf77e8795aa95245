"""The charts on the goal and indicator pages (issue 18): the same drawing as the
programme page's, twice (wide, and narrow for phones), each with its table of numbers,
and a compound indicator drawn part by part."""

from __future__ import annotations

import re
from typing import Any

import pytest

from cms.indicators.models import Measurement, Status
from cms.programmes.models import IndicatorPage

pytestmark = pytest.mark.django_db
PROGRAM = "open-krakow-2024-2028"


def test_goal_page_has_a_chart_with_its_table_and_compound_parts(client: Any) -> None:
    Measurement.objects.create(
        indicator=f"{PROGRAM}/indicator/consultation-meetings",
        period=2025,
        components={"meetings": 1, "participants": 22},
        status=Status.APPROVED,
    )
    html = client.get(f"/en/{PROGRAM}/goal-2/").content.decode()
    assert html.count('<svg class="chart" role="img"') == 1
    assert html.count('<svg class="chart chart-narrow" role="img"') == 1
    chart = re.search(r'<svg class="chart" .*?</svg>', html, re.S).group(0)  # type: ignore[union-attr]
    # The legend, the common axis and the parts of the compound indicator, with numbers.
    assert ">percentage of target</text>" in chart  # English: the gettext source itself
    assert ">meetings</text>" in chart and ">people/NGOs</text>" in chart
    assert ">1 (50%)</text>" in chart and ">22 (220%)</text>" in chart
    # The numbers under the chart, in a labelled scroll region Tab reaches.
    assert re.search(
        r'<div class="table-wrap" role="region" tabindex="0" aria-labelledby="goal-2-table">',
        html,
    )
    assert "Number of consultation meetings/number of participants</th>" in html


def test_indicator_page_has_its_chart_and_table(client: Any) -> None:
    page = IndicatorPage.objects.get(
        okcore_id=f"{PROGRAM}/indicator/info-point-beneficiaries", locale__language_code="uk"
    )
    html = client.get(page.url).content.decode()
    assert html.count('<svg class="chart" role="img"') == 1
    assert 'aria-labelledby="goal-1-table-indicator"' in html
    assert 'aria-labelledby="measurements-h"' in html
