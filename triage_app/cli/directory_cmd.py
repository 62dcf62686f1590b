"""``triage-app directory``: the services directory from the command line.

``list``, ``show``, ``find``, ``check`` and ``export`` read the directory, which holds no
family's details, and need no sign-in; ``edit``, ``import`` and ``stale-after`` change it
and act as a signed-in team leader or administrator. ``check`` lists the stale entries
and exits 1 if there are any, so a scheduled job can tell a team leader.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from triage_app.cli.context import CliContext
from triage_app.cli.jsonio import read_input
from triage_app.cli.sheet_cmd import write_pdf
from triage_app.domain.counts import counted
from triage_app.domain.directory import DETAILS, STATUS_LABELS, ServiceEntry
from triage_app.domain.search_words import load_search_words
from triage_app.errors import InvalidInput, Problem, echo

EXIT_OK, EXIT_PROBLEM = 0, 1


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "directory", help="the services directory: list, look up, check, edit, export, import"
    )
    act = parser.add_subparsers(dest="directory_command", metavar="ACTION", required=True)
    listing = act.add_parser("list", help="every entry: status, phone, when last checked")
    listing.add_argument("--stale", action="store_true", help="only entries due for a check")
    listing.set_defaults(handler=run_list)
    show = act.add_parser("show", help="one entry in full, with each detail's source")
    show.add_argument("code", help="the entry's code, such as ciass or pathways")
    show.add_argument("--history", action="store_true", help="every saved version, newest first")
    show.set_defaults(handler=run_show)
    find = act.add_parser("find", help="services for a need, concern, name or word")
    find.add_argument("query", help='what the caller said: "eviction", "food bank", "CAMHS"')
    find.add_argument("--all", action="store_true", help="include paused and closed services")
    find.set_defaults(handler=run_find)
    check = act.add_parser(
        "check", help="list entries not checked for the set months (exit 1 if any)"
    )
    check.set_defaults(handler=run_check)
    export = act.add_parser("export", help="write the directory as Open Referral UK JSON")
    export.add_argument("--format", choices=["hsds"], required=True, help="hsds: Open Referral UK")
    export.add_argument("--out", type=Path, metavar="FILE", help="the file (default: printed)")
    export.set_defaults(handler=run_export)
    imports = act.add_parser(
        "import", help="add or update entries from an Open Referral UK JSON file (all or none)"
    )
    imports.add_argument("file", type=Path, help="the HSDS JSON file")
    imports.add_argument("--format", choices=["hsds"], required=True, help="hsds: Open Referral UK")
    imports.add_argument("--reason", metavar="TEXT", help="why (kept with each version)")
    imports.add_argument("--dry-run", action="store_true", help="check the file, change nothing")
    imports.set_defaults(handler=run_import)
    edit = act.add_parser("edit", help="change an entry (team leaders, administrators)")
    edit.add_argument("code", help="the entry's code")
    edit.add_argument(
        "--set",
        dest="changes",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="a field to change, such as phone='024 7600 0000' with phone_source='their page, "
        "read 2026-03-10'; repeat for more",
    )
    edit.add_argument(
        "--checked", action="store_true", help="you checked its details today (no longer stale)"
    )
    edit.add_argument("--reason", metavar="TEXT", help="why (kept with the version)")
    edit.set_defaults(handler=run_edit)
    months = act.add_parser("stale-after", help="after how many months an entry is stale")
    months.add_argument("months", type=int, help="1 to 60 (default 6)")
    months.set_defaults(handler=run_stale_after)


def _checked(entry: ServiceEntry) -> str:
    if entry.checked_at is None:
        return "never checked"
    return f"checked {entry.checked_at:%Y-%m-%d} by {entry.checked_by or '?'}"


def _phone(entry: ServiceEntry) -> str:
    if not entry.phone.value:
        return "no number"
    return entry.phone.value if entry.phone.confirmed else f"{entry.phone.value} (unconfirmed)"


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from triage_app.services.directory import all_services, stale_months  # noqa: PLC0415

    with ctx.database().read() as session:
        entries, months = list(all_services(session)), stale_months(session)
    now = ctx.now()
    for e in entries:
        stale = e.is_stale(now, months)
        if args.stale and not stale:
            continue
        mark = "\tSTALE" if stale else ""
        print(f"{e.code}\t{e.kind}\t{e.status}\t{e.name}\t{_phone(e)}\t{_checked(e)}{mark}")
    return EXIT_OK


def _entry_lines(entry: ServiceEntry, ctx: CliContext) -> list[str]:
    vocab = ctx.vocab
    lines = [f"{entry.name} ({entry.code}, {entry.kind}, version {entry.version})"]
    lines.append(f"  status: {STATUS_LABELS.get(entry.status, entry.status)}")
    lines.append(f"  helps with: {entry.description}")
    needs = [vocab.need.label(c) for c in entry.needs if c in vocab.need]
    concerns = [vocab.concern.label(c) for c in entry.concerns if c in vocab.concern]
    if needs or concerns:
        lines.append(f"  offers: {'; '.join([*needs, *concerns])}")
    if entry.age_from is not None or entry.age_to is not None:
        lines.append(f"  ages: {entry.age_from or 0} to {entry.age_to or 'any'}")
    for label, value in (("area", entry.area), ("referral", entry.referral or "")):
        if value:
            lines.append(f"  {label}: {value}")
    for name in DETAILS:
        detail = entry.detail(name)
        if detail.value:
            source = detail.source or "UNCONFIRMED: no source"
            lines.append(f"  {name.replace('_', ' ')}: {detail.value} [{source}]")
    lines.append(f"  for families: {'yes' if entry.for_families else 'no (staff only)'}")
    for label, value in (("hint", entry.hint), ("note", entry.note)):
        if value:
            lines.append(f"  {label}: {value}")
    lines.append(f"  {_checked(entry)}")
    return lines


def run_show(args: argparse.Namespace, ctx: CliContext) -> int:
    from triage_app.services.directory import look_up  # noqa: PLC0415
    from triage_app.store.directory import history  # noqa: PLC0415

    with ctx.database().read() as session:
        found = look_up(session, args.code, now=ctx.now())
        changes = history(session, args.code) if args.history else []
    if found is None:
        raise InvalidInput([Problem("code", f"no service has the code '{echo(args.code)}'")])
    print("\n".join(_entry_lines(found.entry, ctx)))
    print(f"  tell the caller: {found.tell_caller}")
    print(f"  number may be given out: {'yes' if found.may_give_number else 'no'}")
    if found.stale:
        print("  STALE: due for a check")
    for change in changes:
        reason = f": {change.reason}" if change.reason else ""
        print(f"version {change.version}, {change.at:%Y-%m-%d %H:%M} UTC, {change.actor}{reason}")
    return EXIT_OK


def run_find(args: argparse.Namespace, ctx: CliContext) -> int:
    from triage_app.services.directory import Finder, all_services, stale_months  # noqa: PLC0415

    finder = Finder(load_search_words(ctx.resources, ctx.vocab))
    with ctx.database().read() as session:
        directory, months = all_services(session), stale_months(session)
    found = finder.find(
        directory, args.query, now=ctx.now(), months=months, include_closed=args.all
    )
    for answer in found:
        give = answer.number or "do not give a number"
        stale = "\tSTALE" if answer.stale else ""
        print(f"{answer.entry.code}\t{answer.matched}\t{give}{stale}\n  {answer.tell_caller}")
    if not found:
        print(f"no service found for '{echo(args.query)}'")
    return EXIT_OK


def run_check(args: argparse.Namespace, ctx: CliContext) -> int:
    from triage_app.services.directory import (  # noqa: PLC0415
        all_services,
        stale_entries,
        stale_months,
        unavailable_actions,
    )

    with ctx.database().read() as session:
        stale, months = stale_entries(session, now=ctx.now()), stale_months(session)
        directory = all_services(session)
    for answer in stale:
        print(f"{answer.entry.code}\t{answer.entry.name}\t{_checked(answer.entry)}")
    partners = {code: action.partner for code, action in ctx.rules.actions.items()}
    blocked = unavailable_actions(directory, partners)
    for action, entry in blocked:
        print(f"action {action} needs {entry.code}, which is {entry.status}")
    if blocked:
        print(
            "the rules name a paused or closed service in "
            f"{counted(len(blocked), 'action')}: routes carrying them say so",
            file=sys.stderr,
        )
    if stale:
        print(
            f"{counted(len(stale), 'entry')} not checked for {months} months or "
            "more: check each with the service and save it with --checked",
            file=sys.stderr,
        )
    if stale or blocked:
        return EXIT_PROBLEM
    print(f"every entry was checked in the last {months} months")
    return EXIT_OK


def run_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from triage_app.directory.hsds import export_hsds  # noqa: PLC0415
    from triage_app.services.directory import all_services  # noqa: PLC0415

    with ctx.database().read() as session:
        text = export_hsds(all_services(session), ctx.vocab)
    if args.out is None:
        sys.stdout.write(text)
        return EXIT_OK
    write_pdf(args.out, text.encode("utf-8"))
    print(f"wrote the directory to {args.out}", file=sys.stderr)
    return EXIT_OK


def run_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from triage_app.directory.hsds import parse_hsds  # noqa: PLC0415
    from triage_app.services.directory_edit import entry_problems, import_services  # noqa: PLC0415

    entries = parse_hsds(read_input(args.file))
    problems = [
        p for i, e in enumerate(entries) for p in entry_problems(e, ctx.vocab, f"services[{i}]")
    ]
    if problems:
        raise InvalidInput(problems, where=str(args.file))
    if args.dry_run:
        print(f"{args.file}: {counted(len(entries), 'service')}, no problems; nothing changed")
        return EXIT_OK
    actor = ctx.actor("edit_directory")
    with ctx.database().write() as session:
        saved = import_services(
            session, actor, entries, now=ctx.now(), vocab=ctx.vocab, reason=args.reason
        )
    print(
        f"imported {counted(len(saved), 'service')} from {args.file} "
        f"({len(entries) - len(saved)} unchanged)"
    )
    return EXIT_OK


def _changes(pairs: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InvalidInput([Problem("--set", f"'{echo(pair)}' is not FIELD=VALUE")])
        found[name.strip()] = value
    return found


def run_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    from triage_app.services.directory_edit import edit_service  # noqa: PLC0415

    changes = _changes(args.changes)
    actor = ctx.actor("edit_directory")
    with ctx.database().write() as session:
        saved = edit_service(
            session,
            actor,
            args.code,
            changes,
            now=ctx.now(),
            vocab=ctx.vocab,
            reason=args.reason,
            checked=args.checked,
        )
    print(f"saved {saved.code}, version {saved.version}")
    for name in saved.unconfirmed:
        print(
            f"{name.replace('_', ' ')} has no source, so it is unconfirmed: it is not printed "
            f"nor given out until --set {name}_source=... says where it was read",
            file=sys.stderr,
        )
    return EXIT_OK


def run_stale_after(args: argparse.Namespace, ctx: CliContext) -> int:
    from triage_app.services.directory_edit import set_stale_months  # noqa: PLC0415

    actor = ctx.actor("edit_directory")
    with ctx.database().write() as session:
        set_stale_months(session, actor, args.months, now=ctx.now())
    print(f"an entry is stale after {args.months} months without a check")
    return EXIT_OK
