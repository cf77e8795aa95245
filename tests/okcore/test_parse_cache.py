"""A YAML file parsed once is read from okcore.parse_cache afterwards, and still
validated and checked on every load; the cache never makes a load fail."""

from __future__ import annotations

import copy
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml
from small_programme import VALID, write

from okcore import checks, parse_cache
from okcore import load as loader
from okcore.base import Problem
from okcore.load import LoadError, load_network, load_program


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory of this test (okcore.parse_cache appends "parsed")."""
    monkeypatch.setenv("OKCORE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "parsed"


def _no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str, suffix: str) -> Any:
        raise AssertionError("parsed again")

    monkeypatch.setattr(loader, "parse_text", refuse)


def _no_own_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(document: Any, source_locale: str) -> Any:
        raise AssertionError("checked again")

    monkeypatch.setattr(checks, "check_source_locale", refuse)


def _cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKCORE_CACHE_DIR", "")


REPO = Path(__file__).resolve().parents[2]
PLUGIN_FILES = [
    (load_program, REPO / "src/okplugins/open_krakow/data/program.yaml"),
    (load_network, REPO / "src/okplugins/open_krakow/data/network-3487-2023.yaml"),
    (load_network, REPO / "src/okplugins/ngo_cooperation/data/network-351-2026.yaml"),
]


def test_a_second_load_reads_the_kept_document(
    tmp_path: Path, kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "lublin.yaml", VALID)
    first = load_program(path)
    assert len(list(kept.glob("*.json"))) == 2  # the parse and the checked document
    _no_yaml(monkeypatch)
    _no_own_check(monkeypatch)
    assert load_program(path) == first


@pytest.mark.parametrize(("load", "path"), PLUGIN_FILES, ids=lambda v: getattr(v, "name", ""))
def test_a_kept_document_is_exactly_what_a_fresh_load_gives(
    tmp_path: Path, kept: Path, monkeypatch: pytest.MonkeyPatch, load: Any, path: Path
) -> None:
    copy_of = tmp_path / path.name
    copy_of.write_bytes(path.read_bytes())
    load(copy_of)  # fills the cache
    _no_yaml(monkeypatch)
    _no_own_check(monkeypatch)
    from_cache = load(copy_of)
    monkeypatch.undo()
    _cache_off(monkeypatch)
    fresh = load(copy_of)
    assert from_cache == fresh
    assert from_cache.model_dump(exclude_unset=True) == fresh.model_dump(exclude_unset=True)


def test_one_changed_byte_is_read_again(tmp_path: Path, kept: Path) -> None:
    path = write(tmp_path, "lublin.yaml", VALID)
    load_program(path)
    entries = len(list(kept.glob("*.json")))
    text = path.read_bytes()
    path.write_bytes(text.replace(b"main_goal: Cel", b"main_goal: Cal"))
    assert str(load_program(path).main_goal) == "Cal"
    assert len(list(kept.glob("*.json"))) == 2 * entries


def test_the_extra_checks_run_on_kept_documents_too(
    tmp_path: Path, kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "lublin.yaml", VALID)
    load_program(path)
    _no_yaml(monkeypatch)

    def city_rule(program: Any) -> list[Problem]:
        return [Problem("main_goal", "the city's rule says no")]

    with pytest.raises(LoadError) as from_cache:
        load_program(path, [city_rule])
    monkeypatch.undo()
    _cache_off(monkeypatch)
    with pytest.raises(LoadError) as fresh:
        load_program(path, [city_rule])
    assert (
        str(from_cache.value)
        == str(fresh.value)
        == "lublin.yaml: main_goal: the city's rule says no"
    )


def test_a_refused_file_gives_the_same_messages_with_the_cache(
    tmp_path: Path, kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = copy.deepcopy(VALID)
    broken["goals"][0]["indicators"][0]["outcome"] = 9
    broken["goals"][0]["tasks"][0]["source"] = "art. 5"
    path = write(tmp_path, "lublin.yaml", broken)
    messages = []
    for _ in range(2):  # an empty cache, then one that holds the parse
        with pytest.raises(LoadError) as error:
            load_program(path)
        messages.append(str(error.value))
    _cache_off(monkeypatch)
    with pytest.raises(LoadError) as fresh:
        load_program(path)
    assert messages == [str(fresh.value)] * 2
    assert "has no outcome 9" in str(fresh.value)


def test_a_kept_document_that_no_longer_validates_is_a_miss(tmp_path: Path, kept: Path) -> None:
    path = write(tmp_path, "lublin.yaml", VALID)
    expected = load_program(path)
    document = loader._key("Program\0check_program", path.read_bytes())
    (kept / f"{document}.json").write_text('{"id": "planted", "goals": 3}', encoding="utf-8")
    assert load_program(path) == expected


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


def test_kept_entries_are_ascii_json(tmp_path: Path, kept: Path) -> None:
    parse_cache.store("key", {"city": "Kraków", "goal": "Łódź ✓"})
    entry = kept / "key.json"
    assert entry.read_bytes().isascii()
    assert parse_cache.lookup("key") == (True, {"city": "Kraków", "goal": "Łódź ✓"})


@pytest.mark.parametrize(
    "content",
    [b'{"cut short', b"\xff\xfe not UTF-8", b"[" * 100_000 + b"]" * 100_000, b""],
    ids=["cut-short", "bad-bytes", "too-deep", "empty"],
)
def test_any_broken_entry_is_a_miss(kept: Path, content: bytes) -> None:
    parse_cache.store("key", {"a": 1})
    (kept / "key.json").write_bytes(content)
    assert parse_cache.lookup("key") == (False, None)


def test_an_unreadable_entry_is_a_miss(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parse_cache.store("key", {"a": 1})

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert parse_cache.lookup("key") == (False, None)


def test_a_failed_store_leaves_no_file_and_raises_nothing(
    tmp_path: Path, kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(source: str, target: Path) -> None:
        raise RuntimeError("anything at all")

    monkeypatch.setattr(os, "replace", fail)
    path = write(tmp_path, "lublin.yaml", VALID)
    assert str(load_program(path).main_goal) == "Cel"
    assert list(kept.iterdir()) == []


def test_the_directory_is_made_private(kept: Path) -> None:
    assert parse_cache.directory() == kept
    assert stat.S_IMODE(kept.stat().st_mode) == 0o700


def test_a_directory_others_can_write_to_is_refused(tmp_path: Path, kept: Path) -> None:
    kept.mkdir(parents=True)
    kept.chmod(0o777)
    path = write(tmp_path, "lublin.yaml", VALID)
    with pytest.warns(RuntimeWarning, match="parse cache is off"):
        assert str(load_program(path).main_goal) == "Cel"
    assert list(kept.iterdir()) == []


def test_a_directory_of_another_user_is_refused(
    tmp_path: Path, kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parse_cache.store("planted", {"id": "planted"})
    monkeypatch.setattr(os, "getuid", lambda: kept.stat().st_uid + 1)
    with pytest.warns(RuntimeWarning, match="must belong to this user"):
        assert parse_cache.lookup("planted") == (False, None)


def test_no_readable_source_means_no_cache(
    tmp_path: Path, kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert loader.code_version(tmp_path / "okcore.pyz" / "okcore") is None
    monkeypatch.setattr(loader, "_CODE", None)
    assert str(load_program(write(tmp_path, "lublin.yaml", VALID)).main_goal) == "Cel"
    assert not kept.exists()


def test_the_key_names_the_parser_that_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    package = Path(loader.__file__).parent
    with_libyaml = loader.code_version(package)
    monkeypatch.setattr(yaml, "__with_libyaml__", not yaml.__with_libyaml__)
    assert loader.code_version(package) != with_libyaml


def test_windows_line_breaks_parse_as_before(tmp_path: Path, kept: Path) -> None:
    unix = write(tmp_path, "lublin.yaml", VALID)
    windows = tmp_path / "windows.yaml"
    windows.write_bytes(unix.read_bytes().replace(b"\n", b"\r\n"))
    assert load_program(windows) == load_program(unix)
    assert load_program(windows) == load_program(unix)  # and from the cache
    assert VALID in [json.loads(entry.read_text()) for entry in kept.glob("*.json")]
