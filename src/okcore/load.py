"""Reading programme, network and state files, with every problem reported at once.

Errors name the file, the path of the bad value and the problem, e.g.
``lublin.yaml: goals[2].tasks[0].deadline: '2028-13-01' is not a date``.
No exception other than :class:`LoadError` leaves this module for bad input,
however large, deep or self-referencing the file (limits: docs/file-format.md).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar, Union

import pydantic
import pydantic_core
import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from okcore import parse_cache
from okcore.base import CANONICAL, Problem, format_path
from okcore.checks import check_network, check_program
from okcore.network import CoordinatorNetwork, NetworkState
from okcore.program import Program

M = TypeVar("M", bound=BaseModel)
Checker = Callable[[Any], Iterable[Problem]]


#: Limits on a document, far above any real programme and far below what would exhaust
#: memory or the stack: the file's size, how deeply it nests, and how many values it
#: holds once YAML aliases are expanded (a 557-byte "billion laughs" holds 10⁹).
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NESTING = 50
MAX_VALUES = 1_000_000

# A string runs to its closing quote or, unclosed, to the end of the text: a pattern that
# could fail would be retried from every later quote (quadratic on '"\\"\\"…').
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*(?:"|\\?\Z)')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_depth(text: str) -> int:
    """How deeply JSON text nests, found without parsing it (a parser recurses per level)."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(itertools.accumulate(_STEP[c] for c in brackets), default=0)


class LoadError(Exception):
    """Bad input: carries every problem found, each with its path."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = list(dict.fromkeys(problems))  # document order, no repeats
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [problem.format(self.source) for problem in self.problems]


#: libyaml's parser when PyYAML was built with it (the Linux wheels are): several times faster.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeLoader):  # type: ignore[valid-type,misc]  # libyaml's class is untyped
    """YAML that refuses duplicate keys instead of silently keeping the last one, and
    keeps unquoted dates as text: the models parse them, so an impossible one
    (``2028-13-01``) is a problem at its path beside every other, not a parser crash."""


_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _TIMESTAMP_TAG]
    for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from None
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node)
    return mapping


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def _check_yaml_shape(text: str) -> None:
    """Refuse deep nesting and alias bombs from the parser's events, before anything recurses.

    libyaml's parser keeps its own stack, but composing and constructing recurse
    per level (50,000 nested brackets crash the process) and aliases multiply
    what every later step walks.
    """
    sizes: dict[str, int] = {}  # values under each anchor, aliases expanded
    open_collections: list[tuple[str | None, int]] = []
    values = 0
    for event in yaml.parse(text, Loader=_SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            if len(open_collections) >= MAX_NESTING:
                raise ValueError(f"{_where(event)}nested deeper than {MAX_NESTING} levels")
            open_collections.append((event.anchor, values))
            values += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, before = open_collections.pop()
            if anchor is not None:
                sizes[anchor] = values - before
        elif isinstance(event, yaml.ScalarEvent):
            values += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            values += sizes.get(event.anchor or "", 1)  # an alias always names its anchor
        if values > MAX_VALUES:
            raise ValueError(
                f"{_where(event)}more than {MAX_VALUES:,} values once aliases are expanded"
            )


def _where(event: yaml.Event) -> str:
    mark = event.start_mark
    return f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""


def parse_text(text: str, suffix: str) -> Any:
    """Parse YAML or JSON text; raise ``ValueError`` with a located message."""
    if suffix == ".json":
        if json_depth(text) > MAX_NESTING:
            raise ValueError(f"invalid JSON: nested deeper than {MAX_NESTING} levels")
        try:
            return json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as error:
            raise ValueError(f"line {error.lineno}: invalid JSON: {error.msg}") from None
    try:
        _check_yaml_shape(text)
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.context_mark or error.problem_mark  # where the broken construct starts
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        what = error.problem or error.context or "invalid YAML"
        raise ValueError(f"{where}invalid YAML: {what}") from None
    except (yaml.YAMLError, RecursionError) as error:
        raise ValueError(f"invalid YAML: {error}") from None


def code_version(package: Path) -> str | None:
    """What a kept document depends on besides the file: okcore's code (the parser, the
    models, the checks), which of PyYAML's parsers runs (libyaml or pure Python) and
    pydantic; None, and so no cache, where the sources cannot be read (okcore run from a
    zipapp)."""
    try:
        sources = sorted(package.rglob("*.py"))
        code = b"".join(
            p.relative_to(package).as_posix().encode() + p.read_bytes() for p in sources
        )
    except OSError:
        return None
    if not sources:
        return None
    runs = (
        f"\0{yaml.__version__}\0{yaml.__with_libyaml__}\0{_SafeLoader.__name__}"
        f"\0{pydantic.VERSION}\0{pydantic_core.__version__}"
    )
    return hashlib.sha256(code + runs.encode()).hexdigest()


_CODE = code_version(Path(__file__).parent)


def _key(kind: str, content: bytes) -> str | None:
    """The cache key of a file's bytes kept as ``kind``; None when the cache is off."""
    if _CODE is None:
        return None
    return hashlib.sha256(f"{_CODE}\0{kind}\0".encode() + content).hexdigest()


def parse_file(path: Path) -> Any:
    """The file's data, parsed by :func:`parse_text` or, for YAML parsed before, taken from
    okcore.parse_cache (validation still runs on it). The key hashes the file's bytes, so a
    kept file is neither decoded nor parsed."""
    content = _read(path)
    suffix = path.suffix.lower()
    key = _key(suffix, content)
    if suffix == ".json" or key is None:  # JSON's parser is C already
        return parse_text(_decode(path.name, content), suffix)
    found, data = parse_cache.lookup(key)
    if not found:
        data = parse_text(_decode(path.name, content), suffix)
        parse_cache.store(key, data)
    return data


def _reject_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not a number JSON allows", name, 0)


def _describe(error: ErrorDetails) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling against `okcore schema`)"
    if kind.startswith(("date_", "datetime_")):
        return f"{value!r} is not a date (expected YYYY-MM-DD)"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"{value!r} is not a whole number"
    if kind in {"float_parsing", "float_type", "finite_number"}:
        return f"{value!r} is not a number"
    if kind in {"string_type", "bool_type", "bool_parsing", "list_type", "dict_type"}:
        expected = {
            "string_type": "a string",
            "bool_type": "true or false",
            "bool_parsing": "true or false",
            "list_type": "a list",
            "dict_type": "a mapping",
        }[kind]
        return f"{_short(value)} is not {expected}"
    if kind == "model_type" or kind == "model_attributes_type":
        return f"{_short(value)} is not a mapping"
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    elif message.startswith("Input should"):
        message = f"{_short(value)}: {message.removeprefix('Input ')}"
    elif kind in {"union_tag_invalid", "string_pattern_mismatch", "union_tag_not_found"}:
        message = f"{_short(value)}: {message[0].lower()}{message[1:]}"
    return message


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def validation_problems(error: ValidationError) -> list[Problem]:
    return [
        Problem(format_path(list(detail["loc"])), _describe(detail)) for detail in error.errors()
    ]


def validate_data(data: Any, model: type[M], checks: Iterable[Checker] = ()) -> M:
    """Validate parsed data against a model and run the semantic checks, reporting every
    problem of both in one pass: when the schema fails, the checks still run on a sketch
    of the document (:func:`sketch`), and report what the schema did not."""
    checks = list(checks)
    try:
        instance = model.model_validate(data)
    except ValidationError as error:
        problems = validation_problems(error)
        flagged = [problem.path for problem in problems]
        problems += [
            problem
            for problem in _tolerant(checks, sketch(model, data))
            if not any(_within(problem.path, path) for path in flagged)
        ]
        raise LoadError("", problems) from None
    return _checked(instance, checks)


def _checked(instance: M, checks: Iterable[Checker]) -> M:
    problems = [problem for check in checks for problem in check(instance)]
    if problems:
        raise LoadError("", problems)
    return instance


def _within(path: str, outer: str) -> bool:
    """Whether ``path`` is ``outer`` or lies inside it (``goals[0].tasks`` in ``goals[0]``)."""
    return path == outer or path.startswith((f"{outer}.", f"{outer}["))


def _tolerant(checks: Iterable[Checker], document: Any) -> Iterator[Problem]:
    """What each check finds in a sketch, up to the first part it cannot read."""
    for check in checks:
        try:
            yield from check(document)
        except Exception:  # the sketch holds the invalid values the schema reported
            continue


def sketch(model: type[BaseModel], data: Any) -> Any:
    """The document as models wherever its parts are valid, for the cross-reference checks
    to run beside the schema's errors with the paths unchanged: an invalid part is built
    with ``model_construct`` (which validates nothing) from its valid fields, and an
    invalid or missing value is empty (``None``, ``[]``, ``{}``), which no check flags."""
    try:
        return model.model_validate(data)
    except ValidationError:
        pass
    if not isinstance(data, dict):
        return None
    return model.model_construct(
        **{
            name: _sketch_value(field.rebuild_annotation(), data.get(field.alias or name))
            for name, field in model.model_fields.items()
            if (field.alias or name) in data or field.is_required()
        }
    )


def _sketch_value(annotation: Any, value: Any) -> Any:
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return sketch(annotation, value)
    if origin is list:
        (item,) = typing.get_args(annotation)
        return [_sketch_value(item, v) for v in value] if isinstance(value, list) else []
    if origin in (Union, types.UnionType):  # an optional part (``Baseline | None``)
        options = typing.get_args(annotation)
        models = [a for a in options if isinstance(a, type) and issubclass(a, BaseModel)]
        if len(models) == 1:
            return sketch(models[0], value)
    try:
        return TypeAdapter(annotation).validate_python(value)
    except ValidationError:
        return {} if origin is dict else None


def _read(path: Path) -> bytes:
    """The file's bytes, refused if it is not there or too large."""
    source = path.name
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            raise LoadError(source, [Problem("", f"file is larger than {limit} MB")])
        return path.read_bytes()
    except FileNotFoundError:
        raise LoadError(source, [Problem("", "file not found")]) from None
    except OSError as error:
        raise LoadError(source, [Problem("", f"cannot read: {error.strerror}")]) from None


def _decode(source: str, content: bytes) -> str:
    """The bytes as UTF-8 text, line breaks made ``\\n`` as ``Path.read_text`` makes them."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise LoadError(source, [Problem("", "file is not UTF-8 text")]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_file(path: Path | str, model: type[M], checks: Iterable[Checker] = ()) -> M:
    path = Path(path)
    source = path.name
    try:
        data = parse_file(path)
    except ValueError as error:
        raise LoadError(source, [Problem("", str(error))]) from None
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise LoadError(source, [Problem("", f"the document is {kind}, expected a mapping")])
    try:
        return validate_data(data, model, checks)
    except LoadError as error:
        raise LoadError(source, error.problems) from None


def load_program(path: Path | str, extra_checks: Iterable[Checker] = ()) -> Program:
    return _load_kept(Path(path), Program, check_program, extra_checks)


def load_network(path: Path | str, extra_checks: Iterable[Checker] = ()) -> CoordinatorNetwork:
    return _load_kept(Path(path), CoordinatorNetwork, check_network, extra_checks)


def _load_kept(path: Path, model: type[M], check: Checker, extra_checks: Iterable[Checker]) -> M:
    """:func:`load_file` with the model's own check, keeping a document that passed both in
    okcore.parse_cache as the model wrote it: a later load of the same bytes rebuilds it
    without parsing the YAML, normalising citations or running ``check`` again. The extra
    checks (a plugin's, a city's) run on every load, kept or not. Only a document that
    passed everything is kept, so a refused file always takes the full path and its
    messages never depend on the cache."""
    extra_checks = list(extra_checks)
    key = _key(f"{model.__name__}\0{check.__name__}", _read(path))
    found, document = parse_cache.lookup(key) if key else (False, None)
    if found:
        kept = _rebuild(model, document)
        if kept is not None:
            try:
                return _checked(kept, extra_checks)
            except LoadError as error:
                raise LoadError(path.name, error.problems) from None
    instance = load_file(path, model, [check, *extra_checks])
    if key:
        # The fields the file gave, as the model writes them: a rebuild sets the same ones.
        document = instance.model_dump(
            mode="json", exclude_unset=True, exclude_computed_fields=True
        )
        if _rebuild(model, document) == instance:  # kept only if it comes back exactly
            parse_cache.store(key, document)
    return instance


def _rebuild(model: type[M], document: Any) -> M | None:
    """A kept document as a model, or None (a miss) if it no longer validates."""
    try:
        return model.model_validate(document, context=CANONICAL)
    except Exception:
        return None


def load_state(path: Path | str, extra_checks: Iterable[Checker] = ()) -> NetworkState:
    return load_file(path, NetworkState, extra_checks)


def guess_kind(path: Path) -> str:
    """Which kind of document a file holds, by its keys: program, network, state or
    measurements."""
    try:
        data = parse_file(path)
    except (LoadError, ValueError):
        return "program"
    if isinstance(data, dict):
        if "measurements" in data and "goals" not in data:
            return "measurements"
        if "records" in data or ("network" in data and "goals" not in data):
            return "state"
        if "legal_act" in data and "goals" not in data:
            return "network"
    return "program"


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.suffix.lower() in {".yaml", ".yml", ".json"}
            )
        else:
            yield path
