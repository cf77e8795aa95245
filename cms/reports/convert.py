"""The report document (okcore.report.model) and the report page's StreamField, both ways.

One place, so that generating a draft, regenerating it, the approved snapshot and the
files read the same document: ``Report`` → page fields and body (:func:`fill_page`), page
(or one of its revisions) → ``Report`` (:func:`page_report`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from okcore.report.model import (
    Block,
    BulletList,
    Chart,
    ChartRow,
    Heading,
    Paragraph,
    Quote,
    Report,
    Table,
)

if TYPE_CHECKING:
    from cms.reports.models import ReportPage


def block_data(block: Block) -> dict[str, Any]:
    """One document block as the StreamField's raw data."""
    value: Any
    if isinstance(block, Heading):
        value = {
            "level": str(block.level),
            "text": block.text,
            "key": block.key or "",
            "written": block.written,
        }
    elif isinstance(block, Paragraph):
        value = block.text
    elif isinstance(block, BulletList):
        value = list(block.items)
    elif isinstance(block, Quote):
        value = {"text": block.text, "source": block.source}
    elif isinstance(block, Table):
        value = {
            "caption": block.caption,
            "header": list(block.header),
            "rows": [list(row) for row in block.rows],
            "row_headers": block.row_headers,
        }
    else:
        baseline, current, target = block.labels
        value = {
            "key": block.key,
            "title": block.title,
            "description": block.description,
            "rows": [row.model_dump() for row in block.rows],
            "label_baseline": baseline,
            "label_value": current,
            "label_target": target,
        }
    return {"type": block.kind, "value": value}


def _items(value: Any) -> list[Any]:
    """A ListBlock's raw items: Wagtail stores ``{"type": "item", "value": ...}`` (older
    data, and data we assign, plain values)."""
    return [
        item["value"] if isinstance(item, dict) and item.get("type") == "item" else item
        for item in value or []
    ]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def data_block(kind: str, value: Any) -> Block:
    """The StreamField's raw data of one block as a document block."""
    if kind == "heading":
        return Heading(
            level=int(value["level"]),
            text=value["text"],
            key=value.get("key") or None,
            written=bool(value.get("written")),
        )
    if kind == "paragraph":
        return Paragraph(text=_text(value))
    if kind == "list":
        return BulletList(items=[_text(item) for item in _items(value)])
    if kind == "quote":
        return Quote(text=_text(value["text"]), source=_text(value["source"]))
    if kind == "table":
        return Table(
            caption=_text(value["caption"]),
            header=[_text(cell) for cell in _items(value["header"])],
            rows=[[_text(cell) for cell in _items(row)] for row in _items(value["rows"])],
            row_headers=bool(value.get("row_headers")),
        )
    if kind == "chart":
        return Chart(
            key=value["key"],
            title=value["title"],
            description=_text(value["description"]),
            rows=[ChartRow.model_validate(row) for row in _items(value["rows"])],
            labels=(value["label_baseline"], value["label_value"], value["label_target"]),
        )
    raise ValueError(f"a report page has no block {kind!r}")


def body_blocks(raw: Sequence[dict[str, Any]]) -> list[Block]:
    """The page body's raw data (``StreamValue.get_prep_value()``) as document blocks."""
    return [data_block(item["type"], item["value"]) for item in raw]


def page_report(page: ReportPage) -> Report:
    """The document the page holds (a revision's page object works the same)."""
    return Report(
        program=page.program,
        year=page.year,
        language=page.locale.language_code,
        title=page.title,
        program_title=page.program_title,
        city=page.city or None,
        legal_basis=[line for line in page.legal_basis.splitlines() if line.strip()],
        data_date=page.data_date,
        blocks=body_blocks(page.body.get_prep_value()),
    )


def fill_page(page: ReportPage, report: Report) -> None:
    """Put the document into the page's fields and body (not saved)."""
    page.program = report.program
    page.year = report.year
    page.title = report.title
    page.program_title = report.program_title
    page.city = report.city or ""
    page.legal_basis = "\n".join(report.legal_basis)
    page.data_date = report.data_date
    page.body = [  # StreamField takes (type, value) pairs
        (item["type"], page.body.stream_block.child_blocks[item["type"]].to_python(item["value"]))
        for item in map(block_data, report.blocks)
    ]


def _sections(blocks: Sequence[Block]) -> list[tuple[str | None, list[Block]]]:
    """The blocks cut at each written section: ``(key, blocks)`` for a written section (its
    heading and what follows it up to the next heading of its level or above), ``(None,
    blocks)`` for the generated blocks between them."""
    found: list[tuple[str | None, list[Block]]] = [(None, [])]
    level = 0
    for block in blocks:
        inside = found[-1][0] is not None
        if isinstance(block, Heading) and (not inside or block.level <= level):
            if block.written and block.key:
                found.append((block.key, []))
                level = block.level
            elif inside:
                found.append((None, []))
        found[-1][1].append(block)
    return found


def keep_written(edited: Sequence[Block], fresh: Sequence[Block]) -> list[Block]:
    """The freshly generated blocks, with each written section (summary, conclusions,
    recommendations) as SZ left it in ``edited``: regenerating never loses their words."""
    kept = {key: part for key, part in _sections(edited) if key is not None}
    return [
        block
        for key, part in _sections(fresh)
        for block in (kept.get(key, part) if key is not None else part)
    ]
