"""Registers the `icc` exporter, the `okcore_icc_mappings` hook for other plugins and the
ICC coverage section of the programme's report."""

from __future__ import annotations

from functools import cache
from importlib.resources import as_file, files
from pathlib import Path

import pluggy

from okcore.base import Problem
from okcore.exporters import Exporter, ExportError, ExportRequest
from okcore.hookspecs import hookimpl
from okcore.load import LoadError, load_file
from okcore.registry import Registry
from okcore.report.model import Block, ReportData
from okplugins.icc_export import hookspecs
from okplugins.icc_export.model import Catalogue, Mapping, check_mapping
from okplugins.icc_export.render import RENDERERS
from okplugins.icc_export.report import build
from okplugins.icc_export.section import report_section


@cache
def catalogue() -> Catalogue:
    with as_file(
        files(__package__ or "okplugins.icc_export") / "data" / "catalogue-2019.yaml"
    ) as path:
        return load_file(path, Catalogue)


def mappings_for(registry: Registry, program_id: str) -> list[Mapping]:
    """Every mapping the plugins provide for one programme, each checked against it."""
    program = registry.program(program_id)
    found: list[Mapping] = []
    for paths in registry.manager.hook.okcore_icc_mappings():
        for path in paths or []:
            path = Path(path)

            def check(mapping: Mapping) -> list[Problem]:
                if mapping.program != program_id:
                    return []
                return list(check_mapping(mapping, catalogue(), program))

            mapping = load_file(path, Mapping, [check])
            if mapping.program == program_id:
                found.append(mapping)
    return found


def render(registry: Registry, request: ExportRequest) -> bytes:
    program = request.program
    if program.id not in registry.programs:
        raise ExportError(f"programme {program.id!r} is not installed")
    try:
        mappings = mappings_for(registry, program.id)
    except LoadError as error:
        raise ExportError("bad ICC mapping:\n" + "\n".join(error.lines())) from None
    if not mappings:
        raise ExportError(f"no plugin provides an ICC mapping for {program.id!r}")
    report = build(
        registry,
        catalogue(),
        program,
        mappings,
        request.year,
        request.measurements,
        request.compare_year,
        request.locale or "en",
    )
    return RENDERERS[request.format](report)


@hookimpl
def okcore_add_hookspecs(plugin_manager: pluggy.PluginManager) -> None:
    plugin_manager.add_hookspecs(hookspecs)


@hookimpl
def okcore_register_exporters() -> list[Exporter]:
    return [
        Exporter(
            name="icc",
            description="Council of Europe Intercultural Cities Index: areas, mapping, coverage",
            formats=tuple(RENDERERS),
            render=render,
        )
    ]


@hookimpl
def okcore_report_sections(registry: Registry, data: ReportData, language: str) -> list[Block]:
    """The ICC area coverage of the report's year; nothing for a programme with no mapping."""
    if data.program.id not in registry.programs:
        return []
    mappings = mappings_for(registry, data.program.id)
    return report_section(registry, data, language, catalogue(), mappings)
