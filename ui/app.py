"""The Qt application: builds the main window over an open database and runs it."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from triage_app.cli.context import CliContext


def run(ctx: CliContext) -> int:
    db = ctx.database()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = QMainWindow()
    title = f"Here to Help — {db.describe()}"
    if ctx.config.demo:
        title = f"DEMO DATA (synthetic) — {title}"
    window.setWindowTitle(title)
    window.setCentralWidget(QLabel("Here to Help"))
    window.show()
    if ctx.args.exit_when_ready:
        QTimer.singleShot(0, app.quit)
    return app.exec()
