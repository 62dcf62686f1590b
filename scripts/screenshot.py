"""Take the README's screenshot of the real window, headless, filled with a synthetic call.

Run: ``python scripts/screenshot.py [OUT.png] [--concerns]`` (default ``docs/screenshot.png``).
``--concerns`` shows an emergency being taken instead: a police call, immediate danger, a
safeguarding concern ticked, "Save emergency now" offered (``docs/screenshot-concerns.png``).
``--admin`` shows the Administration page with a few synthetic accounts, one locked, one
disabled, and a change waiting for a second administrator (``docs/screenshot-admin.png``).
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

from PySide6.QtWidgets import QApplication  # noqa: E402

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


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    concerns = "--concerns" in sys.argv[1:]
    admin = "--admin" in sys.argv[1:]
    default = (
        "screenshot-admin.png"
        if admin
        else "screenshot-concerns.png"
        if concerns
        else "screenshot.png"
    )
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
            actor=admin_example(db) if admin else Actor("call.handler"),
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
        if admin:
            window.show_page(window.admin_page)
            window.admin_page.accounts_table.selectRow(2)
        elif concerns:
            show_concerns(window)
        else:
            window.capture.form.safeguarding.answers["domestic_abuse_high_risk"].yes.setFocus()
        for _ in range(5):  # word-wrapped labels settle their heights over a few passes
            app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out)):
            raise SystemExit(f"could not write {out}")
        window.close()
        db.close()
    print(out)


if __name__ == "__main__":
    main()
