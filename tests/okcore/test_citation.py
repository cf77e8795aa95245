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


@pytest.mark.parametrize("text", ["§3 pt 5", "351/2026 § 3 pt 5", "351/2026 §3 pkt 5", "351/2026"])
def test_non_canonical_forms_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not a citation"):
        Citation.parse(text)
