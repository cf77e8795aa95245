"""The dashboard's tests share one world (tests/support/dashboard_world.py)."""

from __future__ import annotations

from typing import Any

import pytest
from dashboard_world import World, build_world


@pytest.fixture
def world(make_user: Any) -> World:
    return build_world(make_user)
