"""Opening the window from the command line: the one place the core hands over to ``ui``."""

from __future__ import annotations

import sys

from triage_app.cli.context import CliContext


def open_window(ctx: CliContext) -> int:
    """Open the database (creating or upgrading it), then run the Qt application over it.

    Qt's own libraries are checked before any of Qt is imported: a missing system library
    (``libglib-2.0`` on a minimal system) would otherwise fail the import itself, before the
    window could say which library is missing.
    """
    import ui.qt_libraries  # noqa: PLC0415 - no Qt module is imported by it

    problem = ui.qt_libraries.qt_start_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    import ui.app  # noqa: PLC0415 - Qt is loaded only when the window is wanted

    return ui.app.run(ctx)
