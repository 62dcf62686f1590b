"""The machine-wide configuration IT sets: it beats what a user's environment says, a desk
without it starts as before on the embedded SQLite file, and a damaged one is named plainly.

The site folder is platformdirs' ``site_config_dir``, which on Linux follows
``XDG_CONFIG_DIRS``: the tests point it at a folder of their own.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from triage_app.cli.main import build_parser, make_config, run
from triage_app.config import DATABASE_ENV, DEFAULT_DATABASE_NAME
from triage_app.site_config import DEFAULT, SITE, SITE_FILE, load_site_config

SITE_TOML = """\
[database]
url = "{site}/desks.sqlite"
password_file = "{site}/desk.password"
audit_key = "{site}/audit.key"

[desk]
kind = "reception"
hub = "mosaic"

[accounts]
min_password_length = 14
lockout_minutes = 30
"""


@pytest.fixture
def pc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PC whose site folder, and the user's own folders, are the test's."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / "config"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "etc"))
    for name in (DATABASE_ENV, "TRIAGE_AUDIT_KEY", "TRIAGE_DATABASE_PASSWORD_FILE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def site_folder(pc: Path) -> Path:
    folder = pc / "etc" / "here-to-help"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def configured(*argv: str):
    return make_config(build_parser(list(argv)).parse_args(list(argv)))


def test_without_a_site_file_a_desk_starts_on_the_embedded_file(pc: Path) -> None:
    config = configured()
    assert config.site.path is None
    assert config.database_source == DEFAULT
    assert Path(config.database).name == DEFAULT_DATABASE_NAME
    assert Path(config.database).is_relative_to(pc / "home" / "data")


def test_the_site_file_beats_the_users_environment(
    pc: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = site_folder(pc)
    (site / SITE_FILE).write_text(SITE_TOML.format(site=site), encoding="utf-8")
    monkeypatch.setenv(DATABASE_ENV, str(pc / "mine.sqlite"))
    monkeypatch.setenv("TRIAGE_AUDIT_KEY", str(pc / "mine.key"))
    monkeypatch.setenv("TRIAGE_DATABASE_PASSWORD_FILE", str(pc / "mine.password"))
    config = configured()
    assert (config.database, config.database_source) == (f"{site}/desks.sqlite", SITE)
    assert config.audit_key == site / "audit.key"
    assert config.database_password_file == site / "desk.password"
    assert config.accounts.min_password_length == 14
    assert config.accounts.lockout == timedelta(minutes=30)
    assert dict(config.site.desk) == {"kind": "reception", "hub": "mosaic"}
    # An administrator names another database (the owner's) for one command, with their
    # own password file: the desk role's password stays with the site's database.
    admin = configured("--database", str(pc / "owner.sqlite"), "db", "upgrade")
    assert (admin.database, admin.database_source) == (str(pc / "owner.sqlite"), "--database")
    assert admin.database_password_file == pc / "mine.password"


def test_a_command_opens_the_site_database(pc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = site_folder(pc)
    (site / SITE_FILE).write_text(f'[database]\nurl = "{site}/desks.sqlite"\n', encoding="utf-8")
    assert run(["db", "upgrade"]) == 0
    assert f"{site}/desks.sqlite: upgraded from new" in capsys.readouterr().out
    assert (site / "desks.sqlite").is_file()


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[database\nurl = 1", "is not valid TOML"),
        (
            "[printer]\nname = 'x'",
            "'printer' is not a section (use [database], [desk], [accounts])",
        ),
        ("[desk]\nhbu = 'mosaic'", "'desk.hbu' is not a setting (in [desk]: kind, hub"),
        ("[accounts]\nmax_failures = 'five'", "'accounts.max_failures' should be a whole number"),
        ("[accounts]\nmax_failures = 0", "'accounts.max_failures' should be a whole number"),
        ("[desk]\nhigh_contrast = 'yes'", "'desk.high_contrast' should be true or false"),
        ("[desk]\nkind = 'kiosk'", "'desk.kind' should be one of: freephone, reception"),
    ],
)
def test_a_damaged_site_file_is_named_with_its_setting(
    pc: Path, capsys: pytest.CaptureFixture[str], text: str, said: str
) -> None:
    site = site_folder(pc)
    (site / SITE_FILE).write_text(text, encoding="utf-8")
    assert run(["db", "check"]) == 1
    err = capsys.readouterr().err
    assert str(site / SITE_FILE) in err and said in err
    assert "Traceback" not in err


def test_false_is_a_setting_not_a_missing_one(pc: Path) -> None:
    site = site_folder(pc)
    (site / SITE_FILE).write_text("[desk]\nhigh_contrast = false\n", encoding="utf-8")
    assert dict(load_site_config(site).desk) == {"high_contrast": False}
