"""Beside the form: where the request is heading, updated as the fields change.

The pathway in large words (colour and words, never colour alone), the hub, the actions,
what to tell the caller now, and why (the rules that fired). Everything shown comes from the
core's :class:`~triage_app.services.intake.Assessment` and the loaded rule set.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from triage_app.domain.route import Route
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleSet

EMERGENCY = "emergency"  # the one pathway the safety contract names for a 999 call

#: Colour pairs (background, text) with a sign, so the pathway never relies on colour alone.
PATHWAY_LOOK = {
    "emergency": ("#8b0000", "#ffffff", "⚠"),
    "social_care": ("#b34700", "#ffffff", "!"),
    "early_help": ("#00507a", "#ffffff", "●"),
    "signpost": ("#1d5e20", "#ffffff", "→"),
    "advice": ("#3d3d3d", "#ffffff", "i"),
}


def _heading(text: str) -> QLabel:
    label = QLabel(f"<b>{escape(text)}</b>")
    label.setAccessibleName(text)
    return label


def _text_label(name: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name)
    return label


def _bullets(items: Sequence[str]) -> str:
    if not items:
        return "<i>None</i>"
    return "".join(f"<p>• {escape(i)}</p>" for i in items)


class RoutePanel(QScrollArea):
    """Read-only; the page calls :meth:`show_route` after each (debounced) assessment."""

    def __init__(self, vocab: Vocabularies, rules: RuleSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName("Route")
        self._vocab = vocab
        self._rules = rules
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)
        self.pathway = QLabel()
        self.pathway.setObjectName("pathwayLabel")
        self.pathway.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pathway.setWordWrap(True)
        font = self.pathway.font()
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.8)
        font.setBold(True)
        self.pathway.setFont(font)
        self.pathway.setMargin(8)
        self.pathway.setAutoFillBackground(True)
        self.hub = _text_label("Hub")
        self.respond = _text_label("Respond within")
        self.action_list = _text_label("Actions")
        self.services = _text_label("Services the route needs that are not open")
        self.services.setObjectName("serviceNotices")
        self.tell = _text_label("What to tell the caller now")
        self.why = _text_label("Why")
        self.points = _text_label("Before saving")
        self.points.setObjectName("beforeSaving")
        self.version = _text_label("Rule set version")
        layout.addWidget(self.pathway)
        layout.addWidget(self.hub)
        layout.addWidget(self.respond)
        layout.addWidget(_heading("Before saving"))
        layout.addWidget(self.points)
        layout.addWidget(_heading("Actions"))
        layout.addWidget(self.services)
        layout.addWidget(self.action_list)
        layout.addWidget(_heading("Tell the caller now"))
        layout.addWidget(self.tell)
        layout.addWidget(_heading("Why"))
        layout.addWidget(self.why)
        layout.addWidget(self.version)
        layout.addStretch(1)
        self.current: Route | None = None
        self.show_route(None, [])

    def pathway_label(self, code: str) -> str:
        try:
            return self._vocab.pathway.label(code)
        except KeyError:
            return code

    def _set_pathway(self, text: str, code: str | None) -> None:
        bg, fg, sign = PATHWAY_LOOK.get(code or "", ("", "", ""))
        shown = f"{sign} {text.upper()}" if sign else text
        self.pathway.setText(shown)
        self.pathway.setAccessibleName(f"Pathway: {text}")
        if bg:
            self.pathway.setStyleSheet(f"background:{bg}; color:{fg}; border-radius:4px;")
        else:
            self.pathway.setStyleSheet("border: 1px dashed palette(mid);")

    def show_route(
        self, route: Route | None, points: Sequence[str], services: Sequence[str] = ()
    ) -> None:
        """Show a route (or that there is not enough yet) and what to settle before saving.

        ``services``: what staff must know about a service an action needs that is closed,
        paused or has a waiting list (the directory's notices), shown above the actions.
        """
        self.current = route
        self.services.setText(_bullets([f"⚠ {s}" for s in services]) if route else "")
        self.services.setVisible(bool(services) and route is not None)
        self.points.setText(_bullets(points) if points else "<p>✓ Nothing outstanding</p>")
        if route is None:
            self._set_pathway("Not enough to route yet", None)
            for label in (
                self.hub,
                self.respond,
                self.action_list,
                self.tell,
                self.why,
                self.version,
            ):
                label.setText("")
            return
        self._set_pathway(self.pathway_label(route.pathway), route.pathway)
        hub = self._vocab.hub_by_code(route.hub).name if route.hub else "none decided yet"
        self.hub.setText(f"<b>Hub:</b> {escape(hub)}")
        self.respond.setText(
            f"<b>Respond within:</b> {escape(route.respond_within)}" if route.respond_within else ""
        )
        labels = [
            self._rules.actions[a].label if a in self._rules.actions else a for a in route.actions
        ]
        self.action_list.setText(_bullets(labels))
        self.tell.setText(_bullets(route.advice))
        self.why.setText(_bullets([t.reason for t in route.trace]))
        self.version.setText(f"<small>Rule set {escape(route.rules_version)}</small>")


class EmergencyBanner(QFrame):
    """Across the top of the window when the route is an emergency: impossible to miss."""

    TEXT = "⚠ EMERGENCY — call 999 now"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emergencyBanner")
        self.setStyleSheet(
            "#emergencyBanner { background:#8b0000; border:3px solid #ffdd00; }"
            "#emergencyBanner QLabel { color:#ffffff; }"
        )
        self.title = QLabel(self.TEXT)
        font = self.title.font()
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 2.0)
        font.setBold(True)
        self.title.setFont(font)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        self.setAccessibleName("Emergency")
        self.hide()

    def show_for(self, what_to_do: Sequence[str]) -> None:
        detail = "; ".join(what_to_do) or "Call 999 now, then make the safeguarding referral."
        self.detail.setText(detail)
        self.setAccessibleDescription(f"{self.TEXT}. {detail}")
        self.title.setAccessibleName(self.TEXT)
        self.show()
