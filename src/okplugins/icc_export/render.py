"""The ICC export as JSON, CSV (the areas view) and XLSX (one sheet per view)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

AREA_COLUMNS = [
    ("id", "area"),
    ("name", "name"),
    ("group", "group"),
    ("active", "active"),
    ("tasks", "tasks"),
    ("indicators", "indicators"),
    ("score", "self-assessment score"),
    ("score_compare", "score (compare year)"),
    ("score_change", "score change"),
    ("evidence", "evidence"),
]
TASK_COLUMNS = ["area", "uid", "goal", "task", "title", "deadline", "implementers", "justification"]
INDICATOR_COLUMNS = [
    "area", "uid", "name", "baseline", "baseline_year", "target", "value", "measured_period",
    "status", "progress", "value_compare", "status_compare", "change", "justification",
]  # fmt: skip


def area_rows(report: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for area in report["areas"]:
        values = {**area, "tasks": len(area["tasks"]), "indicators": len(area["indicators"])}
        rows.append([values[key] for key, _ in AREA_COLUMNS])
    return rows


def task_rows(report: dict[str, Any]) -> list[list[Any]]:
    return [
        [area["id"], *(task[key] for key in TASK_COLUMNS[1:])]
        for area in report["areas"]
        for task in area["tasks"]
    ]


def indicator_rows(report: dict[str, Any]) -> list[list[Any]]:
    return [
        [area["id"], *(indicator[key] for key in INDICATOR_COLUMNS[1:])]
        for area in report["areas"]
        for indicator in area["indicators"]
    ]


def summary_rows(report: dict[str, Any]) -> list[list[Any]]:
    coverage = report["coverage"]
    return [
        ["city", report["city"]],
        ["programme", report["program"]["id"]],
        ["title", report["program"]["title"]],
        ["period", report["program"]["period"]],
        ["legal basis", "; ".join(report["program"]["legal_basis"])],
        ["year", report["year"]],
        ["compare year", report["compare_year"]],
        ["catalogue", report["catalogue"]["version"]],
        ["catalogue sources", "\n".join(report["catalogue"]["sources"])],
        ["weights", report["catalogue"]["weights_note"]],
        ["score", report["score_label"]],
        ["areas", coverage["areas_total"]],
        ["areas with activity", coverage["areas_active"]],
        ["coverage gaps", ", ".join(coverage["gaps"]) or "none"],
    ]


def to_json(report: dict[str, Any]) -> bytes:
    return (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_csv(report: dict[str, Any]) -> bytes:
    """The areas view; UTF-8 with a byte-order mark so spreadsheet apps read the diacritics."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([title for _, title in AREA_COLUMNS])
    writer.writerows(area_rows(report))
    return buffer.getvalue().encode("utf-8-sig")


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list[Any]]) -> None:
    sheet = book.create_sheet(title)
    sheet.append(header)
    for row in rows:
        sheet.append(["" if value is None else value for value in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(sheet.iter_cols(values_only=True), start=1):
        longest = max(len(line) for value in column for line in str(value).splitlines() or [""])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 8), 60)
        if longest > 60:
            for cell in sheet[get_column_letter(index)]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def to_xlsx(report: dict[str, Any]) -> bytes:
    book = Workbook()
    for default in list(book.worksheets):
        book.remove(default)
    _sheet(book, "summary", ["field", "value"], summary_rows(report))
    _sheet(book, "areas", [title for _, title in AREA_COLUMNS], area_rows(report))
    _sheet(book, "tasks", TASK_COLUMNS, task_rows(report))
    _sheet(book, "indicators", INDICATOR_COLUMNS, indicator_rows(report))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


RENDERERS = {"json": to_json, "csv": to_csv, "xlsx": to_xlsx}
