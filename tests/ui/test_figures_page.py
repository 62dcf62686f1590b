"""The Figures page: the service's numbers for a chosen month and hub, as tables and charts,
saved as the same PDF and CSV the command writes."""

from __future__ import annotations

import io
import shutil
from datetime import timedelta

import pytest
from pypdf import PdfReader

from tests.conftest import open_sqlite
from tests.figures.figures_data import build, in_month, tally
from tests.ui.conftest import FREEPHONE_DESK
from tests.ui.signin_helpers import team_leader_on
from triage_app.domain.actor import Actor
from triage_app.domain.counts import counted
from triage_app.figures import Month, monthly_figures
from triage_app.figures.table import figures_csv
from ui.pages.figures_page import CountsModel, TrendModel

MARCH = Month(2026, 3)
TAKER = Actor(username="j.handler", role="call_handler", desk="freephone-1")


@pytest.fixture(scope="module")
def built(tmp_path_factory, vocab):
    """About 400 synthetic requests, stored once; each test works on its own copy."""
    path = tmp_path_factory.mktemp("figures") / "built.sqlite"
    database = open_sqlite(path)
    stored = build(database, vocab, TAKER)
    database.close()
    return path, stored


@pytest.fixture
def sqlite_path(built, tmp_path):
    copy = tmp_path / "triage.sqlite"
    shutil.copyfile(built[0], copy)
    return copy


@pytest.fixture
def stored(built):
    return built[1]


@pytest.fixture
def page(db, stored, qtbot, make_context):
    window = team_leader_on(db, qtbot, make_context, FREEPHONE_DESK)
    window.show_page(window.figures_page)
    return window.figures_page


def pick(page, qtbot, month, hub) -> None:
    page.choose(month, hub)


def service(db, vocab, now, month, hub):
    with db.read() as s:
        return monthly_figures(s, month, hub, vocab, now)


def table_rows(page) -> list[tuple[str, ...]]:
    model = page.table.model()
    return [
        tuple(model.data(model.index(r, c)) for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]


def test_it_opens_on_the_last_complete_month_for_all_hubs(page):
    assert page.chosen() == (Month(2026, 2), None)
    assert page.figures is not None and page.figures.month == Month(2026, 2)
    assert page.month.itemText(0) == "March 2026 (so far)"
    assert [page.hub.itemText(i) for i in range(3)] == [
        "All hubs",
        "Pathways Family Hub",
        "Mosaic Family Hub",
    ]


def test_each_choice_shows_its_own_figures_at_once_and_only_those_can_be_saved(qtbot, page):
    """The figures are read as the month or hub is chosen, and what is saved is what is shown."""
    page.choose(Month(2026, 1), None)
    assert page.figures is not None and (page.figures.month, page.figures.hub) == (
        Month(2026, 1),
        None,
    )
    assert page.headline.text().startswith("<b>January 2026, All hubs</b>")
    pick(page, qtbot, MARCH, "mosaic")
    assert page.figures is not None and (page.figures.month, page.figures.hub) == (MARCH, "mosaic")
    assert page.pdf_button.isEnabled() and page.csv_button.isEnabled()


def test_every_breakdown_shows_the_services_counts_with_labels(qtbot, page, db, vocab, now, stored):
    pick(page, qtbot, MARCH, None)
    expected = service(db, vocab, now, MARCH, None)
    assert page.figures == expected
    for b in (*expected.requests_by, *expected.children_by):
        page.show_breakdown(b.key)
        rows = [(c.label, str(c.count)) for c in b.counts]
        assert [r[:2] for r in table_rows(page)] == rows, b.key
        assert page.chart.rows == tuple((c.label, c.count) for c in b.counts)
        assert page.table.model().headerData(CountsModel.COL_LABEL, _horizontal()) == b.title
    # and the same numbers worked out independently from what was stored
    counted = tally(in_month(stored, MARCH, None), vocab)
    page.show_breakdown("contact_method")
    shown = {label: int(n) for label, n, _share in table_rows(page)}
    assert shown == {t.label: counted["contact_method"][t.code] for t in vocab.contact_method}
    assert "telephone" not in shown and "Telephone" in shown  # labels, never codes


def test_the_summary_and_headline(qtbot, page, db, vocab, now, stored):
    pick(page, qtbot, MARCH, None)
    f = page.figures
    assert f.requests == len(in_month(stored, MARCH, None))
    page.show_breakdown("summary")
    rows = dict((label, int(n)) for label, n, _ in table_rows(page))
    assert rows["Requests for help"] == f.requests
    assert rows["Children aged 16 and over"] == f.children_aged_16_and_over
    assert rows["Children aged 19 and over"] == f.children_aged_19_and_over
    assert f"{counted(f.requests, 'request')}, {counted(f.rereferrals, 're-referral')}" in (
        page.headline.text()
    )


def test_one_hub(qtbot, page, db, vocab, now, stored):
    page.hub.setCurrentIndex(page.hub.findData("mosaic"))  # as staff would pick it
    page.month.setCurrentIndex(page.month.findData(MARCH.code))
    assert page.figures == service(db, vocab, now, MARCH, "mosaic")
    assert page.figures.requests == len(in_month(stored, MARCH, "mosaic"))
    assert "March 2026, Mosaic Family Hub" in page.headline.text()


def test_the_twelve_month_trend(qtbot, page, db, vocab, now, stored):
    pick(page, qtbot, MARCH, None)
    page.show_breakdown("trend")
    assert page.table.model() is page.trend
    rows = table_rows(page)
    assert len(rows) == 12 and rows[-1][0] == "March 2026"
    assert [int(r[TrendModel.COL_REQUESTS]) for r in rows] == [
        len(in_month(stored, p.month, None)) for p in page.figures.trend
    ]
    assert page.trend_chart.isVisibleTo(page) and not page.chart.isVisibleTo(page)
    assert page.trend_chart.rows[-1] == ("Mar 26", int(rows[-1][TrendModel.COL_REQUESTS]))


def test_save_as_pdf_and_csv(qtbot, page, db, vocab, now, tmp_path):
    pick(page, qtbot, MARCH, "mosaic")
    chosen = []

    def choose(_parent, _caption, suggested):
        chosen.append(suggested.name)
        return tmp_path / suggested.name

    page._choose = choose
    page.save_as("pdf")
    page.save_as("csv")
    assert chosen == [
        "here-to-help-figures-2026-03-mosaic.pdf",
        "here-to-help-figures-2026-03-mosaic.csv",
    ]
    pages = PdfReader(io.BytesIO((tmp_path / chosen[0]).read_bytes())).pages
    text = " ".join(" ".join(p.extract_text() or "" for p in pages).split())
    assert "Here to Help figures — March 2026" in text and "Hub: Mosaic Family Hub" in text
    assert f"Requests for help {page.figures.requests}" in text
    expected = figures_csv(service(db, vocab, now, MARCH, "mosaic"))
    assert (tmp_path / chosen[1]).read_bytes() == expected
    assert not list(tmp_path.glob(".*.partial"))


def test_a_file_that_cannot_be_written_is_a_plain_message(page, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    assert not page.save_to(tmp_path / "no such folder" / "f.pdf", "pdf")
    [box] = [b for b in page.findChildren(QMessageBox) if b.isVisible()]
    assert box.text().startswith("cannot write") and "Traceback" not in box.text()
    box.close()


def test_counts_and_trend_models(qtbot, page, qtmodeltester):
    pick(page, qtbot, MARCH, None)
    page.show_breakdown("need")
    qtmodeltester.check(page.counts)
    page.show_breakdown("summary")
    qtmodeltester.check(page.counts)
    page.show_breakdown("trend")
    qtmodeltester.check(page.trend)
    empty = CountsModel()
    qtmodeltester.check(empty)
    qtmodeltester.check(TrendModel())


def _horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def test_a_team_leader_sees_each_rules_override_rate(qtbot, page, db, rules, vocab):
    from tests.services.requests_data import HOUSING, save
    from triage_app.services.overrides import override_pathway
    from triage_app.store.overridden import override_rates

    received = MARCH.starts + timedelta(days=9)
    reference = save(db, rules, vocab, HOUSING, received=received, actor=TAKER)
    with db.write() as s:
        override_pathway(
            s, reference, chosen="social_care", reason="the child spoke of being hit",
            actor=TAKER, now=received, rules=rules,
        )  # fmt: skip
    pick(page, qtbot, MARCH, None)
    page.show_breakdown("override_rates")
    assert page.table.model() is page.rates
    qtbot.waitUntil(lambda: not page.rates_counter.counting)
    with db.read() as s:
        expected = override_rates(s, MARCH.starts, MARCH.ends)
    rows = table_rows(page)
    assert len(rows) == len(expected) and expected[0].overridden == 1
    first = expected[0]
    assert rows[0] == (first.rule, f"{first.requests:,}", "1", f"{100 * first.rate:.1f}%")
    assert page.chart.isVisibleTo(page) and page.chart.rows[0] == (first.rule, 1)
    assert "Overrides by rule (all hubs)" in [
        page.sections.item(i).text() for i in range(page.sections.count())
    ]


def test_override_rates_are_counted_a_part_at_a_time_and_another_breakdown_wins(
    qtbot, page, db, rules, vocab, monkeypatch
):
    """The rates read every trace of the month (1.6 s at a million requests): they are
    counted a part per turn of the event loop, the breakdown's title saying how far; a
    breakdown chosen meanwhile is shown, and the count dropped, not shown over it."""
    from triage_app.store import overridden

    monkeypatch.setattr(overridden, "TALLIED_AT_ONCE", 1)
    pick(page, qtbot, MARCH, None)
    titles = []
    page.rates_counter.progress.connect(lambda _d, _t: titles.append(page.section_title.text()))
    page.show_breakdown("override_rates")
    assert page.rates_counter.counting and page.rates.rowCount() == 0
    qtbot.waitUntil(lambda: not page.rates_counter.counting)
    assert any("counting, 1 of" in t for t in titles), titles
    assert page.rates.rowCount() > 0 and "counting" not in page.section_title.text()

    page.show_breakdown("source")
    page.show_breakdown("override_rates")
    assert page.rates_counter.counting
    page.show_breakdown("source")
    assert not page.rates_counter.counting
    qtbot.wait(50)
    assert page.table.model() is not page.rates
