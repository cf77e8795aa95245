from __future__ import annotations

import pytest

from okcore.citation import Citation


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
    "text",
    ["§3 pt 5", "351/2026 § 3 pt 5", "351/2026 §3 pkt 5", "351/2026", "Program Tabela poz. 1"],
)
def test_non_canonical_forms_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not a citation"):
        Citation.parse(text)
