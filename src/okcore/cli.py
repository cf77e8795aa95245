"""The ``okcore`` command.

Exit codes: 0 success; 1 the input has problems or the result needs attention
(validation problems, overdue obligations); 2 bad usage; 3 unknown programme,
network or exporter; 4 the command depended on a plugin that failed (docs/cli.md,
"Broken plugins"); 5 the output file cannot be written.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn, TextIO
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from okcore import __version__
from okcore.base import Problem
from okcore.checks import check_measurements, check_network, check_program
from okcore.events import DEFAULT_TIME_ZONE
from okcore.exporters import ExportError, ExportRequest
from okcore.legal import Obligation
from okcore.load import LoadError, guess_kind, iter_files, load_file, load_state
from okcore.network import CoordinatorNetwork, NetworkState
from okcore.program import Measurement, MeasurementSet, Program
from okcore.registry import PluginError, PluginProblem, Registry
from okcore.services import compliance as compliance_service
from okcore.services.calendar import build_calendar, occurrences
from okcore.services.compliance import Status
from okcore.services.deadlines import Rules, all_deadlines, task_deadlines

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_NOT_FOUND, EXIT_PLUGIN = 0, 1, 2, 3, 4
EXIT_OUTPUT = 5

SCHEMAS: dict[str, type[BaseModel]] = {
    "program": Program,
    "network": CoordinatorNetwork,
    "state": NetworkState,
    "measurements": MeasurementSet,
}


class CommandError(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def _registry(args: argparse.Namespace, *, uses_all: bool = False) -> Registry:
    """The installed plugins; ``main`` reports their problems once the command is done.

    ``uses_all``: the command's answer covers everything installed (or checks a file
    against every plugin's acts and rules), so any plugin's problem makes it exit 4.
    """
    registry = args.registry = Registry.load()
    args.problems_at_load = len(registry.problems)
    if uses_all:
        _depends_on(args, registry.problems)
    return registry


def _depends_on(args: argparse.Namespace, problems: Iterable[PluginProblem]) -> None:
    """The command's answer relies on what these problems concern: it exits 4."""
    args.depends_on.extend(problems)


def _program(args: argparse.Namespace, registry: Registry, reference: str) -> Program:
    """An installed programme by id, or a programme file by path (checked by every plugin)."""
    path = Path(reference)
    if path.suffix.lower() in {".yaml", ".yml", ".json"} or path.exists():
        _depends_on(args, registry.problems)
        return load_file(path, Program, [check_program, registry.validate_program])
    _depends_on(args, registry.problems_about("programme", reference))
    try:
        return registry.program(reference)
    except KeyError as error:
        raise CommandError(error.args[0], EXIT_NOT_FOUND) from None


def _year_in_period(program: Program, year: int) -> None:
    if year not in program.period:
        raise CommandError(
            f"year {year} is outside the programme period "
            f"{program.period.start}–{program.period.end} of {program.id}",
            EXIT_USAGE,
        )


def _dump(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_atomically(path: Path, payload: bytes) -> None:
    """Write the whole file or nothing: a failed export never leaves half a file.

    The temporary file is opened with mode 0666 so that the kernel applies the umask, as
    for any new file (``mkstemp`` would give 0600, and reading the umask means changing it).
    """
    directory = path.parent if str(path.parent) else Path(".")
    for attempt in itertools.count():
        temporary = directory / f".{path.name}.{os.getpid()}.{attempt}.tmp"
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        break
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


# --- commands -------------------------------------------------------------


def cmd_programs(args: argparse.Namespace, out: TextIO) -> int:
    registry = _registry(args, uses_all=True)
    programs = sorted(registry.programs.values(), key=lambda p: p.id)
    if args.format == "json":
        _dump(
            [
                {
                    "id": p.id,
                    "title": p.title.dump(),
                    "period": p.period.model_dump(),
                    "goals": len(p.goals),
                }
                for p in programs
            ],
            out,
        )
        return EXIT_OK
    if not programs:
        out.write("No programmes installed.\n")
    for program in programs:
        out.write(
            f"{program.id}  {program.title.get(args.locale)} "
            f"({program.period.start}–{program.period.end}, {len(program.goals)} goals)\n"
        )
    networks = sorted(registry.networks.values(), key=lambda n: n.id)
    if networks:
        out.write("\nCoordinator networks:\n")
        for network in networks:
            out.write(f"{network.id}  {network.title.get(args.locale)}\n")
    return EXIT_OK


def cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    registry = _registry(args)
    program = _program(args, registry, args.program)
    if args.format == "json":
        _dump(program.model_dump(mode="json", exclude_none=False), out)
        return EXIT_OK
    loc = args.locale

    def t(value: Any) -> str:
        return "" if value is None else str(value.get(loc))

    out.write(f"{t(program.title)}\n{'=' * len(t(program.title))}\n")
    out.write(f"id: {program.id}\nperiod: {program.period.start}–{program.period.end}\n")
    if program.legal_basis:
        out.write(f"legal basis: {', '.join(program.legal_basis)}\n")
    if program.provenance:
        out.write(f"text: {t(program.provenance)}\n")
    out.write(f"\nMain goal: {t(program.main_goal)}\n")
    for goal in program.goals:
        out.write(f"\nGoal {goal.number}. {t(goal.title)}\n")
        for outcome in goal.outcomes:
            out.write(f"  outcome {outcome.number}: {t(outcome.title)}\n")
        for task in goal.tasks:
            deadline = "continuous" if task.is_continuous else f"by {task.deadline}"
            out.write(f"  task {goal.number}.{task.number} ({deadline}): {t(task.title)}\n")
        for indicator in goal.indicators:
            baseline = (
                f"{indicator.baseline.value:g} ({indicator.baseline.year})"
                if indicator.baseline
                else "—"
            )
            target = t(indicator.target.label) or indicator.target.formula()
            out.write(
                f"  indicator {indicator.id}: {t(indicator.name)}; "
                f"baseline {baseline}; target {target}\n"
            )
    if program.risks:
        out.write("\nRisks:\n")
        for risk in program.risks:
            out.write(
                f"  {risk.number}. [{risk.rating} {risk.level.value}] {t(risk.name)} "
                f"→ {risk.response.value}" + (f" ({t(risk.action)})" if risk.action else "") + "\n"
            )
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    registry = _registry(args, uses_all=True)
    files = list(iter_files(Path(p) for p in args.files))
    if not files:
        raise CommandError("no programme files found in the given paths", EXIT_USAGE)
    acts = list(registry.legal_acts.values())

    def network_checks(network: CoordinatorNetwork) -> list[Problem]:
        return list(check_network(network, acts))

    def measurement_checks(data: MeasurementSet) -> list[Problem]:
        """Against the installed programme the file names."""
        try:
            program = registry.program(data.program)
        except KeyError as error:
            return [Problem("program", error.args[0])]
        return list(check_measurements(data, program))

    failed = 0
    for path in files:
        kind = args.kind or guess_kind(path)
        try:
            if kind == "state":
                state = load_state(path)
                problems = registry.check_state(state)
                if problems:
                    raise LoadError(path.name, problems)
            elif kind == "network":
                load_file(path, CoordinatorNetwork, [network_checks])
            elif kind == "measurements":
                load_file(path, MeasurementSet, [measurement_checks])
            else:
                load_file(path, Program, [check_program, registry.validate_program])
        except LoadError as error:
            failed += 1
            for line in error.lines():
                sys.stderr.write(line + "\n")
            continue
        out.write(f"{path.name}: ok ({kind})\n")
    return EXIT_PROBLEMS if failed else EXIT_OK


def cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    schema = SCHEMAS[args.kind].model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    _dump(schema, out)
    return EXIT_OK


def _measurements(program: Program, path: str | None) -> list[Measurement]:
    """Measurements from a file, refused whole if any does not fit its indicator
    (``check_measurements``: programme, indicator, parts, period)."""
    if not path:
        return []
    return load_file(path, MeasurementSet, [lambda d: check_measurements(d, program)]).measurements


def _today() -> date:
    """Today in the city's zone (okcore's default zone, Europe/Warsaw), not the machine's:
    a deadline falls due on Warsaw's calendar day even when run on a UTC server at 23:30."""
    return datetime.now(ZoneInfo(DEFAULT_TIME_ZONE)).date()


def cmd_status(args: argparse.Namespace, out: TextIO) -> int:
    registry = _registry(args)
    program = _program(args, registry, args.program)
    _year_in_period(program, args.year)
    measurements = _measurements(program, args.measurements)
    rows = []
    for goal in program.goals:
        for indicator in goal.indicators:
            status = registry.indicator_status(program, indicator, measurements, args.year)
            rows.append((goal, indicator, status))
    if args.format == "json":
        _dump(
            {
                "program": program.id,
                "year": args.year,
                "indicators": [
                    {
                        "goal": goal.number,
                        "name": indicator.name.get(args.locale),
                        "baseline": indicator.baseline.model_dump() if indicator.baseline else None,
                        "target": indicator.target.model_dump(mode="json"),
                        **status.as_dict(),
                    }
                    for goal, indicator, status in rows
                ],
            },
            out,
        )
        return EXIT_OK
    out.write(f"{program.id} — indicator status for {args.year}\n\n")
    targets = [indicator.target.formula() for _, indicator, _ in rows]
    wide = max([len("target"), *map(len, targets)]) + 1  # a target is never cut short
    out.write(
        f"{'goal':<5}{'indicator':<32}{'value':>10}  {'target':<{wide}}{'status':<9}progress\n"
    )
    for (goal, indicator, status), target in zip(rows, targets, strict=True):
        value = "—" if status.value is None else f"{status.value:g}{indicator.target.percent_sign}"
        if status.components:
            value = "/".join(f"{v:g}" for v in status.components.values())
        progress = "—" if status.progress is None else f"{status.progress:.0%}"
        out.write(
            f"{goal.number:<5}{indicator.id[:31]:<32}{value:>10}  "
            f"{target:<{wide}}{status.status.value:<9}{progress}\n"
        )
    return EXIT_OK


def cmd_deadlines(args: argparse.Namespace, out: TextIO) -> int:
    registry = _registry(args, uses_all=not args.id)
    obligations = dict(registry.obligations)
    if args.id:
        what = "network" if args.id in registry.networks else "programme"
        _depends_on(args, registry.problems_about(what, args.id))
        if args.id not in registry.programs and args.id not in registry.networks:
            known = ", ".join(sorted([*registry.programs, *registry.networks])) or "none"
            raise CommandError(
                f"unknown programme or network {args.id!r} (known: {known})", EXIT_NOT_FOUND
            )
        obligations = {
            k: v for k, v in obligations.items() if registry.obligation_owner.get(k) == args.id
        }
    rules: dict[str, Rules] = {
        n.id: compliance_service.rules_for(n) for n in registry.networks.values()
    }
    start, end = date(args.year, 1, 1), date(args.year, 12, 31)
    items = all_deadlines(
        obligations, registry.legal_acts, start, end, rules, registry.obligation_owner
    )
    for program in registry.programs.values():
        if args.id in (None, program.id):
            items.extend(task_deadlines(program, start, end))
    items.sort(key=lambda d: (d.due, d.source, d.obligation))
    if args.format == "ics":
        name = f"Deadlines {args.year}" + (f" — {args.id}" if args.id else "")
        out.write(build_calendar(name, items, locale=args.locale).decode("utf-8"))
        return EXIT_OK
    if args.format == "json":
        _dump(
            [
                {
                    "due": d.due.isoformat(),
                    "title": d.title.get(args.locale),
                    "source": d.source,
                    "obligation": d.obligation,
                    "bearer": d.bearer.value,
                    "owner": d.owner,
                    "period_start": d.period_start.isoformat() if d.period_start else None,
                    "period_end": d.period_end.isoformat() if d.period_end else None,
                    "implementers": d.implementers,
                    "basis": d.basis.value,
                    "policy_note": d.policy_note.get(args.locale) if d.policy_note else None,
                }
                for d in items
            ],
            out,
        )
        return EXIT_OK
    if not items:
        out.write(f"No deadlines fall due in {args.year}.\n")
    for d in items:
        period = f" [{d.period_start}–{d.period_end}]" if d.period_start else ""
        who = f" — {', '.join(d.implementers)}" if d.implementers else ""
        out.write(f"{d.due}  {d.source:<26} {d.title.get(args.locale)}{period}{who}\n")
        if d.policy_note:
            out.write(f"{'':<12}policy: {d.policy_note.get(args.locale)}\n")
    return EXIT_OK


def _moment(moment: date) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if isinstance(moment, datetime) else str(moment)


def cmd_calendar(args: argparse.Namespace, out: TextIO) -> int:
    """What a programme's public calendar holds (the site's feed, less the site's own events):
    its public deadlines and the plugins' calendar items, between two days."""
    registry = _registry(args, uses_all=not args.id)
    if args.id:
        program = _program(args, registry, args.id)
        if program.id not in registry.programs:  # a file: its items are nobody's
            raise CommandError("calendar needs an installed programme's id", EXIT_USAGE)
    start = args.start
    end = args.end or start + timedelta(days=365)
    if end < start:
        raise CommandError(f"--to {end} is before --from {start}", EXIT_USAGE)
    programs = [args.id] if args.id else sorted(registry.programs)
    deadlines = registry.public_deadlines(programs, start, end)
    items = registry.calendar_items(start, end, [args.id] if args.id else None)
    if args.format == "ics":
        name = f"{args.id or 'okcore'} {start}–{end}"
        out.write(build_calendar(name, deadlines, items, locale=args.locale).decode("utf-8"))
        return EXIT_OK
    rows = [
        (str(d.due), f"{d.source}: {d.title.get(args.locale)}", "deadline", d.owner or "")
        for d in deadlines
    ]
    for item in items:
        for happening in occurrences(item, start, end):
            when = _moment(happening.start)
            if happening.end is not None:
                when += f" – {_moment(happening.end)}"
            rows.append((when, item.title.get(args.locale), "event", item.program or ""))
    rows.sort()
    if args.format == "json":
        keys = ("when", "title", "kind", "owner")
        _dump([dict(zip(keys, row, strict=True)) for row in rows], out)
        return EXIT_OK
    if not rows:
        out.write(f"Nothing in the calendar from {start} to {end}.\n")
    for when, title, kind, owner in rows:
        out.write(f"{when:<35} {kind:<9} {title}" + (f"  [{owner}]" if owner else "") + "\n")
    return EXIT_OK


def cmd_compliance(args: argparse.Namespace, out: TextIO) -> int:
    registry = _registry(args)
    state = load_state(args.state)
    _depends_on(args, registry.problems_about("network", state.network))
    problems = registry.check_state(state)
    if problems:
        raise LoadError(Path(args.state).name, problems)
    network = registry.network(state.network)
    table = compliance_service.compliance(network, state, registry.legal_acts, args.on)
    overdue = any(row.overdue for row in table)
    if args.format == "json":
        _dump(compliance_service.as_dict(table, args.on, args.locale), out)
        return EXIT_PROBLEMS if overdue else EXIT_OK
    out.write(f"{network.id} — compliance on {args.on}\n")
    for row in table:
        out.write(f"\n{row.unit.name.get(args.locale)} ({row.unit.id})\n")
        ongoing = [item for item in row.obligations if item.status is Status.ONGOING]
        for item in row.obligations:
            if item.status is Status.ONGOING:
                continue
            status = item.status.value
            when = ""
            if item.since:
                when = f" since {item.since}"
            elif item.next_due:
                when = f" due {item.next_due}"
            shown = [d for d in item.deadlines if d.status is item.status]
            details = {d.detail for d in shown if d.detail}
            extra = f" — {'; '.join(sorted(details))}" if details else ""
            out.write(
                f"  {status.upper():<9}{item.obligation.source:<22}"
                f"{item.obligation.title.get(args.locale)}{when}{extra}\n"
            )
            notes = {d.policy_note.get(args.locale) for d in shown if d.policy_note}
            for note in sorted(notes):
                out.write(f"{'':<11}policy: {note}\n")
        if ongoing:
            out.write(
                f"  and {len(ongoing)} ongoing duties without a date (--format json lists them)\n"
            )
        reasons: dict[str, list[Obligation]] = {}
        for obligation in row.exempt:
            reason = obligation.hub_exempt.get(args.locale) if obligation.hub_exempt else ""
            reasons.setdefault(reason, []).append(obligation)
        for reason, obligations in reasons.items():
            for obligation in obligations:
                title = obligation.title.get(args.locale)
                out.write(f"  EXEMPT   {obligation.source:<22}{title}\n")
            out.write(f"{'':<11}policy: {reason}\n")
    return EXIT_PROBLEMS if overdue else EXIT_OK


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    registry = _registry(args)
    _depends_on(args, registry.problems_about("exporter", args.exporter))
    exporter = registry.exporters.get(args.exporter)
    if exporter is None:
        known = ", ".join(sorted(registry.exporters)) or "none installed"
        raise CommandError(f"unknown exporter {args.exporter!r} (known: {known})", EXIT_NOT_FOUND)
    if args.format not in exporter.formats:
        raise CommandError(
            f"exporter {exporter.name!r} writes {', '.join(exporter.formats)}, not {args.format!r}",
            EXIT_USAGE,
        )
    program = _program(args, registry, args.program)
    _year_in_period(program, args.year)
    if args.compare is not None:
        _year_in_period(program, args.compare)
    try:
        request = ExportRequest(
            program,
            args.year,
            args.format,
            args.compare,
            _measurements(program, args.measurements),
            args.locale,
        )
        payload = registry.export(exporter, request)
    except ExportError as error:
        raise CommandError(str(error), EXIT_PROBLEMS) from None
    if args.output:
        try:
            write_atomically(Path(args.output), payload)
        except OSError as error:
            reason = error.strerror or str(error)
            raise CommandError(f"cannot write {args.output}: {reason}", EXIT_OUTPUT) from None
        return EXIT_OK
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        out.flush()
        buffer.write(payload)
    else:
        try:
            out.write(payload.decode("utf-8"))
        except UnicodeDecodeError:
            raise CommandError(
                f"{args.format} is binary: write it with -o FILE", EXIT_USAGE
            ) from None
    return EXIT_OK


# --- argument parsing -----------------------------------------------------


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (expected YYYY-MM-DD)") from None


def _year(text: str) -> int:
    if not text.isdigit() or len(text) != 4:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year such as 2026")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="okcore",
        description="Programmes, indicators, obligations and coordinator networks of a city.",
        epilog="Exit codes: 0 ok; 1 problems found or overdue; 2 bad usage; "
        "3 unknown programme, network or exporter; 4 relied on a plugin that failed; "
        "5 the output file cannot be written.",
    )
    parser.add_argument("--version", action="version", version=f"okcore {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str, handler: Any) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(handler=handler)
        command.add_argument("--locale", default=None, help="language of texts: pl, en, uk, ...")
        return command

    programs = add("programs", "List the installed programmes and networks.", cmd_programs)
    programs.add_argument("--format", choices=["text", "json"], default="text")

    show = add("show", "Show a programme (installed id, or a file).", cmd_show)
    show.add_argument("program", metavar="ID|FILE")
    show.add_argument("--format", choices=["text", "json"], default="text")

    validate = add(
        "validate", "Check programme, network, state or measurements files.", cmd_validate
    )
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument(
        "--kind", choices=sorted(SCHEMAS), help="document kind (default: guessed from its keys)"
    )

    schema = add("schema", "Print the JSON Schema of a file format.", cmd_schema)
    schema.add_argument("kind", nargs="?", choices=sorted(SCHEMAS), default="program")

    status = add("status", "Indicator status table for a year.", cmd_status)
    status.add_argument("program", metavar="ID|FILE")
    status.add_argument("--year", type=_year, required=True)
    status.add_argument("--measurements", metavar="FILE", help="YAML/JSON measurements file")
    status.add_argument("--format", choices=["text", "json"], default="text")

    deadlines = add("deadlines", "Deadlines falling due in a year.", cmd_deadlines)
    deadlines.add_argument("id", nargs="?", metavar="ID", help="programme or network id")
    deadlines.add_argument("--year", type=_year, required=True)
    deadlines.add_argument("--format", choices=["text", "json", "ics"], default="text")

    calendar = add(
        "calendar",
        "A programme's public calendar: its public deadlines and the plugins' events.",
        cmd_calendar,
    )
    calendar.add_argument("id", nargs="?", metavar="ID", help="programme id (default: all)")
    calendar.add_argument(
        "--from", dest="start", type=_iso_date, default=_today(), help="first day (default: today)"
    )
    calendar.add_argument(
        "--to", dest="end", type=_iso_date, help="last day (default: a year after --from)"
    )
    calendar.add_argument("--format", choices=["text", "json", "ics"], default="text")

    comp = add("compliance", "Per-unit obligations met, due or overdue.", cmd_compliance)
    comp.add_argument("state", metavar="STATE_FILE")
    comp.add_argument(
        "--on", type=_iso_date, default=_today(), help="date (default: today in Warsaw)"
    )
    comp.add_argument("--format", choices=["text", "json"], default="text")

    export = add("export", "Run an exporter contributed by a plugin.", cmd_export)
    export.add_argument("exporter", metavar="NAME")
    export.add_argument("program", metavar="ID|FILE")
    export.add_argument("--year", type=_year, required=True)
    export.add_argument("--compare", type=_year, metavar="YEAR")
    export.add_argument("--format", required=True)
    export.add_argument("--measurements", metavar="FILE", help="YAML/JSON measurements file")
    export.add_argument("-o", "--output", metavar="FILE")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    args.registry, args.depends_on = None, []
    failed: list[PluginProblem] = []  # plugin code that raised while the command ran
    try:
        code: int = args.handler(args, out)
    except LoadError as error:
        for line in error.lines():
            sys.stderr.write(line + "\n")
        code = EXIT_PROBLEMS
    except CommandError as error:
        sys.stderr.write(f"okcore: {error}\n")
        code = error.code
    except PluginError as error:
        failed, code = error.problems, EXIT_PLUGIN
    except BrokenPipeError:
        return EXIT_OK
    return _plugin_outcome(args, failed, code)


def _plugin_outcome(args: argparse.Namespace, failed: list[PluginProblem], code: int) -> int:
    """Every plugin problem on stderr, one line each; exit 4 if the command relied on one."""
    known = args.registry.problems if args.registry else []
    # Plugin code that failed while the command ran, and that the registry stepped past.
    during = known[args.problems_at_load :] if args.registry else []
    for problem in dict.fromkeys([*known, *failed]):
        sys.stderr.write(f"okcore: {problem.format()}\n")
    return EXIT_PLUGIN if args.depends_on or during else code


def run() -> NoReturn:
    sys.exit(main())


if __name__ == "__main__":
    run()
