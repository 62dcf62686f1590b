"""The idle lock and "switch user": reception screens face the public.

After a few idle minutes (:func:`idle_minutes`), or at once with Ctrl+L, the window's whole
content is taken out and an opaque sign-in page put in its place: no form, no list, no
dialog stays on screen, and the title names nothing personal. The form's draft is written
first (it is autosaved anyway), attributed to whoever typed it.

Signing in again as the same person puts everything back as it was. Signing in as someone
else starts them on a clean form; the previous person's unsaved request stays a draft under
their name, offered at this desk next time. Every unlock is a real sign-in, checked and
audited by ``triage_app.accounts``.

Signals:
    IdleWatch.idle: no keyboard, mouse or touch input for the timeout.
    ScreenLock.locked: the content is hidden.
    ScreenLock.unlocked(bool): someone signed in; True when it was the same person.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from triage_app.accounts.desk import sign_in_at_desk
from triage_app.accounts.policy import AccountPolicy
from triage_app.accounts.roles import role_label
from triage_app.domain.actor import Actor
from triage_app.errors import TriageError
from triage_app.settings import RECEPTION, DeskSettings
from ui.context import WindowContext
from ui.new_password_dialog import sign_in_changing_password
from ui.signin_dialog import Signer, SignInForm

#: Idle minutes before the window locks, by desk kind. A reception screen faces the
#: waiting area, so it locks soon; the freephone line is in an office and staff often listen
#: for minutes without typing, so it waits longer.
IDLE_MINUTES = {RECEPTION: 3.0}
DEFAULT_IDLE_MINUTES = 10.0
#: Overrides the desk's default for this PC (minutes, e.g. ``5`` or ``0.5``).
IDLE_ENV = "TRIAGE_IDLE_LOCK_MINUTES"
#: The longest a PC may be set to wait: a day (and within what a Qt timer can count).
MAX_IDLE_MINUTES = 24 * 60.0
LOCKED_TITLE = "Here to Help — locked"
#: The window's actor before anyone has signed in (``--exit-when-ready`` opens it locked).
NOT_SIGNED_IN = Actor(username="")

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
    }
)


def idle_minutes(desk: DeskSettings, environ: Mapping[str, str]) -> float:
    """How long this desk may sit idle before it locks: the override, else the desk's."""
    default = IDLE_MINUTES.get(desk.kind, DEFAULT_IDLE_MINUTES)
    try:
        chosen = float(environ.get(IDLE_ENV, "") or default)
    except ValueError:
        return default
    return min(chosen, MAX_IDLE_MINUTES) if chosen > 0 else default


def signed_in_actor(actor: Actor) -> Actor | None:
    """``actor``, or None while nobody is signed in."""
    return actor if actor.username else None


@dataclass(frozen=True)
class LockSettings:
    """How the window locks: after ``idle_ms`` without input; unlocked by signing in."""

    policy: AccountPolicy
    idle_ms: int

    @classmethod
    def for_desk(
        cls, desk: DeskSettings, environ: Mapping[str, str], policy: AccountPolicy
    ) -> LockSettings:
        return cls(policy, round(idle_minutes(desk, environ) * 60_000))

    def signer(self, context: Callable[[], WindowContext]) -> Signer:
        """Sign in at the window's desk as it is at that moment, by the accounts service."""

        def sign(username: str, password: str, new_password: str | None = None) -> Actor:
            ctx = context()
            return sign_in_at_desk(
                ctx.db,
                username,
                password,
                desk=ctx.desk,
                now=ctx.now(),
                policy=self.policy,
                new_password=new_password,
            )

        return sign


class IdleWatch(QObject):
    """Watches every input event of the application; ``idle`` after ``timeout_ms`` without."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.idle)
        self._paused = True
        self._app: QApplication | None = None

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    def set_timeout_ms(self, timeout_ms: int) -> None:
        """A new timeout, counted from now (a desk set up anew)."""
        self._timer.setInterval(timeout_ms)
        if not self._paused:
            self._timer.start()

    def start(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication) and self._app is None:
            app.installEventFilter(self)
            self._app = app
        self._paused = False
        self._timer.start()

    def pause(self) -> None:
        self._paused = True
        self._timer.stop()

    def stop(self) -> None:
        self.pause()
        if self._app is not None:
            self._app.removeEventFilter(self)
            self._app = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._paused and event.type() in _INPUT:
            self._timer.start()
        return False


class LockScreen(QWidget):
    """The opaque page shown instead of the window's content while it is locked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAccessibleName("Locked: sign in")
        self.setAutoFillBackground(True)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.form = SignInForm()
        panel = QWidget()
        panel.setFixedWidth(480)
        inner = QVBoxLayout(panel)
        inner.addWidget(self.heading)
        inner.addWidget(self.note)
        inner.addSpacing(12)
        inner.addWidget(self.form)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def show_for(self, actor: Actor | None, *, switching: bool) -> None:
        """Words for who was working here; the user name filled in unless switching user."""
        if actor is None:
            self.heading.setText("<h2>Here to Help</h2>")
            self.note.setText("Sign in to start.")
            self.form.reset()
            return
        self.heading.setText("<h2>Here to Help is locked</h2>")
        self.note.setText(
            f"{actor.username} ({role_label(actor.role)}) was signed in; anything they had not "
            "saved is kept. They can sign in to carry on, or someone else can sign in here."
        )
        self.form.reset("" if switching else actor.username)


class ScreenLock(QObject):
    """Locks ``window`` when idle or asked, and unlocks it when someone signs in.

    ``current`` says who is signed in (None before anyone is); ``keep_draft`` writes the
    form's draft now; ``signed_in`` hands the window the person who has just signed in.
    """

    locked = Signal()
    unlocked = Signal(bool)

    def __init__(
        self,
        window: QMainWindow,
        signer: Signer,
        *,
        timeout_ms: int,
        current: Callable[[], Actor | None],
        keep_draft: Callable[[], None],
        signed_in: Callable[[Actor], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self._signer = signer
        self._current = current
        self._keep_draft = keep_draft
        self._signed_in = signed_in
        self.screen = LockScreen()
        self.screen.form.submitted.connect(self.try_unlock)
        self.watch = IdleWatch(timeout_ms, self)
        self.watch.idle.connect(self.lock)
        self._content: QWidget | None = None
        self._was: Actor | None = None
        self._title = ""
        self._focus: QWidget | None = None
        self._actions: dict[QAction, bool] = {}
        self._hidden: list[QWidget] = []
        self.lock_action = self._make_action("&Lock screen", "Ctrl+L", self.lock)
        self.switch_action = self._make_action("S&witch user…", "Ctrl+Shift+L", self.switch_user)

    def _make_action(self, text: str, shortcut: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({shortcut})")
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    @property
    def is_locked(self) -> bool:
        return self._content is not None

    def start(self) -> None:
        """Begin watching for idleness (once someone is signed in)."""
        self.watch.start()

    def stop(self) -> None:
        self.watch.stop()

    # --- locking -------------------------------------------------------------------------

    def switch_user(self) -> None:
        """Lock with an empty user name, ready for the next person."""
        self.lock(switching=True)

    def lock(self, *, switching: bool = False) -> None:
        if self.is_locked:
            self.screen.show_for(self._was, switching=switching)
            return
        self.watch.pause()
        self._was = self._current()
        if self._was is not None:
            self._keep_draft()
        self._hide_other_windows()
        self._focus = QApplication.focusWidget()
        self._disable_actions()
        window = self.window
        self._content = window.takeCentralWidget()
        window.setCentralWidget(self.screen)
        self.screen.show()
        window.menuBar().hide()
        window.statusBar().clearMessage()
        window.statusBar().hide()
        self._title = window.windowTitle()
        window.setWindowTitle(LOCKED_TITLE)
        self.screen.show_for(self._was, switching=switching)
        self.locked.emit()

    def _hide_other_windows(self) -> None:
        """Dialogs and messages may show a family's details: they go too (re-shown later)."""
        self._hidden = []
        for widget in QApplication.topLevelWidgets():
            if widget is self.window or not widget.isVisible():
                continue
            in_exec = (
                isinstance(widget, QDialog)
                and widget.windowModality() == Qt.WindowModality.ApplicationModal
            )
            if not in_exec and isinstance(widget, QDialog):  # one a modal exec() ends on hide
                self._hidden.append(widget)
            widget.hide()
            if isinstance(widget, QMenu):
                widget.close()

    def _disable_actions(self) -> None:
        """Every shortcut of the window and its menus stops while locked."""
        found = list(self.window.actions())
        for menu_action in self.window.menuBar().actions():
            menu = menu_action.menu()
            if isinstance(menu, QMenu):
                found += menu.actions()
        self._actions = {}
        for action in found:
            if action not in self._actions:
                self._actions[action] = action.isEnabled()
                action.setEnabled(False)

    # --- unlocking -----------------------------------------------------------------------

    def try_unlock(self, username: str, password: str) -> bool:
        """Sign in through the accounts service; unlock, or show why not. True if unlocked."""
        signer = self._signer

        def refused(e: TriageError) -> bool:
            self.screen.form.refused(str(e))
            return True

        return sign_in_changing_password(
            self.screen, signer, username, password, on_done=self.unlock, on_refused=refused
        )

    def unlock(self, actor: Actor) -> None:
        if self._content is None:
            return
        same = self._was is not None and actor.username == self._was.username
        window = self.window
        screen = window.takeCentralWidget()
        assert screen is self.screen
        window.setCentralWidget(self._content)
        self._content.show()
        self._content = None
        window.setWindowTitle(self._title)
        window.menuBar().show()
        window.statusBar().show()
        for action, enabled in self._actions.items():
            action.setEnabled(enabled)
        self._actions = {}
        hidden, self._hidden = self._hidden, []
        self._signed_in(actor)
        for widget in (w for w in hidden if isValid(w)):
            if same:
                widget.show()
            else:
                widget.close()
        focus = self._focus
        if same and focus is not None and isValid(focus) and focus.isVisible():
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus = None
        self.screen.form.reset()
        self.watch.start()
        self.unlocked.emit(same)
