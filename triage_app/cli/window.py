"""Opening the window from the command line: the one place the core hands over to ``ui``."""

from __future__ import annotations

from triage_app.cli.context import CliContext


def open_window(ctx: CliContext) -> int:
    """Open the database (creating or upgrading it), then run the Qt application over it."""
    import ui.app  # noqa: PLC0415 - Qt is loaded only when the window is wanted

    return ui.app.run(ctx)
