"""The baseline for bench_startup: a bare PySide6 window with one field, ready for typing.

Prints ``ready in N ms`` (from process start, as ``triage-app --exit-when-ready`` does).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow

from ui.startup import ms_since_process_start


def main() -> None:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    field = QLineEdit()
    window.setCentralWidget(field)
    window.show()
    field.setFocus()

    def ready() -> None:
        print(f"ready in {ms_since_process_start()} ms", flush=True)
        app.quit()

    QTimer.singleShot(0, ready)
    app.exec()


if __name__ == "__main__":
    main()
