"""Command line: ``loslaten scenarios`` and ``loslaten simulate``.

``main(argv)`` receives the arguments after the program name, starting with the subcommand
(``scenarios`` or ``simulate``). Errors are one plain line on stderr and exit code 2.

Usage::

    loslaten scenarios [--lang nl|en]
    loslaten simulate SCENARIO [--lang nl|en] [--csv FILE|-] [--plot FILE.png|FILE.svg]
                      [--compare SCENARIO | --compare-event EVENT ...]
    loslaten simulate --event hold@09:00+15 --event exhale@09:20 --event complete@14:00*0.8
                      [--wake 07:00] [--sleep 23:00] [--days 1..366] ...
    loslaten simulate                       (a plain day: only the daily rhythm)

Events are ``[Dn/]KIND@HH:MM[+MINUTES][*INTENSITY]``; ``D2/`` puts an event on day 2.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from .compare import compare
from .events import EVENT_KINDS, MINUTES_PER_DAY, SLEEP, WAKE, cut_off
from .explain import explain, explain_comparison
from .names import DISCLAIMER
from .scenarios import SCENARIOS, get_scenario
from .simulate import MAX_DAYS, simulate

#: One line per command, for ``loslaten help`` (loslaten/cli.py) and the usage errors.
COMMANDS = {
    "scenarios": "list the example days of the hormone model",
    "simulate": "run the hormone model on a scenario, on your own events, or on a plain day",
}


class UsageError(Exception):
    """A bad command line; the message is printed as one line."""


class _Parser(argparse.ArgumentParser):
    """ArgumentParser that reports errors as one line instead of a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _build_parser(command: str) -> _Parser:
    parser = _Parser(prog=f"loslaten {command}", add_help=True)
    parser.add_argument("--lang", default="nl", help="language of the text: nl (default) or en")
    if command == "simulate":
        parser.add_argument("scenario", nargs="?", help="a scenario slug (see: loslaten scenarios)")
        parser.add_argument(
            "--event",
            action="append",
            default=[],
            help=f"KIND@HH:MM[+MIN][*INT], repeatable; D2/ prefix for day 2; "
            f"kinds: {', '.join(EVENT_KINDS)}",
        )
        parser.add_argument("--wake", default=None, help=f"wake time HH:MM (default {WAKE})")
        parser.add_argument("--sleep", default=None, help=f"sleep time HH:MM (default {SLEEP})")
        parser.add_argument(
            "--days", default=None, help=f"number of days, 1 to {MAX_DAYS} (default 1)"
        )
        parser.add_argument("--csv", metavar="FILE", help="write the curves as CSV ('-' = stdout)")
        parser.add_argument(
            "--plot",
            metavar="FILE",
            help="draw the curves, with a 10-90%% uncertainty band, to FILE.png or .svg",
        )
        parser.add_argument("--compare", metavar="SCENARIO", help="compare with a scenario")
        parser.add_argument(
            "--compare-event",
            action="append",
            default=[],
            metavar="EVENT",
            help="events of a what-if day to compare with (repeatable)",
        )
    return parser


def _scenarios(args: argparse.Namespace) -> int:
    for scenario in SCENARIOS.values():
        print(f"{scenario.slug}  {scenario.description(args.lang)}")
    return 0


def _days(text: str | None, default: int) -> int:
    if text is None:
        return default
    if not (text.isascii() and text.strip().isdigit()):
        raise UsageError(f"days: expected a whole number from 1 to {MAX_DAYS}, got {text!r}")
    days = int(text)
    if not 1 <= days <= MAX_DAYS:
        raise UsageError(f"days: must be from 1 to {MAX_DAYS}, got {days}")
    return days


def _write(what: str, path: str, write) -> None:
    """Run ``write()``; a path that cannot be written is a usage error (one line)."""
    try:
        write()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise UsageError(f"{what}: cannot write {path!r}: {reason}") from None


def _cut_off_note(traj, lang: str) -> str | None:
    """One sentence naming the events that run past the end of the simulated days."""
    late = cut_off(traj.events, traj.days * MINUTES_PER_DAY)
    if not late:
        return None
    names = ", ".join(e.to_text() for e in late)
    if lang == "nl":
        return (
            f"Let op: {names} loopt door na het einde van de gesimuleerde dag(en); het model "
            "rekent alleen het deel tot middernacht mee."
        )
    return (
        f"Note: {names} runs past the end of the simulated day(s); the model counts only the "
        "part before midnight."
    )


def _simulate(args: argparse.Namespace) -> int:
    lang = args.lang
    if args.scenario and args.event:
        raise UsageError("give either a scenario or --event, not both")
    if args.compare and args.compare_event:
        raise UsageError("give either --compare or --compare-event, not both")
    if args.scenario:
        sc = get_scenario(args.scenario)
        events, label = list(sc.events), sc.slug
        days, wake, sleep = sc.days, sc.wake, sc.sleep
    else:
        # No scenario and no events: a plain day, only the daily rhythm.
        events, label = list(args.event), "jouw dag" if lang == "nl" else "your day"
        days, wake, sleep = 1, WAKE, SLEEP
    days = _days(args.days, days)
    wake = args.wake or wake
    sleep = args.sleep or sleep
    traj = simulate(events, days=days, wake=wake, sleep=sleep)

    other = None
    if args.compare:
        osc = get_scenario(args.compare)
        other = simulate(list(osc.events), days=days, wake=wake, sleep=sleep)
        other_label = osc.slug
    elif args.compare_event:
        other = simulate(args.compare_event, days=days, wake=wake, sleep=sleep)
        other_label = "wat-als" if lang == "nl" else "what-if"

    text_out = sys.stdout
    if args.csv == "-":
        # Keep stdout clean for the CSV; the explanation goes to stderr.
        text_out = sys.stderr
        sys.stdout.write(traj.to_csv())
    elif args.csv:
        _write("csv", args.csv, lambda: traj.to_csv(args.csv))
    if args.plot:
        from .plot import plot
        from .uncertainty import band

        spread = band(events, days=days, wake=wake, sleep=sleep, center=traj)
        _write("plot", args.plot, lambda: plot(traj, args.plot, other=other, band=spread))

    print(explain(traj, lang=lang), file=text_out)
    note = _cut_off_note(traj, lang)
    if note:
        print(note, file=text_out)
    if other is not None:
        print(file=text_out)
        print(
            explain_comparison(compare(traj, other, label, other_label), lang=lang),
            file=text_out,
        )
    print(file=text_out)
    print(DISCLAIMER[lang], file=text_out)
    return 0


def main(argv: list[str]) -> int:
    """Run ``scenarios`` or ``simulate`` (``argv[0]``); returns the exit code."""
    command = argv[0] if argv else ""
    prog = f"loslaten {command}".strip()
    try:
        if command not in COMMANDS:
            raise UsageError(f"unknown command {command!r}; expected scenarios or simulate")
        parser = _build_parser(command)
        try:
            args = parser.parse_args(argv[1:])
        except SystemExit as exc:  # --help
            return int(exc.code or 0)
        if args.lang not in ("nl", "en"):
            raise UsageError(f"lang: expected nl or en, got {args.lang!r}")
        if command == "scenarios":
            return _scenarios(args)
        return _simulate(args)
    except UsageError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        message = str(exc)
        field = message.split(":", 1)[0]
        if field in ("kind", "time", "duration", "intensity", "event", "day", "start"):
            option = (
                "--event" if not (argv and "--compare-event" in argv) else "--event/--compare-event"
            )
            message = f"{message} in {option}"
        print(f"{prog}: {message}", file=sys.stderr)
        return 2
