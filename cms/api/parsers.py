"""Request bodies: JSON nested too deeply is the client's error, answered with a 400."""

from __future__ import annotations

import io
from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from okcore.load import MAX_NESTING, json_depth


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, refusing bodies nested deeper than any API resource is.

    Python's JSON decoder recurses once per level, so ``[[[[…]]]]`` a hundred
    thousand deep would end in a RecursionError (a 500) after a lot of work.
    """

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        raw = stream.read()
        if json_depth(raw.decode("utf-8", errors="replace")) > MAX_NESTING:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_NESTING} levels")
        return super().parse(io.BytesIO(raw), media_type, parser_context)
