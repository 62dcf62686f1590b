"""How long one advice sheet takes to build, beside a one-paragraph reportlab document.

Run: ``python tests/bench/bench_sheet.py [--json FILE]``. The issue asks for one sheet in
under 150 ms; the baseline, measured in the same run on the same machine, says how much
of that is reportlab itself. Prints medians in milliseconds and the ratio; asserts nothing.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from benchlib import Figure, report
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from triage_app.domain.request import Answers, Child, Family, TriageRequest
from triage_app.domain.vocabulary import load_vocabularies
from triage_app.locations import resources_dir
from triage_app.pathways import default_rules_dir, load_rules, route
from triage_app.sheets.assemble import request_sheet_data
from triage_app.sheets.render import build_sheet
from triage_app.sheets.wording import default_wording_file, load_wording

RUNS = 40
BUDGET_MS = 150.0


def baseline() -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, invariant=1)
    doc.build([Paragraph("Here to Help: what happens next.", getSampleStyleSheet()["Normal"])])
    return out.getvalue()


def timed_ms(fn: Callable[[], bytes]) -> tuple[float, float]:
    """The first call (fonts read and registered, as for the first sheet after start) and
    the median of the calls after it (as in a running app)."""
    times = []
    for _ in range(RUNS + 1):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times[0], statistics.median(times[1:])


def main(json_path: Path | None = None) -> None:
    resources = resources_dir()
    vocab = load_vocabularies(resources)
    rules = load_rules(default_rules_dir(resources), vocab)
    wording = load_wording(default_wording_file(resources))
    req = TriageRequest(
        contact_method="face_to_face",
        source="self_referral",
        needs=("mental_ill_health", "money_debt"),
        consent="given",
        children=(Child(age_years=7),),
        answers=Answers(False, False, False),
        hub="harmony",
        family=Family(first_name="Łucja"),
    )
    routed = route(req, rules, on=date(2026, 3, 16))
    data = request_sheet_data(
        req,
        routed,
        reference="HH-7KQ4-M9XD",
        received=datetime(2026, 3, 16, 10, 30, tzinfo=UTC),
        vocab=vocab,
        rules=rules,
        wording=wording,
    )
    _, base = timed_ms(baseline)
    first, standard = timed_ms(lambda: build_sheet(data))
    _, large = timed_ms(lambda: build_sheet(replace(data, large_print=True)))
    rows = [
        ("baseline: one paragraph, built-in font", base),
        (f"advice sheet, standard ({len(data.steps)} steps)", standard),
        ("advice sheet, large print", large),
    ]
    print(f"median of {RUNS} builds after the first, in ms")
    for label, ms in rows:
        print(f"  {label:<42} {ms:6.1f}  ({ms / base:4.0f}x baseline)")
    print(f"  {'first sheet in this process (font loading)':<42} {first:6.1f}")
    worst = max(standard, large)
    print(f"budget {BUDGET_MS:.0f} ms per sheet: {'within' if worst < BUDGET_MS else 'OVER'}")
    report(
        [
            Figure(
                f"one advice sheet ({label}), median",
                ms,
                "ms",
                base,
                "one-paragraph reportlab document",
                f"≤ {BUDGET_MS:.0f} ms",
                ms <= BUDGET_MS,
                note=f"first sheet in the process {first:.0f} ms (fonts loaded)",
            )
            for label, ms in (("standard", standard), ("large print", large))
        ],
        json_path,
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", type=Path)
    main(parser.parse_args().json)
