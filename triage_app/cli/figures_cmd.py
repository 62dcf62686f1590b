"""``triage-app figures --month YYYY-MM [--hub CODE] --out FILE``: the monthly figures."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from triage_app.cli.context import CliContext
from triage_app.domain.counts import counted
from triage_app.errors import InvalidInput, Problem
from triage_app.figures import Month, monthly_figures
from triage_app.figures.report import figures_pdf
from triage_app.figures.table import figures_csv
from triage_app.files import write_whole

FORMATS = {".pdf": figures_pdf, ".csv": figures_csv}


def register(sub: Any) -> None:
    figures = sub.add_parser(
        "figures",
        help="the month's Here to Help figures as a PDF report or a CSV table",
        description=(
            "Requests by contact method, source, presenting need, course of action and hub; "
            "children by age (with those aged 16 and over and 19 and over), gender and "
            "ethnicity; re-referrals; and the last 12 months month by month. Months are "
            "calendar months in UK time."
        ),
    )
    figures.add_argument("--month", required=True, metavar="YYYY-MM")
    figures.add_argument("--hub", metavar="CODE", help="one Family Hub (default: all hubs)")
    figures.add_argument(
        "--out", required=True, type=Path, metavar="FILE", help="a .pdf or .csv file to write"
    )
    figures.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    month = Month.parse(args.month, "--month")
    render = FORMATS.get(args.out.suffix.lower())
    if render is None:
        raise InvalidInput([Problem("--out", f"'{args.out.name}' should end in .pdf or .csv")])
    vocab = ctx.vocab
    if args.hub is not None and args.hub not in vocab.hub:
        raise InvalidInput([Problem("--hub", vocab.hub.unknown(args.hub))])
    this_month = Month.containing(ctx.now())
    if month > this_month:  # a year typed wrong would print a report of zeros
        raise InvalidInput(
            [Problem("--month", f"{month} has not begun (it is {this_month.label} now)")]
        )
    ctx.actor("view_figures")
    with ctx.database().read() as session:
        figures = monthly_figures(session, month, args.hub, vocab, ctx.now())
    write_whole(args.out, render(figures), named="--out: ")
    print(
        f"{figures.month.label}, {figures.hub_label}: {counted(figures.requests, 'request')}, "
        f"{counted(figures.rereferrals, 're-referral')}, {counted(figures.children, 'child')}"
    )
    print(f"written to {args.out}")
    return 0
