"""Take the README's screenshot of the real window, headless, filled with a synthetic call.

Run: ``python scripts/screenshot.py [OUT.png] [--concerns | --queue | --life]`` (default
``docs/screenshot.png``). ``--concerns`` shows an emergency being taken instead: a police
call, immediate danger, a safeguarding concern ticked, "Save emergency now" offered
(``docs/screenshot-concerns.png``). ``--queue`` shows a team leader's follow-up queue at a
hub (``docs/screenshot-queue.png``) and ``--life`` one request's record with its life panel
(``docs/screenshot-life.png``), over the synthetic work of ``scripts/life_example.py``.
``--figures`` shows a team leader's Figures page, outcomes by course of action, over a few
thousand demo requests (``docs/screenshot-figures.png``); ``--breakdown KEY`` another
breakdown (``source``, ``trend`` …).
``--admin`` shows the Administration page with a few synthetic accounts, one locked, one
disabled, and a change waiting for a second administrator (``docs/screenshot-admin.png``).

Screens: ``--screen 1366x768`` on a screen of that size, the window opened as staff would
open it (never larger than the screen); ``--text 150`` at that text size (the
``ui.theme.apply_text_size`` setting); ``--earlier`` with an earlier request for the same
family, so the re-referral list shows; ``--measure`` prints what fits as JSON (the screen
tests read it). ``docs/screen-100.png`` and ``docs/screen-150.png`` are
``--screen 1366x768 --earlier --text 100`` and ``--text 150``.

Uses Qt's offscreen platform, a throwaway database and a fixed clock: nothing real is shown
or kept.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path


def _option(name: str) -> str | None:
    """The value after ``--name`` on the command line, if given."""
    args = sys.argv[1:]
    return args[args.index(name) + 1] if name in args[:-1] else None


def _offscreen_screen(size: str) -> None:
    """Qt's offscreen platform with one screen of ``size`` ("1366x768") before Qt starts."""
    width, height = (int(n) for n in size.lower().split("x"))
    screen = {"name": "screen", "x": 0, "y": 0, "width": width, "height": height}
    config = Path(tempfile.mkdtemp()) / "screen.json"
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


if (_screen_size := _option("--screen")) is not None:
    _offscreen_screen(_screen_size)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from triage_app import __version__  # noqa: E402
from triage_app.domain.actor import Actor  # noqa: E402
from triage_app.domain.vocabulary import load_vocabularies  # noqa: E402
from triage_app.locations import resources_dir  # noqa: E402
from triage_app.pathways import load_rules  # noqa: E402
from triage_app.services.intake import take_request  # noqa: E402
from triage_app.settings import DeskSettings  # noqa: E402
from triage_app.store.database import Database, database_url, make_engine  # noqa: E402
from triage_app.store.migrate import open_database  # noqa: E402
from ui.capture.reading import empty_child, empty_values, read_request  # noqa: E402
from ui.context import WindowContext  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.pages.version_history import RecordWindow  # noqa: E402
from ui.rereferral_panel import EarlierRequestsModel  # noqa: E402
from ui.theme import apply_theme  # noqa: E402

NOW = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)
DESK = DeskSettings(kind="freephone", desk_name="freephone-1")
SYNTHETIC_PASSWORD = "synthetic pass 1"  # noqa: S105 - made-up accounts in a throwaway file


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


def admin_example(db: Database) -> Actor:
    """Synthetic accounts in every state, and a role change waiting for approval."""
    from datetime import timedelta  # noqa: PLC0415

    from triage_app.accounts.account_changes import change_role  # noqa: PLC0415
    from triage_app.accounts.policy import AccountPolicy  # noqa: PLC0415
    from triage_app.accounts.users import add_user, disable_user, find_staff  # noqa: PLC0415
    from triage_app.store import db_settings  # noqa: PLC0415

    policy = AccountPolicy(scrypt_n=2**10)
    admin = Actor("a.admin", role="administrator", desk=DESK.desk_name)
    hubs = ("mosaic", "aspire", "pathways")
    staff = [
        ("a.admin", "Alex Admin", "administrator", None),
        ("c.handler", "Casey Handler", "call_handler", None),
        ("r.ception", "Robin Reception", "receptionist", "mosaic"),
        ("t.leader", "Taylor Leader", "team_leader", None),
        ("j.temp", "Jordan Temp", "call_handler", None),
        ("b.admin", "Bailey Admin", "administrator", None),
    ]
    with db.write() as s:
        db_settings.put(s, db_settings.SOLE_ADMINISTRATOR_GRANTS, "yes", now=NOW)
        for name, shown, role, hub in staff:
            by = None if name == "a.admin" else admin
            add_user(s, by, username=name, role=role, password=SYNTHETIC_PASSWORD, now=NOW,
                     policy=policy, known_hubs=hubs, display_name=shown, hub=hub)  # fmt: skip
        find_staff(s, "c.handler").must_change_password = False
        find_staff(s, "t.leader").must_change_password = False
        find_staff(s, "r.ception").locked_until = NOW + timedelta(minutes=12)
        disable_user(s, admin, "j.temp", now=NOW)
        change_role(s, admin, "c.handler", role="team_leader", hub=None, now=NOW, known_hubs=hubs)
    return admin


def show_concerns(window: MainWindow) -> None:
    """The form scrolled to the concerns group, with the questions beneath it in view."""
    form = window.capture.form
    form.verticalScrollBar().setValue(form.concerns.y() - 8)
    form.concerns.first_box.setFocus()


def small_png(image: QImage) -> QImage:
    """256 colours, no dithering: a screenshot of flat widgets loses nothing and weighs less."""
    return image.convertToFormat(
        QImage.Format.Format_Indexed8,
        Qt.ImageConversionFlag.AvoidDither | Qt.ImageConversionFlag.ThresholdDither,
    )


def save_earlier(ctx: WindowContext) -> None:
    """The same family's call a month ago, so that the re-referral list shows."""
    req, _problems = read_request(example(), NOW.date())
    with ctx.db.write() as session:
        take_request(
            session,
            req.__class__(**{**req.__dict__, "received_at": NOW - timedelta(days=30)}),
            vocab=ctx.vocab,
            rules=ctx.rules,
            actor=ctx.actor,
            now=NOW - timedelta(days=30),
        )


def _inside(widget: QWidget, area: QWidget) -> bool:
    top = widget.mapTo(area, widget.rect().topLeft()).y()
    return top >= 0 and top + widget.height() <= area.height()


def measure(window: MainWindow) -> dict[str, object]:
    """What fits, as the screen tests check it: sizes, what is in view, what is cut."""
    page = window.capture
    screen = window.screen().availableGeometry().size()
    table = page.rereferral.table
    header = table.horizontalHeader()
    used = sum(header.sectionSize(c) for c in range(header.count()))
    ref, matched = EarlierRequestsModel.COL_REFERENCE, EarlierRequestsModel.COL_MATCHED
    return {
        "screen": [screen.width(), screen.height()],
        "window": [window.frameGeometry().width(), window.frameGeometry().height()],
        "smallest": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
        "route_panel_shown": page.route_panel.isVisible()
        and not page.route_panel.visibleRegion().isEmpty(),
        "route_panel_width": page.route_panel.width(),
        "form_width": page.form.width(),
        "form_sideways": page.form.horizontalScrollBar().maximum() > 0,
        "chosen_needs": page.form.needs.picker.chosen.count(),
        "chosen_needs_in_view": _inside(page.form.needs.picker.chosen, page.form.viewport()),
        "earlier_rows": page.rereferral.model.rowCount(),
        "earlier_shown": page.rereferral.isVisible(),
        "earlier_sideways": used > table.viewport().width(),
        "reference_cut": header.sectionSize(ref) < table.sizeHintForColumn(ref),
        "matched_on_heading_cut": header.sectionSize(matched) < header.sectionSizeHint(matched),
    }


def grab(app: QApplication, widget: QWidget, out: Path) -> None:
    for _ in range(5):  # word-wrapped labels settle their heights over a few passes
        app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not small_png(widget.grab().toImage()).save(str(out)):
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


def show_figures(app: QApplication, window: MainWindow, out: Path) -> None:
    """February's figures for all hubs over demo requests, outcomes by course of action."""
    from triage_app.demo.fill import fill_demo  # noqa: PLC0415 - only this screenshot's
    from triage_app.figures import Month  # noqa: PLC0415

    ctx = window.ctx
    fill_demo(ctx.db, resources=ctx.resources, rules=ctx.rules, now=NOW, count=6000)
    window.set_actor(Actor("team.leader", role="team_leader", desk="mosaic-office", hub="mosaic"))
    window.statusBar().clearMessage()
    window.show_page(window.figures_page)
    window.figures_page.choose(Month(2026, 2), None)
    window.figures_page.show_breakdown(_option("--breakdown") or "outcomes_by_pathway")
    grab(app, window, out)


def main() -> None:  # noqa: PLR0915 - one script, one straight run of steps
    argv = sys.argv[1:]
    valued = {i + 1 for i, a in enumerate(argv) if a in ("--screen", "--text", "--breakdown")}
    args = [a for i, a in enumerate(argv) if not a.startswith("--") and i not in valued]
    concerns = "--concerns" in argv
    measuring = "--measure" in argv
    life = {"--queue", "--life"} & set(argv)
    admin = "--admin" in argv
    figures = "--figures" in argv
    default = (
        "screenshot-figures.png"
        if figures
        else "screenshot-admin.png"
        if admin
        else "screenshot-concerns.png"
        if concerns
        else f"screenshot-{next(iter(life))[2:]}.png"
        if life
        else "screenshot.png"
    )
    out = Path(args[0]) if args else None if measuring else ROOT / "docs" / default
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
            actor=admin_example(db) if admin else Actor("call.handler"),
            desk=DESK,
            desk_configured=True,
            config_dir=Path(tmp) / "config",
            resources=resources,
            clock=lambda: NOW,
        ).with_desk(DESK)
        if "--earlier" in argv:
            save_earlier(ctx)
        window = MainWindow(ctx)
        # The text size is the signed-in person's preference, applied as the window opens.
        window.look.preferences = replace(
            window.look.preferences, text_size=int(_option("--text") or 100)
        )
        window.look.apply()
        window.capture.autosave.stop()
        if _screen_size is None:
            window.resize(1366, 768)
            window.show()
        else:
            window.fit_screen()  # as the window opens for staff (MainWindow.start)
            window.show()
            window.fit_screen()
        window.capture.reset(emergency_example() if concerns else example())
        window.capture.autosave.stop()
        window.capture.refresh_now()
        if life and out is not None:
            show_life(app, window, out, queue="--queue" in life)
            window.close()
            db.close()
            print(out)
            return
        if figures and out is not None:
            show_figures(app, window, out)
            window.close()
            db.close()
            print(out)
            return
        if admin:
            window.show_page(window.admin_page)
            window.admin_page.accounts_table.selectRow(2)
        elif concerns:
            show_concerns(window)
        elif _screen_size is not None:
            window.capture.form.needs.picker.search.setFocus()  # the needs chosen, in view
        else:
            window.capture.form.safeguarding.answers["domestic_abuse_high_risk"].yes.setFocus()
        if measuring:
            for _ in range(5):  # word-wrapped labels settle their heights over a few passes
                app.processEvents()
            print(json.dumps(measure(window)))
        if out is not None:
            grab(app, window, out)
            print(out)
        window.close()
        db.close()


if __name__ == "__main__":
    main()
