from __future__ import annotations

import pytest

from okcore.citation import Citation
from okcore.program import Risk


@pytest.mark.parametrize(
    "text",
    [
        "351/2026 §3 pt 5",
        "3487/2023 §2 pt 2",
        "Program §6 ust. 8",
        "351/2026 §4 ust. 1 pt 2",
        "351/2026 §2 pt 4 lit. a",
        "LII/964/16 §1",
        "Program Tabela 1 poz. 2.2",
        "Program Tabela 3",
    ],
)
def test_canonical_citations_round_trip(text: str) -> None:
    assert str(Citation.parse(text)) == text


def test_parts() -> None:
    citation = Citation.parse("351/2026 §4 ust. 1 pt 2")
    assert (citation.act, citation.section, citation.paragraph, citation.point) == (
        "351/2026",
        "4",
        "1",
        "2",
    )


def test_a_table_row_is_a_citation() -> None:
    """Data that stand in a table cite it and its row (Program Tabela 1 poz. 2.2)."""
    citation = Citation.parse("Program Tabela 1 poz. 2.2")
    assert (citation.act, citation.section, citation.table, citation.row) == (
        "Program",
        None,
        "1",
        "2.2",
    )


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("351/2026 § 3 pt 5", "351/2026 §3 pt 5"),  # a space after §
        ("351/2026 §3 pkt 5", "351/2026 §3 pt 5"),  # pkt, the statutory abbreviation
        ("351/2026 § 3 pkt. 5)", "351/2026 §3 pt 5"),  # a dot and the bracket of a list
        ("351/2026 § 4, ust. 1, pkt 2", "351/2026 §4 ust. 1 pt 2"),  # commas between parts
        ("Program §6 ust 8", "Program §6 ust. 8"),  # ust without its dot
        ("351/2026 §2 pkt 4 lit. a)", "351/2026 §2 pt 4 lit. a"),
        ("351/2026 §2 pt 4 lit b", "351/2026 §2 pt 4 lit. b"),
        ("351/2026  §3\n pt 5", "351/2026 §3 pt 5"),  # any whitespace
        ("Ustawa o pożytku art. 5 ust. 2 pkt 3", "Ustawa o pożytku art. 5 ust. 2 pt 3"),
        ("Ustawa o pożytku Art.5a ust 2", "Ustawa o pożytku art. 5a ust. 2"),
        ("Program rozdz. 4", "Program rozdz. 4"),
        ("Program Rozdział IV", "Program rozdz. IV"),
        ("Program rozdział iv § 6", "Program rozdz. IV §6"),
        ("3487/2023 zał. 1", "3487/2023 zał. 1"),
        ("3487/2023 zał. nr 1 pkt 4", "3487/2023 zał. 1 pt 4"),
        ("3487/2023 Załącznik nr 1 § 2", "3487/2023 zał. 1 §2"),
        ("Program tab. 1 poz 2.2", "Program Tabela 1 poz. 2.2"),
        ("Program zał. 1 Tabela nr 3", "Program zał. 1 Tabela 3"),
        ("Kodeks pracy art. 18 § 3 pkt 1", "Kodeks pracy art. 18 §3 pt 1"),  # a code's article
        ("Program rozdz. 2a", "Program rozdz. 2a"),  # only Roman numerals are upper-cased
    ],
)
def test_usual_polish_forms_are_normalised(text: str, canonical: str) -> None:
    assert str(Citation.parse(text)) == canonical
    assert str(Citation.parse(canonical)) == canonical


def test_an_article_and_its_parts() -> None:
    citation = Citation.parse("Ustawa art. 5 ust. 2 pkt 3 lit. b")
    assert (citation.act, citation.article, citation.paragraph, citation.point) == (
        "Ustawa",
        "5",
        "2",
        "3",
    )
    assert (citation.section, citation.letter) == (None, "b")


def test_an_article_of_a_code_keeps_its_act() -> None:
    """Codes cite an article's paragraph with § (Kodeks pracy art. 18 § 3)."""
    citation = Citation.parse("Kodeks pracy art. 18 § 3")
    assert (citation.act, citation.article, citation.section) == ("Kodeks pracy", "18", "3")


def test_files_store_the_canonical_form() -> None:
    risk = Risk.model_validate(
        {"number": 1, "name": "r", "rating": 3, "response": "tolerate", "source": "Program § 7"}
    )
    assert risk.source == "Program §7"


@pytest.mark.parametrize(
    "text",
    [
        "§3 pt 5",  # no act
        "art. 5 ust. 2",  # no act: an act label never starts like a part
        "351/2026",  # no provision
        "351/2026 ust. 2",  # a paragraph of what?
        "Program Tabela poz. 1",  # a table needs its number
        "Program poz. 2",  # a row outside a table
        "351/2026 §3 pt 5 §4",  # two sections
        "Uchwała ust. 2 §3",  # parts out of order: the act would swallow "ust. 2"
        "351/2026 pkt 5 §3",
        "351/2026 " + "§3 " * 200,
    ],
)
def test_other_forms_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"is not a citation|at most 300 characters"):
        Citation.parse(text)
