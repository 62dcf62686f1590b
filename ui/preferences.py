"""Each person's own text size and colours: chosen in the window, kept with their account.

Applied as soon as someone signs in (and again when someone else does), so they follow the
person from desk to desk. Anyone signed in changes their own from File ▸ Text size and
contrast; no administrator is needed. A desk set to high contrast, or a desktop that asks
for it, keeps it for everyone at that desk. Reading and saving are the accounts service's
(``triage_app.accounts.preferences``), audited there.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from triage_app.accounts.preferences import (
    TEXT_SIZES,
    Preferences,
    preferences_of,
    set_own_preferences,
)
from ui.context import WindowContext
from ui.lock import signed_in_actor
from ui.ops import run_op
from ui.theme import apply_theme


class PreferencesDialog(QDialog):
    """Text size and high contrast, for the person signed in."""

    def __init__(self, current: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Here to Help — your text size and colours")
        self.setAccessibleName("Your text size and colours")
        self.text_size = QComboBox()
        self.text_size.setAccessibleName("Text size")
        for size in TEXT_SIZES:
            words = " (as the computer has it)" if size == 100 else ""
            self.text_size.addItem(f"{size} %{words}", size)
        self.text_size.setCurrentIndex(max(self.text_size.findData(current.text_size), 0))
        self.high_contrast = QCheckBox("&High-contrast colours (white on black)")
        self.high_contrast.setAccessibleName("High-contrast colours")
        self.high_contrast.setChecked(current.high_contrast)
        form = QFormLayout()
        caption = QLabel("&Text size")
        caption.setBuddy(self.text_size)
        form.addRow(caption, self.text_size)
        form.addRow("", self.high_contrast)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        note = QLabel("Kept with your account: they follow you to any desk you sign in at.")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.text_size.setFocus()

    def chosen(self) -> Preferences:
        return Preferences(int(self.text_size.currentData()), self.high_contrast.isChecked())

    @classmethod
    def ask(cls, parent: QWidget, current: Preferences) -> Preferences | None:
        dialog = cls(current, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = dialog.chosen()
        dialog.deleteLater()
        return chosen if accepted else None


class PersonalLook:
    """The signed-in person's preferences: read at sign-in, applied, changed from the menu."""

    def __init__(
        self,
        window: QWidget,
        context: Callable[[], WindowContext],
        say: Callable[[str], None],
    ) -> None:
        self._window = window
        self._context = context
        self._say = say
        self.preferences = Preferences()
        self.action = QAction("Text size and &contrast…", window)
        self.action.setToolTip("Your own text size and colours, kept with your account")
        self.action.triggered.connect(self.edit)

    def load(self) -> None:
        """Read the signed-in person's preferences (the defaults for nobody) and apply them."""
        ctx = self._context()
        actor = signed_in_actor(ctx.actor)
        self.action.setEnabled(actor is not None)

        def op() -> Preferences:
            with ctx.db.read() as session:
                return preferences_of(session, actor.username if actor else None)

        run_op(self._window, op, self._use)

    def _use(self, preferences: Preferences) -> None:
        self.preferences = preferences
        self.apply()

    def apply(self) -> None:
        """The theme for this person at this desk: high contrast if either asks for it."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(
                app,
                high_contrast=self._context().desk.high_contrast or self.preferences.high_contrast,
                text_size=self.preferences.text_size,
            )

    def edit(self) -> Preferences | None:
        chosen = PreferencesDialog.ask(self._window, self.preferences)
        if chosen is None:
            return None
        ctx = self._context()

        def op() -> Preferences:
            with ctx.db.write() as session:
                return set_own_preferences(session, ctx.actor, chosen, now=ctx.now())

        def done(kept: Preferences) -> None:
            self._use(kept)
            self._say(f"Kept with your account: {kept.describe()}.")

        return chosen if run_op(self._window, op, done, title="Text size and contrast") else None
