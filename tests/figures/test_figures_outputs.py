"""The figures as a team leader takes them away: the PDF read back, the CSV, the command."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.export.test_export_cli import CHEAP, PASSWORD, add_staff
from tests.figures.figures_data import build, in_month
from triage_app.cli.main import run
from triage_app.config import AppConfig
from triage_app.domain.actor import Actor
from triage_app.domain.counts import counted
from triage_app.figures import Month, monthly_figures
from triage_app.figures.report import figures_pdf
from triage_app.figures.table import HEADER, figures_csv
from triage_app.store.database import Database


def pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() or "" for page in pages).split())


def test_the_pdf_is_headed_and_shows_the_counts(db: Database, vocab, actor: Actor, now) -> None:
    build(db, vocab, actor)
    with db.read() as s:
        figures = monthly_figures(s, Month(2026, 3), "mosaic", vocab, now)
    text = pdf_text(figures_pdf(figures))
    assert "Here to Help figures — March 2026" in text
    assert "Hub: Mosaic Family Hub" in text
    assert "Produced 16 March 2026 at 10:30 (UK time)" in text
    assert f"Requests for help {figures.requests}" in text
    assert f"Children aged 16 and over {figures.children_aged_16_and_over}" in text
    assert f"Children aged 19 and over {figures.children_aged_19_and_over}" in text
    telephone = figures.breakdown("contact_method").count("telephone")
    assert f"Telephone {telephone}" in text
    assert "Course of action" in text and "Children by ethnicity" in text
    assert "Requests month by month" in text and "April 2025" in text
    assert "early_help" not in text  # labels, not codes


def test_the_csv_is_a_long_table_of_every_count(db: Database, vocab, actor: Actor, now) -> None:
    stored = build(db, vocab, actor)
    with db.read() as s:
        figures = monthly_figures(s, Month(2026, 3), None, vocab, now)
    table = list(csv.reader(io.StringIO(figures_csv(figures).decode("utf-8"), newline="")))
    assert tuple(table[0]) == HEADER
    by_key = {(r[0], r[1]): int(r[3]) for r in table[1:]}
    assert by_key["summary", "requests"] == len(in_month(stored, Month(2026, 3), None))
    assert by_key["summary", "aged_19_and_over"] == figures.children_aged_19_and_over
    assert by_key["pathway", "early_help"] == figures.breakdown("pathway").count("early_help")
    assert by_key["trend", "2025-04"] == len(in_month(stored, Month(2025, 4), None))
    assert sum(n for (section, _), n in by_key.items() if section == "contact_method") == (
        figures.requests
    )


@pytest.fixture
def config(tmp_path: Path, db: Database, sqlite_path: Path, resources, now) -> AppConfig:
    add_staff(db, now)
    return AppConfig(
        database=str(sqlite_path),
        data_dir=tmp_path / "data",
        config_dir=tmp_path / "config",
        resources=resources,
        environ={"TRIAGE_USER": "team.leader", "TRIAGE_PASSWORD": PASSWORD},
        clock=lambda: now,
        accounts=CHEAP,
    )


def test_the_command_writes_pdf_and_csv(
    db: Database, vocab, actor: Actor, config: AppConfig, tmp_path: Path, capsys
) -> None:
    stored = build(db, vocab, actor)
    count = len(in_month(stored, Month(2026, 3), "harmony"))
    pdf, table = tmp_path / "march.pdf", tmp_path / "march.csv"
    assert (
        run(["figures", "--month", "2026-03", "--hub", "harmony", "--out", str(pdf)], config=config)
        == 0
    )
    assert f"March 2026, Harmony Hub: {counted(count, 'request')}" in capsys.readouterr().out
    assert "Hub: Harmony Hub" in pdf_text(pdf.read_bytes())
    assert run(["figures", "--month", "2026-03", "--out", str(table)], config=config) == 0
    assert table.read_bytes().startswith(b"section,code,label,count\r\n")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["--month", "2026-13", "--out", "x.pdf"], 2, "--month: '2026-13' is not a month"),
        (["--month", "2026-03", "--hub", "mosiac", "--out", "x.pdf"], 2, "did you mean 'mosaic'"),
        (["--month", "2026-03", "--out", "x.txt"], 2, "--out: 'x.txt' should end in .pdf or .csv"),
        (["--month", "2026-03", "--out", "no/such/folder/x.pdf"], 1, "--out: cannot write"),
        (["--month", "2027-03", "--out", "x.pdf"], 2, "--month: 2027-03 has not begun (it is"),
    ],
)
def test_mistakes_name_the_argument(
    config: AppConfig, tmp_path: Path, monkeypatch, capsys, argv, code, message
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(["figures", *argv], config=config) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_figures_are_for_team_leaders(config: AppConfig, tmp_path: Path, capsys) -> None:
    handler = AppConfig(
        **{
            **config.__dict__,
            "environ": {"TRIAGE_USER": "call.handler", "TRIAGE_PASSWORD": PASSWORD},
        }
    )
    out = tmp_path / "f.pdf"
    assert run(["figures", "--month", "2026-03", "--out", str(out)], config=handler) == 1
    assert "figures" in capsys.readouterr().err
    assert not out.exists()
