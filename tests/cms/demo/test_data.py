"""The demo's data files: the shipped ones read cleanly, a bad one says where it is bad."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cms.demo.data import DATA_DIR, Texts, read_demo
from cms.demo.loader import indicator_key
from okcore.load import LoadError


def test_the_shipped_files_read_cleanly() -> None:
    demo = read_demo()
    assert demo.measurements.programme == "open-krakow-2024-2028"
    assert {"Festiwal Kultur", "Festival of Cultures", "Grodzki Urząd Pracy"} <= demo.titles()


def test_a_missing_translation_falls_back_to_english_then_polish() -> None:
    festival = Texts(pl="Festiwal Kultur", en="Festival of Cultures")
    assert festival.in_language("uk") == "Festival of Cultures"
    assert festival.in_language("pl") == "Festiwal Kultur"
    assert Texts(pl="Festiwal Kultur").in_language("uk") == "Festiwal Kultur"


def test_the_indicator_key_is_the_one_measurements_are_stored_under() -> None:
    assert indicator_key("open-krakow-2024-2028", "staff-trained") == (
        "open-krakow-2024-2028/indicator/staff-trained"
    )


def _broken(tmp_path: Path, name: str, old: str, new: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return data


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "events.yaml",
            "in_days: 14",
            "in_days: soon",
            "events.yaml: events[0].in_days: 'soon' is not a whole number",
        ),
        (
            "events.yaml",
            "start_time: '10:00'",
            "start_time: 10:00",
            "events.yaml: events[0].start_time: 600 is not a time: write it in quotes",
        ),
        (
            "events.yaml",
            "category: festival",
            "category: picnic",
            "events.yaml: events[3].category: 'picnic'",
        ),
        (
            "coordinators.yaml",
            "valid_from: 2023-11-27",
            "valid_from: 27.11.2023",
            "coordinators.yaml: designations[0].valid_from: '27.11.2023' is not a date",
        ),
        (
            "units.yaml",
            "  contact_public: true",
            "  contact_public: true\n  colour: red",
            "units.yaml: units[0].colour: unknown field",
        ),
        (
            "measurements.yaml",
            "  value: 4870",
            "  value: 4870\n  components: {meetings: 1}",
            "measurements.yaml: measurements[0]: give either value or components",
        ),
        (
            "news.yaml",
            "unit: wydzial-edukacji",
            "unit: wydzial-edukacj",
            "news.yaml: news[2].unit: 'wydzial-edukacj' is not a unit in units.yaml",
        ),
        (
            "risks.yaml",
            "\nassessments:",
            "\nassessments: [",
            "risks.yaml: line 5, column 1: invalid YAML",
        ),
        ("accounts.yaml", "\naccounts:", "\n", "accounts.yaml: the document is a list"),
        (
            "measurements.yaml",
            "indicator: info-point-beneficiaries",
            "indicator: no-such-indicator",
            "measurements.yaml: measurements[0].indicator: 'no-such-indicator' is not in",
        ),
        (
            "risks.yaml",
            "risk: open-krakow-2024-2028/risk-",
            "risk: open-krakow-2024-2028/risk-9",
            "risks.yaml: assessments[0].risk: 'open-krakow-2024-2028/risk-9",
        ),
        ("risks.yaml", "rating: ", "rating: 4", "risks.yaml: assessments[0].rating"),
        (
            "deliveries.yaml",
            "obligation: 351-2026-small-grant-funds",
            "obligation: 351-2026-job-descriptions",
            "deliveries.yaml: deliveries[0].obligation: '351-2026-job-descriptions' is not a "
            "duty of ngo-cooperation-coordinators with a delivery form (351-2026-contact-data,",
        ),
        (
            "deliveries.yaml",
            "network: ngo-cooperation-coordinators",
            "network: ngo-coordinators",
            "deliveries.yaml: deliveries[0].network: 'ngo-coordinators' is not installed",
        ),
        (
            "deliveries.yaml",
            "unit: mops",
            "unit: mops-krakow",
            "deliveries.yaml: deliveries[8].unit: 'mops-krakow' is not a unit in units.yaml",
        ),
        (
            "deliveries.yaml",
            "status: returned",
            "status: draft",
            "deliveries.yaml: deliveries[12].status",
        ),
        (
            "deliveries.yaml",
            "  status: acknowledged\n  data:\n    task_6_1",
            "  status: acknowledged\n  review_comment: Dobrze.\n  data:\n    task_6_1",
            "deliveries.yaml: deliveries[3]: a returned delivery needs SZ's review_comment",
        ),
        (
            "reports.yaml",
            "year: 2025",
            "year: 2031",
            "reports.yaml: reports[0].year: 2031 is outside open-krakow-2024-2028 (2024–2028)",
        ),
        (
            "reports.yaml",
            "programme: open-krakow-2024-2028",
            "programme: open-krakow",
            "reports.yaml: reports[0].programme: 'open-krakow' is not installed",
        ),
        (
            "reports.yaml",
            "    summary:\n      pl: |-",
            "    summary:\n      de: Zusammenfassung.\n      pl: |-",
            "reports.yaml: reports[0].written.summary.de: unknown field",
        ),
        (
            "reports.yaml",
            "    conclusions:\n      pl: |-",
            "    conclusions:\n      pl: [Wnioski]\n      xx: |-",
            "reports.yaml: reports[0].written.conclusions.pl: ",
        ),
        (
            "reports.yaml",
            "    recommendations:\n      pl: |-",
            "    recommendations:\n      pol: |-",
            "reports.yaml: reports[0].written.recommendations.pl: ",
        ),
    ],
)
def test_a_bad_file_names_the_file_and_the_path(
    tmp_path: Path, name: str, old: str, new: str, message: str
) -> None:
    with pytest.raises(LoadError) as error:
        read_demo(_broken(tmp_path, name, old, new))
    assert message in str(error.value)


def test_a_written_section_in_plain_text_is_polish_only(tmp_path: Path) -> None:
    """The form before translations: a section's text alone, in Polish."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "reports.yaml").write_text(
        "reports:\n- programme: open-krakow-2024-2028\n  year: 2025\n  written:\n"
        "    summary: Podsumowanie.\n    conclusions: {pl: Wnioski., en: Conclusions.}\n"
    )
    entry = read_demo(data).reports.reports[0]
    assert entry.written["summary"] == Texts(pl="Podsumowanie.")
    assert entry.written_in("uk") == {"summary": "Podsumowanie.", "conclusions": "Conclusions."}
