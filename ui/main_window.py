"""The main window: menus, the pages, and the status bar with desk, staff and database.

Pages. "New request" is the first page. Other views (requests list, follow-up list, team
leader views) plug in with :meth:`MainWindow.add_page`, which adds a tab and a Go-menu entry
with its shortcut; see ``docs/window.md``.

Signed in. The window works as ``ctx.actor``, who signed in at start. With ``lock`` given,
it locks when idle or on Ctrl+L (``ui.lock``) and whoever signs in next becomes the actor
(:meth:`MainWindow.set_actor`, ``ui.window_signin``). What the role may not do is disabled,
saying why (``ui.permissions``).

The menus live in ``ui.window_menus``, the status bar's desk and staff in ``ui.desk_status``.

Signals:
    ready: shown, the first field has focus, and the event loop is idle: staff can type.
    user_changed: someone else signed in (after a lock): pages showing requests reload.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from triage_app.domain.actor import Actor
from triage_app.services import drafts
from triage_app.services.rereferral import open_earlier_request
from triage_app.settings import DeskSettings
from triage_app.store.stored import StoredRequest
from ui import desk_setup, drafts_offer, window_signin
from ui.admin.admin_page import AdminPage
from ui.capture.page import CapturePage
from ui.context import WindowContext
from ui.desk_status import DeskStatus
from ui.focus_return import FocusReturn
from ui.lock import LockSettings, ScreenLock, signed_in_actor
from ui.ops import run_op
from ui.pages.export_page import ExportPage
from ui.pages.figures_page import FiguresPage
from ui.pages.followup_page import FollowUpPage
from ui.pages.requests_page import RequestsPage
from ui.pages.services_page import ServicesPage
from ui.pages.version_history import open_with_history
from ui.permissions import gate
from ui.preferences import PersonalLook
from ui.record_view import RecordDialog
from ui.service_search import ServiceSearchDialog
from ui.sheet_output import SheetOutput
from ui.window_menus import WindowMenus

#: The size the window opens at where the screen has room: a common laptop's.
OPENING_SIZE = QSize(1366, 768)
DEMO_TEXT = "DEMO DATA — synthetic requests, not real families"


#: (window, reference) → None: how an earlier request is opened. Replaceable by the requests view.
RecordOpener = Callable[["MainWindow", str], None]


def open_read_only(window: MainWindow, reference: str) -> None:
    """The default opener: audit "open_record", then the read-only viewer."""
    ctx = window.ctx

    def op() -> StoredRequest:
        with ctx.db.write() as session:
            return open_earlier_request(session, reference, actor=ctx.actor, now=ctx.now())

    run_op(
        window,
        op,
        lambda stored: RecordDialog.show_record(window, stored, ctx.vocab, ctx.rules),
    )


class MainWindow(QMainWindow):
    ready = Signal()
    user_changed = Signal()

    def __init__(
        self,
        ctx: WindowContext,
        *,
        sheet_output: SheetOutput | None = None,  # None: the preview, to print or save
        lock: LockSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._gated: list[tuple[QWidget, QAction, str]] = []
        self._tips: dict[QAction, str] = {}  # each gated action's own tooltip
        self.screen_lock = (
            ScreenLock(
                self,
                lock.signer(lambda: self.ctx),
                timeout_ms=lock.idle_ms,
                current=lambda: signed_in_actor(self.ctx.actor),
                keep_draft=self.keep_draft,
                signed_in=self.set_actor,
            )
            if lock is not None
            else None
        )
        self.record_opener: RecordOpener = open_read_only
        self.focus_return = FocusReturn(self)  # every dialog gives the focus back
        title = f"Here to Help — {ctx.db.describe()}"
        self.setWindowTitle(f"{DEMO_TEXT} — {title}" if ctx.demo else title)
        self.setAccessibleName("Here to Help")
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Pages")
        self.tabs.setDocumentMode(True)
        # A message about one page means nothing on the next.
        self.tabs.currentChanged.connect(lambda _i: self.statusBar().clearMessage())
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        if ctx.demo:
            banner = QLabel(f"⚠ {DEMO_TEXT}")
            banner.setObjectName("demoBanner")
            banner.setAccessibleName(DEMO_TEXT)
            layout.addWidget(banner)
        self.desk_status = DeskStatus(self.statusBar(), ctx)
        layout.addWidget(self.desk_status.prompt)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.look = PersonalLook(self, lambda: self.ctx, self.say)
        self.capture = CapturePage(lambda: self.ctx, sheet_output=sheet_output)
        self.capture.status.connect(self.say)
        self.capture.open_record_requested.connect(lambda ref: self.record_opener(self, ref))
        self.menus = WindowMenus(self)
        # No mnemonic: Alt+N is the form's presenting needs; Ctrl+1 (or Ctrl+N) opens the page.
        self.add_page(self.capture, "New request", shortcut="Ctrl+1", permission="record_request")
        self._add_request_pages()
        self._add_team_pages()
        self.show_desk()
        self.apply_permissions()
        self.land()
        self.look.load()
        self.resize(OPENING_SIZE)

    def say(self, text: str) -> None:
        """A short message in the status bar ("" clears it), gone when it no longer applies."""
        if text:
            self.statusBar().showMessage(text, 15000)
        else:
            self.statusBar().clearMessage()

    # --- pages ---------------------------------------------------------------------------

    def add_page(
        self,
        page: QWidget,
        title: str,
        *,
        shortcut: str | None = None,
        permission: str | None = None,
    ) -> QAction:
        """Add a page (a tab, and a Go-menu entry with ``shortcut``); returns its action.

        With ``permission`` (an action of ``accounts.roles``), a role without it sees the
        tab and the menu entry disabled, with the reason as their tooltip.
        """
        index = self.tabs.addTab(page, title)
        plain = title.replace("&", "")
        page.setAccessibleName(page.accessibleName() or plain)
        action = QAction(title, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(f"{plain} ({shortcut})")
            self.tabs.setTabToolTip(index, f"{plain} ({shortcut})")
        action.triggered.connect(lambda: self.show_page(page))
        self.menus.go_menu.addAction(action)
        if permission is not None:
            self._gated.append((page, action, permission))
            self.apply_permissions()
        return action

    def _add_request_pages(self) -> None:
        """The requests list and the follow-up list; records open audited, with history."""
        self.requests_page = RequestsPage(lambda: self.ctx)
        self.followup_page = FollowUpPage(lambda: self.ctx)
        for page in (self.requests_page, self.followup_page):
            page.status.connect(self.say)
            self.user_changed.connect(page.reset)
        seeing = "view_own_and_hub_requests"
        self.add_page(self.requests_page, "&Requests", shortcut="Ctrl+2", permission=seeing)
        self.add_page(self.followup_page, "Follow-up &queue", shortcut="Ctrl+3", permission=seeing)
        self.record_opener = open_with_history

    def _add_team_pages(self) -> None:
        """Export and figures for team leaders; the Administration page for administrators."""
        self.export_page = ExportPage(lambda: self.ctx)
        self.figures_page = FiguresPage(lambda: self.ctx)
        self.figures_page.status.connect(self.say)
        for team_page in (self.export_page, self.figures_page):
            self.user_changed.connect(team_page.reset)  # nothing of the last user's kept
        self._add_services_page()
        self.add_page(self.export_page, "E&xport", shortcut="Ctrl+8", permission="export")
        self.add_page(self.figures_page, "Fi&gures", shortcut="Ctrl+9", permission="view_figures")
        self.admin_page = AdminPage(lambda: self.ctx, self.edit_settings)
        self.admin_page.status.connect(self.say)
        self.user_changed.connect(self.admin_page.reset)
        # No mnemonic: every free letter is a field's on the form; Ctrl+0 opens the page.
        self.add_page(
            self.admin_page, "Administration", shortcut="Ctrl+0", permission="manage_accounts"
        )

    def _add_services_page(self) -> None:
        """The directory of hubs and partners; a change to it reaches the live route."""
        self.services_page = ServicesPage(lambda: self.ctx)
        self.services_page.status.connect(self.say)
        self.services_page.changed.connect(self.capture.reload_directory)
        self.user_changed.connect(self.services_page.reset)
        # No mnemonic: every letter is the capture page's; Ctrl+6 opens it.
        self.add_page(self.services_page, "Services", shortcut="Ctrl+6")

    def find_service(self) -> None:
        """Ctrl+F: find a service for the caller, starting from the form's needs and concerns."""
        values = self.capture.form.values()
        ServiceSearchDialog.ask(
            self,
            lambda: self.ctx,
            needs=tuple(values.get("needs") or ()),
            concerns=tuple(values.get("concerns") or ()),
        )

    def apply_permissions(self) -> None:
        """Enable what the signed-in role may do; disable the rest, saying why."""
        actor = self.ctx.actor
        for page, action, permission in self._gated:
            allowed = gate(
                action, actor, permission, self._tips.setdefault(action, action.toolTip())
            )
            index = self.tabs.indexOf(page)
            self.tabs.setTabEnabled(index, allowed)
            self.tabs.setTabToolTip(index, action.toolTip())
        self.menus.apply_permissions(actor)
        if not self.tabs.isTabEnabled(self.tabs.currentIndex()):
            self.land()

    def land(self) -> None:
        """Show the role's first page: its own work (a page it is allowed), else one open to all.

        An administrator lands on Administration, not on a page every role sees.
        """
        own = [self.tabs.indexOf(page) for page, _a, _p in self._gated]
        for i in sorted(own) + list(range(self.tabs.count())):
            if self.tabs.isTabEnabled(i):
                self.tabs.setCurrentIndex(i)
                return

    def show_page(self, page: QWidget) -> None:
        self.tabs.setCurrentWidget(page)
        page.setFocus()
        if page is self.capture:
            self.capture.focus_first_field()

    # --- actions -------------------------------------------------------------------------

    def new_request(self) -> None:
        self.show_page(self.capture)
        self.capture.new_request()

    def use_details(self, reference: str) -> None:
        """Start the new request from an earlier one's family and children (see the form)."""
        self.show_page(self.capture)
        self.capture.use_details(reference)

    def save(self) -> None:
        self.tabs.setCurrentWidget(self.capture)
        self.capture.save()

    def save_and_print(self) -> None:
        self.tabs.setCurrentWidget(self.capture)
        self.capture.save_and_print()

    def edit_settings(self) -> None:
        desk_setup.edit_settings(self)

    def apply_settings(self, desk: DeskSettings) -> None:
        """Save this desk's settings (audited) and work as the newly set-up desk from now on."""
        desk_setup.apply_settings(self, desk)

    def show_desk(self) -> None:
        """The status bar's desk and who is signed in, and the prompt to set the desk up."""
        self.desk_status.show(self.ctx)

    # --- who is signed in ----------------------------------------------------------------

    def keep_draft(self) -> None:
        """Write what is typed as a draft now, attributed to whoever is signed in."""
        self.capture.autosave.flush()

    def set_actor(self, actor: Actor) -> None:
        """Work as ``actor`` from now on (see ``ui.window_signin``)."""
        window_signin.switch_actor(self, actor)

    # --- start and close -----------------------------------------------------------------

    def start(self) -> None:
        """Show the window; ``ready`` is emitted once it can be typed in."""
        self.fit_screen()
        self.show()
        self.fit_screen()
        if self.screen_lock is not None:
            if signed_in_actor(self.ctx.actor) is None:
                self.screen_lock.lock()  # nobody signed in yet: the sign-in screen
            else:
                self.screen_lock.start()
        self.capture.focus_first_field()
        QTimer.singleShot(0, self._announce_ready)

    def fit_screen(self) -> None:
        """Never larger than the screen: where it would be, the window is maximised instead.

        1366×768 at 150 % is 910×512 of Qt's pixels, and a title bar and a task bar take
        their share of any screen: the window then takes what the desktop leaves, and the
        form scrolls. Called before showing (the size) and after (with the frame known).
        """
        screen = self.screen()
        if screen is None:
            return
        room = screen.availableGeometry().size()
        frame = self.frameGeometry().size()
        if frame.width() > room.width() or frame.height() > room.height():
            self.resize(self.size().boundedTo(room))
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def _announce_ready(self) -> None:
        self.activateWindow()
        if self.screen_lock is not None and self.screen_lock.is_locked:
            self.screen_lock.screen.form.focus_first()
        else:
            self.capture.focus_first_field()
        self.ready.emit()

    def offer_drafts(self) -> None:
        """Offer back what was being typed at this desk when the program last closed."""
        drafts_offer.offer_drafts(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.capture.autosave.flush()  # an unsaved request stays a draft, offered next start
        ctx = self.ctx

        def mark() -> int:
            with ctx.db.write() as session:
                return drafts.mark_kept_at_close(session, ctx.actor.desk)

        run_op(self, mark, lambda _n: None)  # next start says "closed", not "crash"
        if self.screen_lock is not None:
            self.screen_lock.stop()
        self.focus_return.stop()  # nothing of a closed window left watching the application
        super().closeEvent(event)
