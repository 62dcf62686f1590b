"""Take the README's screenshot of the real window, headless, filled with a synthetic call.

Run: ``python scripts/screenshot.py [OUT.png] [--concerns | --queue | --life]`` (default
``docs/screenshot.png``). ``--concerns`` shows an emergency being taken instead: a police
call, immediate danger, a safeguarding concern ticked, "Save emergency now" offered
(``docs/screenshot-concerns.png``). ``--queue`` shows a team leader's follow-up queue at a
hub (``docs/screenshot-queue.png``) and ``--life`` one request's record with its life panel
(``docs/screenshot-life.png``), over the synthetic work of ``scripts/life_example.py``.
Uses Qt's offscreen platform, a throwaway database and a fixed clock: nothing real is shown
or kept.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from triage_app import __version__  # noqa: E402
from triage_app.domain.actor import Actor  # noqa: E402
from triage_app.domain.vocabulary import load_vocabularies  # noqa: E402
from triage_app.locations import resources_dir  # noqa: E402
from triage_app.pathways import load_rules  # noqa: E402
from triage_app.settings import DeskSettings  # noqa: E402
from triage_app.store.database import Database, database_url, make_engine  # noqa: E402
from triage_app.store.migrate import open_database  # noqa: E402
from ui.capture.reading import empty_child, empty_values  # noqa: E402
from ui.context import WindowContext  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.pages.version_history import RecordWindow  # noqa: E402
from ui.theme import apply_theme  # noqa: E402

NOW = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)
DESK = DeskSettings(kind="freephone", desk_name="freephone-1")


def example() -> dict[str, object]:
    """A synthetic call: a parent worried about her son's school attendance and her mood."""
    values = empty_values()
    values.update(
        contact_method="telephone",
        source="self_referral",
        needs=["school_attendance", "anxiety_low_mood"],
        consent="given",
        narrative="Jay has missed most of the last month; mornings end in rows. I feel low.",
        answers={
            "immediate_danger": False,
            "significant_harm": False,
            "domestic_abuse_high_risk": None,
        },
    )
    values["family"].update(
        first_name="Sam", last_name="Example", postcode="CV2 1EQ", phone="024 7600 0009"
    )
    values["children"] = [
        {
            **empty_child(),
            "first_name": "Jay",
            "last_name": "Example",
            "born": "14/09/2013",
            "gender": "male",
        },
    ]
    return values


def emergency_example() -> dict[str, object]:
    """A synthetic police call: a child hurt at home, the officer on the scene, nothing else yet."""
    values = empty_values()
    values.update(
        contact_method="telephone",
        source="police",
        concerns=["physical_abuse"],
        children_unknown=True,
        narrative="Officer at the address: a child with marks on her arms; mother's partner there.",
        answers={
            "immediate_danger": True,
            "significant_harm": None,
            "domestic_abuse_high_risk": None,
        },
    )
    values["referrer"].update(name="PC Example", organisation="West Midlands Police")
    return values


def show_concerns(window: MainWindow) -> None:
    """The form scrolled to the concerns group, with the questions beneath it in view."""
    form = window.capture.form
    form.verticalScrollBar().setValue(form.concerns.y() - 8)
    form.concerns.first_box.setFocus()


def grab(app: QApplication, widget: QWidget, out: Path) -> None:
    for _ in range(5):  # word-wrapped labels settle their heights over a few passes
        app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(out)):
        raise SystemExit(f"could not write {out}")


def show_life(app: QApplication, window: MainWindow, out: Path, *, queue: bool) -> None:
    """The team leader's queue at Mosaic, or one request opened from it (its life panel)."""
    from life_example import LEADER, fill  # noqa: PLC0415 - beside this script

    ctx = window.ctx
    shown = fill(ctx.db, ctx.vocab, ctx.rules, NOW)
    window.set_actor(LEADER)
    window.statusBar().clearMessage()  # "signed in as …": the switch, not the page
    window.show_page(window.followup_page)
    if queue:
        grab(app, window, out)
        return
    page = window.followup_page
    page.choose_scope("everything")
    row = next(i for i in range(page.model.rowCount()) if page.model.row_at(i).reference == shown)
    page.table.selectRow(row)
    page.open_selected()
    record = window.findChild(RecordWindow)
    if record is None:
        raise SystemExit("the request did not open")
    record.resize(1366, 740)
    record.life.attempt_button.setFocus()
    grab(app, record, out)
    record.close()


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    concerns = "--concerns" in sys.argv[1:]
    life = {"--queue", "--life"} & set(sys.argv[1:])
    default = (
        "screenshot-concerns.png"
        if concerns
        else f"screenshot-{life.pop()[2:]}.png"
        if life
        else "screenshot.png"
    )
    life = {"--queue", "--life"} & set(sys.argv[1:])
    out = Path(args[0]) if args else ROOT / "docs" / default
    app = QApplication(sys.argv[:1])
    apply_theme(app, high_contrast=False)
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(make_engine(database_url(Path(tmp) / "shot.sqlite")))
        open_database(db, __version__)
        resources = resources_dir()
        vocab = load_vocabularies(resources)
        ctx = WindowContext(
            db=db,
            vocab=vocab,
            rules=load_rules(resources / "pathways", vocab),
            actor=Actor("call.handler"),
            desk=DESK,
            desk_configured=True,
            config_dir=Path(tmp) / "config",
            resources=resources,
            clock=lambda: NOW,
        ).with_desk(DESK)
        window = MainWindow(ctx)
        window.capture.autosave.stop()
        window.resize(1366, 768)
        window.show()
        window.capture.reset(emergency_example() if concerns else example())
        window.capture.autosave.stop()
        if life:
            show_life(app, window, out, queue="--queue" in life)
            window.close()
            db.close()
            print(out)
            return
        if concerns:
            show_concerns(window)
        else:
            window.capture.form.safeguarding.answers["domestic_abuse_high_risk"].yes.setFocus()
        grab(app, window, out)
        window.close()
        db.close()
    print(out)


if __name__ == "__main__":
    main()
