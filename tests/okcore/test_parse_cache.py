"""A YAML file parsed once is read from okcore.parse_cache afterwards, and still
validated and checked on every load; the cache never makes a load fail."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from small_programme import VALID, write

from okcore import load as loader
from okcore.base import Problem
from okcore.load import LoadError, load_program


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory of this test (okcore.parse_cache appends "parsed")."""
    monkeypatch.setenv("OKCORE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "parsed"


def _no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str, suffix: str) -> Any:
        raise AssertionError("parsed again")

    monkeypatch.setattr(loader, "parse_text", refuse)


def test_a_second_load_reads_the_kept_parse(
    tmp_path: Path, kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "lublin.yaml", VALID)
    first = load_program(path)
    assert len(list(kept.glob("*.json"))) == 1
    _no_yaml(monkeypatch)
    assert load_program(path) == first


def test_a_changed_file_is_parsed_again(tmp_path: Path, kept: Path) -> None:
    path = write(tmp_path, "lublin.yaml", VALID)
    load_program(path)
    changed = copy.deepcopy(VALID)
    changed["main_goal"] = "Cel zmieniony"
    write(tmp_path, "lublin.yaml", changed)
    assert str(load_program(path).main_goal) == "Cel zmieniony"
    assert len(list(kept.glob("*.json"))) == 2


def test_the_checks_run_on_kept_data_too(
    tmp_path: Path, kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "lublin.yaml", VALID)
    load_program(path)
    _no_yaml(monkeypatch)

    def city_rule(program: Any) -> list[Problem]:
        return [Problem("main_goal", "the city's rule says no")]

    with pytest.raises(LoadError, match="main_goal: the city's rule says no"):
        load_program(path, [city_rule])


def test_data_json_cannot_keep_exactly_is_not_kept(tmp_path: Path, kept: Path) -> None:
    path = tmp_path / "numbers.yaml"
    path.write_text("1: one\n2: two\n", encoding="utf-8")
    with pytest.raises(LoadError):
        load_program(path)  # integer keys: not a programme, and not kept as {"1": …}
    assert not list(kept.glob("*.json"))


def test_a_broken_or_unwritable_cache_never_fails_a_load(
    tmp_path: Path, kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "lublin.yaml", VALID)
    expected = load_program(path)
    for entry in kept.glob("*.json"):
        entry.write_text('{"cut short', encoding="utf-8")
    assert load_program(path) == expected
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("OKCORE_CACHE_DIR", str(blocker))  # cannot make a directory in it
    assert load_program(path) == expected


def test_an_empty_setting_turns_the_cache_off(
    tmp_path: Path, kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OKCORE_CACHE_DIR", "")
    load_program(write(tmp_path, "lublin.yaml", VALID))
    assert not kept.exists()


def test_a_user_without_a_home_loads_without_a_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("OKCORE_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert str(load_program(write(tmp_path, "lublin.yaml", VALID)).main_goal) == "Cel"
