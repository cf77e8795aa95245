"""The files and the printed output that docs/plugins.md gives, read from the Markdown.

A file is a line "`path`:", a blank line, then the whole file in a fenced block; what a
script prints is a line "`python script.py` prints:", a blank line, then a text block.
"""

from __future__ import annotations

import re
from pathlib import Path

GUIDE = Path(__file__).resolve().parents[2] / "docs/plugins.md"
_FILE = re.compile(r"^`([^`\s]+)`:\n\n```[a-z]*\n(.*?)^```$", re.M | re.S)
_OUTPUT = re.compile(r"^`python ([^`\s]+)` prints:\n\n```text\n(.*?)^```$", re.M | re.S)


def guide_files() -> dict[str, str]:
    """Every file the guide gives in full, by its path in the plugin's directory."""
    found = _FILE.findall(GUIDE.read_text(encoding="utf-8"))
    assert len(dict(found)) == len(found), "the guide gives one file twice"
    return dict(found)


def guide_output() -> tuple[str, str]:
    """The guide's one script and what the guide says it prints."""
    [(script, printed)] = _OUTPUT.findall(GUIDE.read_text(encoding="utf-8"))
    return script, printed
