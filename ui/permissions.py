"""What the signed-in role may do, as the window shows it: asked of ``accounts.roles``.

A control the role may not use is disabled, and its tooltip says why and whom to ask, in the
words of :func:`triage_app.accounts.roles.require` ("a call handler may not export to the
central system; ask a team leader").
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from triage_app.accounts.roles import NotPermitted, allowed, require
from triage_app.domain.actor import Actor


def why_not(actor: Actor, action: str) -> str | None:
    """None when ``actor`` may do ``action``, else the reason, as a sentence."""
    if allowed(actor.role, action):
        return None
    try:
        require(actor, action)
    except NotPermitted as e:
        text = str(e)
        return text[:1].upper() + text[1:] + "."
    return None  # pragma: no cover - require agrees with allowed


def gate(control: QWidget | QAction, actor: Actor, action: str, tooltip: str = "") -> bool:
    """Enable ``control`` when the role allows ``action``; else disable it and say why.

    ``tooltip`` is the control's own tooltip, restored when it is allowed. Returns whether
    it is allowed.
    """
    reason = why_not(actor, action)
    control.setEnabled(reason is None)
    control.setToolTip(tooltip if reason is None else reason)
    if isinstance(control, QAction):
        control.setStatusTip("" if reason is None else reason)
    else:
        control.setAccessibleDescription("" if reason is None else reason)
    return reason is None
