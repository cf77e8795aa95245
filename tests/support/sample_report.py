"""A report built by hand, for the renderers' tests: in Polish (diacritics in every kind of
block), with headings on three levels, tables with and without row headers, a chart, a
quote, and a unit's text with characters XML forbids and markup that must stay text."""

from __future__ import annotations

from datetime import date

from okcore.report.model import (
    BulletList,
    Chart,
    ChartRow,
    Heading,
    Paragraph,
    Quote,
    Report,
    Table,
)

#: A vertical tab, as a word processor pastes it: no file may break on it.
VERTICAL_TAB = "\x0b"
#: What a unit might type; every renderer must show it as text.
MARKUP = "<script>alert('ż')</script> & <b>pogrubienie</b>"

INDICATORS = Table(
    caption="Tabela 2. Wskaźniki realizacji celów w roku 2025",
    header=["Wskaźnik", "Wartość bazowa (rok)", "Wartość docelowa", "Wartość w 2025", "Stan"],
    rows=[
        ["1.1 Liczba opublikowanych zbiorów danych", "5 (2023)", "≥ 20", "12", "niespełniony"],
        ["1.2 Udział spraw załatwionych w terminie [%]", "81 (2023)", "≥ 90", "93,5", "spełniony"],
    ],
)
CONTRIBUTIONS = Table(
    caption="Wkład jednostek we wskaźnik 1.1",
    header=["Jednostka", "Wartość"],
    rows=[["Wydział Informatyki", "9"], ["Zarząd Zieleni Miejskiej", "3"]],
    row_headers=False,
)
RISKS = Table(
    caption="Rejestr ryzyk: ocena w dokumencie, ponowne oceny w 2025 r. i poziom bieżący",
    header=["Ryzyko", "Ocena w dokumencie", "Ocena bieżąca", "Reakcja"],
    rows=[["R1 Brak zaangażowania jednostek", "4", "3 (umiarkowane)", "Szkolenia, przypomnienia"]],
)
CHART = Chart(
    key="okrakow/cel-1",
    title="Wskaźniki celu 1: przejrzystość",
    description="Wartość bazowa (szara), wartość w roku (niebieska) i cel (czarna linia).",
    rows=[
        ChartRow(
            name="Liczba zbiorów danych", baseline=5, value=12, target=20, target_label="≥ 20"
        ),
        ChartRow(name="Udział spraw w terminie", baseline=81, value=93.5, target=90),
    ],
    labels=("wartość bazowa", "wartość w roku", "cel"),
)
QUOTE = Quote(
    text=f"Opublikowano 12 zbiorów danych.{VERTICAL_TAB}Zorganizowano spotkanie „Dane w gminie”.",
    source="Wydział Informatyki",
)
HEADINGS = [
    Heading(level=1, text="Cel 1. Przejrzystość działań urzędu", key="goal-1"),
    Heading(level=2, text="Zadanie 1.1. Publikacja zbiorów danych", key="task-1-1"),
    Heading(level=2, text="Zadanie 1.2. Konsultacje społeczne", key="task-1-2"),
    Heading(level=1, text="Wskaźniki w roku 2025 (Tabela 2)", key="indicators"),
    Heading(level=3, text="Wkład jednostek", key="contributions"),
    Heading(level=1, text="Rejestr ryzyk", key="risks"),
    Heading(level=1, text="Podsumowanie", key="summary", written=True),
]


def sample_report() -> Report:
    h = HEADINGS
    return Report(
        program="okrakow",
        year=2025,
        language="pl",
        title="Sprawozdanie z realizacji Programu „Otwarty Kraków” za rok 2025",
        program_title="Program „Otwarty Kraków” na lata 2024–2028",
        city="Kraków",
        legal_basis=[
            "Uchwała Rady Miasta Krakowa w sprawie Programu, Program §6 ust. 8",
            "Zarządzenie nr 3487/2023 Prezydenta Miasta Krakowa, §3 pkt 4",
        ],
        data_date=date(2026, 3, 2),
        blocks=[
            h[0],
            h[1],
            Paragraph(text="Realizatorzy: Wydział Informatyki. Partnerzy: Fundacja „Źródło”."),
            QUOTE,
            BulletList(items=["Portal danych w nowej wersji", "Szkolenie dla 40 urzędników"]),
            h[2],
            Paragraph(text="Brak materiałów sprawozdawczych za 2025 r."),
            h[3],
            INDICATORS,
            CHART,
            h[4],
            CONTRIBUTIONS,
            h[5],
            RISKS,
            h[6],
            Paragraph(text=f"Zażółć gęślą jaźń.\nDruga linia. {MARKUP}"),
        ],
    )
