"""Reads an ordinance's source text (documents 000, 001) into its paragraph citations."""

from __future__ import annotations

import re
from pathlib import Path


def citations(text: str, act: str, sections: range) -> set[str]:
    """Every point of the given sections, and every paragraph ('ust.') without points."""
    section: int | None = None
    paragraph: str | None = None
    points: set[tuple[int, str | None, str | None]] = set()
    paragraphs: set[tuple[int, str | None, str | None]] = set()
    for raw in text.splitlines():
        line = raw.strip().lstrip("-").strip()
        header = re.match(r"^§ (\d+)\.\s*(?:(\d+)\.)?", line)
        if header:
            section, paragraph = int(header.group(1)), header.group(2)
            if paragraph and section in sections:
                paragraphs.add((section, paragraph, None))
            continue
        if section not in sections:
            continue
        assert section is not None
        ust = re.match(r"^(\d+)\.\s", line)
        if ust:
            paragraph = ust.group(1)
            paragraphs.add((section, paragraph, None))
            continue
        numbered = re.match(r"^(\d+)\)", line)
        if numbered:
            points.add((section, paragraph, numbered.group(1)))
    with_points = {(s, p) for s, p, _ in points}
    keys = points | {key for key in paragraphs if (key[0], key[1]) not in with_points}
    return {_cite(act, *key) for key in keys}


def uncovered(required: set[str], cited: set[str]) -> set[str]:
    """Points no obligation cites, itself or through one of its letters."""
    return {c for c in required if not any(s == c or s.startswith(c + " lit.") for s in cited)}


def _cite(act: str, section: int, paragraph: str | None, point: str | None) -> str:
    text = f"{act} §{section}"
    if paragraph:
        text += f" ust. {paragraph}"
    if point:
        text += f" pt {point}"
    return text


def read(seeds: Path, prefix: str) -> str:
    return next(seeds.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
