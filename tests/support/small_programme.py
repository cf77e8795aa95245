"""A small valid programme document and a way to write it as a YAML file (the loader's tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

VALID: dict[str, Any] = {
    "id": "lublin-test",
    "title": {"pl": "Program", "en": "Programme"},
    "period": {"start": 2025, "end": 2029},
    "main_goal": "Cel",
    "goals": [
        {
            "number": 1,
            "title": "Cel 1",
            "outcomes": [{"number": 1, "title": "rezultat"}],
            "tasks": [{"number": 1, "title": "zadanie", "deadline": "continuous"}],
            "indicators": [
                {
                    "id": "wsk",
                    "number": 1,
                    "name": "Wskaźnik",
                    "outcome": 1,
                    "tasks": [1],
                    "baseline": {"value": 3, "year": 2024},
                    "target": {"comparator": "at_least", "value": 5, "per": "year"},
                }
            ],
        }
    ],
    "risks": [{"number": 1, "goal": 1, "name": "r", "rating": 3, "response": "counteract"}],
}


def write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path
