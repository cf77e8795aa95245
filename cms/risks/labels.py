"""The risk scale's and the responses' words in the reader's language, for pages (okcore's
enums keep their English values: ``low``, ``counteract``).

The Polish words are the programme's own (chapter IX of the programme: "Ryzyka oceniamy jako:
ryzyko krytyczne (ocena 7), poważne (5 lub 6), umiarkowane (3 lub 4), niskie (1 lub 2)";
"Przyjmuje się niżej wymienione reakcje na ryzyko: tolerowanie, przeniesienie, wycofanie
się, przeciwdziałanie"; glossary).
"""

from __future__ import annotations

from django.utils.translation import pgettext

from okcore.program import RiskLevel, RiskResponse


def level_label(level: RiskLevel) -> str:
    """The level of a risk ("low" → "niskie" / "низький")."""
    return {
        RiskLevel.LOW: pgettext("risk level", "low"),
        RiskLevel.MODERATE: pgettext("risk level", "moderate"),
        RiskLevel.SERIOUS: pgettext("risk level", "serious"),
        RiskLevel.CRITICAL: pgettext("risk level", "critical"),
    }[RiskLevel(level)]


def response_label(response: RiskResponse) -> str:
    """The response to a risk ("counteract" → "przeciwdziałanie" / "протидія")."""
    return {
        RiskResponse.TOLERATE: pgettext("risk response", "tolerate"),
        RiskResponse.TRANSFER: pgettext("risk response", "transfer"),
        RiskResponse.WITHDRAW: pgettext("risk response", "withdraw"),
        RiskResponse.COUNTERACT: pgettext("risk response", "counteract"),
    }[RiskResponse(response)]
