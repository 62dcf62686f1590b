"""Work for ``test_ops_apart``: module-level, so a spawned process can import it."""

from __future__ import annotations

import os
import time

from triage_app.errors import TriageError


def answer(value: int) -> int:
    return value + 1


def refuse() -> None:
    raise TriageError("no figures for a month still to come")


def bug() -> None:
    raise ValueError("Ann Testcase, 1 Example Road")


def die() -> None:
    os._exit(3)


def slow(seconds: float) -> str:
    time.sleep(seconds)
    return "late"
