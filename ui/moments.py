"""A stored moment as staff read it: in Coventry's time, day first."""

from __future__ import annotations

from datetime import datetime

from triage_app.domain.localtime import LOCAL_ZONE


def local_text(moment: datetime) -> str:
    """A stored (UTC) moment in Coventry's time: "16/03/2026 10:30"."""
    return moment.astimezone(LOCAL_ZONE).strftime("%d/%m/%Y %H:%M")
