"""The ICC area coverage as a section of the programme's report (``okcore_report_sections``).

The numbers are the ICC export's own (:func:`okplugins.icc_export.report.build`): per area,
whether the programme is active in it, the self-assessment score and the gaps – the
report shows them, it does not compute them again.
"""

from __future__ import annotations

from collections.abc import Sequence

from okcore.registry import Registry
from okcore.report.labels import language_of
from okcore.report.model import Block, Heading, Paragraph, ReportData, Table
from okplugins.icc_export.model import Catalogue, Mapping
from okplugins.icc_export.report import build

KEY = "icc"
WORDS: dict[str, dict[str, str]] = {
    "heading": {
        "pl": "Obszary Indeksu Miast Międzykulturowych (ICC)",
        "en": "Intercultural Cities Index (ICC) areas",
        "uk": "Сфери Індексу міжкультурних міст (ICC)",
    },
    "intro": {
        "pl": (
            "Zadania i wskaźniki Programu przypisane do obszarów ICC w roku {year}: aktywne"
            " obszary {active} z {total}. Wynik to samoocena według reguły okcore (aktywność 40"
            " + dane 30 + wyniki 30), nie oficjalny wynik Indeksu Rady Europy."
        ),
        "en": (
            "The programme's tasks and indicators mapped to the ICC areas in {year}: {active} of"
            " {total} areas active. The score is a self-assessment by okcore's rule (activity 40"
            " + evidence 30 + results 30), not the Council of Europe's official Index score."
        ),
        "uk": (
            "Завдання і показники Програми, віднесені до сфер ICC у {year} році: активних сфер"
            " {active} з {total}. Оцінка – самооцінка за правилом okcore (активність 40 + дані"
            " 30 + результати 30), а не офіційний результат Індексу Ради Європи."
        ),
    },
    "caption": {
        "pl": "Pokrycie obszarów ICC w roku {year}",
        "en": "ICC area coverage in {year}",
        "uk": "Охоплення сфер ICC у {year} році",
    },
    "area": {"pl": "Obszar", "en": "Area", "uk": "Сфера"},
    "active": {"pl": "Aktywny", "en": "Active", "uk": "Активна"},
    "score": {"pl": "Wynik (0–100)", "en": "Score (0–100)", "uk": "Оцінка (0–100)"},
    "tasks": {"pl": "Zadania", "en": "Tasks", "uk": "Завдання"},
    "indicators": {"pl": "Wskaźniki", "en": "Indicators", "uk": "Показники"},
    "yes": {"pl": "tak", "en": "yes", "uk": "так"},
    "no": {"pl": "nie", "en": "no", "uk": "ні"},
    "gaps": {
        "pl": "Obszary bez zadań i wskaźników Programu (luki): {names}.",
        "en": "Areas with no task or indicator of the programme (gaps): {names}.",
        "uk": "Сфери без завдань і показників Програми (прогалини): {names}.",
    },
    "no_gaps": {
        "pl": "Program obejmuje każdy obszar ICC.",
        "en": "The programme covers every ICC area.",
        "uk": "Програма охоплює кожну сферу ICC.",
    },
}


def report_section(
    registry: Registry,
    data: ReportData,
    language: str,
    catalogue: Catalogue,
    mappings: Sequence[Mapping],
) -> list[Block]:
    """The section for ``data``'s programme and year; empty when no plugin maps it."""
    if not mappings:
        return []
    lang = language_of(language)

    def w(key: str, **values: object) -> str:
        return WORDS[key][lang].format(**values)

    export = build(
        registry, catalogue, data.program, mappings, data.year, data.measurements, None, lang
    )
    areas = export["areas"]
    coverage = export["coverage"]
    names = {row["id"]: row["name"] for row in areas}
    rows = [
        [
            row["name"],
            w("yes") if row["active"] else w("no"),
            str(row["score"]),
            "; ".join(f"{t['goal']}.{t['task']}" for t in row["tasks"]) or "–",
            "; ".join(i["name"] for i in row["indicators"]) or "–",
        ]
        for row in areas
    ]
    gaps = [names[gap] for gap in coverage["gaps"]]
    return [
        Heading(level=1, text=w("heading"), key=KEY),
        Paragraph(
            text=w(
                "intro",
                year=data.year,
                active=coverage["areas_active"],
                total=coverage["areas_total"],
            )
        ),
        Table(
            caption=w("caption", year=data.year),
            header=[w("area"), w("active"), w("score"), w("tasks"), w("indicators")],
            rows=rows,
        ),
        Paragraph(text=w("gaps", names="; ".join(gaps)) if gaps else w("no_gaps")),
    ]
