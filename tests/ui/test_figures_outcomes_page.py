"""The Figures page after the front door: what a team leader reads at month end of the
month's outcomes, early help episodes, first contact, overrides, re-referral intervals and
the over-16s, driven through the real page over a real SQLite file."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from tests.services.requests_data import HOUSING, LEADER, housing_for, save
from tests.ui.conftest import FREEPHONE_DESK
from tests.ui.signin_helpers import team_leader_on
from triage_app.domain.request import Child
from triage_app.figures import Month
from triage_app.figures.grid import Grid, GridRow
from triage_app.services.contact import record_attempt
from triage_app.services.outcomes import close_request
from triage_app.services.overrides import override_pathway
from ui.pages.figures_models import GridModel
from ui.theme import apply_text_size

#: Monday 2 February 2026, 10:00; the housing route is due by the end of Tuesday.
FEBRUARY = datetime(2026, 2, 2, 10, 0, tzinfo=UTC)
MONTH = Month(2026, 2)
SIGNPOST, SOCIAL_CARE = "Signpost to a partner", "Children's Social Care"


def _close(db, vocab, ref, outcome, when):
    with db.write() as s:
        close_request(s, ref, outcome=outcome, reason="Done.", actor=LEADER, now=when, vocab=vocab)


def _reached(db, vocab, ref, when):
    with db.write() as s:
        record_attempt(
            s, ref, method="telephone", reached=True, actor=LEADER, now=when, vocab=vocab
        )


@pytest.fixture
def stored(db, rules, vocab):
    """Four synthetic families' requests, three in February, closed with outcomes.

    Stored: signposting — one early help episode (reached in time, a re-referral 50 days
    after the family's December request closed), one no further action (never reached);
    social care — a 17-year-old's request raised from signposting, reached late, still open.
    """
    december = save(db, rules, vocab, HOUSING, received=FEBRUARY - timedelta(days=60))
    _close(db, vocab, december, "family_declined", FEBRUARY - timedelta(days=50))
    again = save(db, rules, vocab, HOUSING, received=FEBRUARY)
    _reached(db, vocab, again, FEBRUARY + timedelta(hours=2))
    _close(db, vocab, again, "early_help_episode", FEBRUARY + timedelta(hours=3))
    other = housing_for(
        "Adeyemi", "07700 900123", "CV6 5AB",
        Child(first_name="Ada", last_name="Adeyemi", date_of_birth=date(2020, 1, 1)),
    )  # fmt: skip
    quiet = save(db, rules, vocab, other, received=FEBRUARY + timedelta(days=3))
    _close(db, vocab, quiet, "no_further_action", FEBRUARY + timedelta(days=10))
    teen = housing_for(
        "Okonkwo", "07700 900777", "CV2 1EQ",
        Child(first_name="Tobi", last_name="Okonkwo", date_of_birth=date(2008, 1, 1)),
    )  # fmt: skip
    late = save(db, rules, vocab, teen, received=FEBRUARY)
    _reached(db, vocab, late, FEBRUARY + timedelta(days=15))
    with db.write() as s:
        override_pathway(
            s, late, chosen="social_care", reason="Worried.", actor=LEADER,
            now=FEBRUARY + timedelta(days=15), rules=rules,
        )  # fmt: skip


@pytest.fixture
def page(db, stored, qtbot, make_context):
    window = team_leader_on(db, qtbot, make_context, FREEPHONE_DESK)
    window.show_page(window.figures_page)
    window.figures_page.choose(MONTH, None)
    return window.figures_page


def shown(page) -> dict[str, dict[str, str]]:
    """The table on screen as a team leader reads it: row label → column header → text."""
    model = page.table.model()
    headers = [
        model.headerData(c, _horizontal()).replace("\n", " ") for c in range(model.columnCount())
    ]
    return {
        model.data(model.index(r, 0)): {
            h: model.data(model.index(r, c)) for c, h in enumerate(headers) if c
        }
        for r in range(model.rowCount())
    }


def _horizontal():
    return Qt.Orientation.Horizontal


def test_the_headline_puts_early_help_episodes_beside_the_annual_report(page):
    text = page.headline.text()
    assert "2 closed" in text
    assert "Became early help episodes: 1 of 3 requests (33 %)" in text
    assert "annual report's 1,823 of 5,188 (35 %)" in text
    assert "Pathway overridden: 1." in text
    assert "As at " in text and "recorded later will change these" in text


def test_outcomes_by_course_of_action_match_what_was_stored(page):
    page.show_breakdown("outcomes_by_pathway")
    rows = shown(page)
    assert rows["Early help episode opened"][SIGNPOST] == "1"
    assert rows["No further action"][SIGNPOST] == "1"
    assert rows["Not closed yet"][SOCIAL_CARE] == "1"
    assert rows["Family declined"]["All"] == "0"  # the December request is not February's
    assert sum(int(n) for row in rows.values() for h, n in row.items() if h != "All") == 3
    assert page.chart.isVisible()
    assert page.chart.rows == (
        ("Not closed yet", 1),
        ("Early help episode opened", 1),
        ("No further action", 1),
    )
    assert page.chart.groups == (SOCIAL_CARE, SIGNPOST, SIGNPOST)
    assert f"{SIGNPOST}, No further action: 1" in page.chart.accessibleDescription()
    assert page.table.accessibleName() == (
        "Figures table: Outcomes by course of action (after overrides)"
    )
    assert page.chart.accessibleName() == "Chart: Outcomes by course of action (after overrides)"


@pytest.mark.parametrize("text_size", [100, 125, 150])
def test_on_a_laptop_screen_the_table_keeps_every_column_at_any_text_size(
    page, qtbot, qapp, text_size
):
    """The figures come first: the chart folds away before the table scrolls sideways."""
    apply_text_size(qapp, text_size)
    try:
        window = page.window()
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        for key in ("outcomes_by_pathway", "timeliness", "older_pathway", "trend", "source"):
            page.show_breakdown(key)
            page.splitter.fit()
            assert page.table.horizontalScrollBar().maximum() == 0, (key, text_size)
            if page.chart.isVisible() and page.splitter.sizes()[2]:  # shown: readable
                assert page.splitter.sizes()[2] >= page._chart_needs(), (key, text_size)
        page.show_breakdown("outcomes_by_pathway")
        assert page.table.model().headerData(3, _horizontal()) == "Children's\nSocial Care"
        if text_size == 100:
            page.show_breakdown("source")  # a plain count: the table and its chart side by side
            assert page.splitter.sizes()[2] >= page._chart_needs() > 0
            assert page.sections.horizontalScrollBar().maximum() == 0  # no name cut off
    finally:
        apply_text_size(qapp, 100)


def test_first_contact_within_the_timescale_by_course_of_action(page):
    page.show_breakdown("timeliness")
    rows = shown(page)
    assert rows[SIGNPOST] == {
        "Within timescale": "1",
        "Later": "0",
        "No contact yet": "1",
        "Requests": "2",
        "Share within timescale": "50 %",
    }
    assert rows[SOCIAL_CARE]["Later"] == "1"
    assert rows[SOCIAL_CARE]["Share within timescale"] == "0 %"
    assert rows["Emergency"]["Share within timescale"] == "–"  # nothing of nothing
    assert not page.chart.isVisible()  # a small table reads better


def test_overrides_which_way_and_the_rules(page):
    page.show_breakdown("override_direction")
    rows = shown(page)
    assert rows["More urgent"]["Count"] == "1"
    assert rows["Less urgent"]["Count"] == "0"
    page.show_breakdown("override_rule")
    assert page.table.model().rowCount() >= 1
    assert all(row["Count"] == "1" for row in shown(page).values())


def test_rereferrals_by_time_since_the_earlier_request_closed(page):
    page.show_breakdown("rereferral_interval")
    rows = shown(page)
    assert rows["Under 3 months"]["Count"] == "1"
    assert rows["3 to 6 months"]["Count"] == "0"
    assert page.chart.isVisible()
    assert ("Under 3 months", 1) in page.chart.rows


def test_requests_naming_a_young_person_of_16_or_19(page):
    page.show_breakdown("older_pathway")
    rows = shown(page)
    assert rows[SOCIAL_CARE] == {"Aged 16 or over": "1", "Aged 19 or over": "0"}
    assert rows["Early help"] == {"Aged 16 or over": "0", "Aged 19 or over": "0"}
    page.show_breakdown("older_outcome")
    assert shown(page)["Not closed yet"]["Aged 16 or over"] == "1"


def test_every_section_has_a_name_and_one_hub_shows_its_own(page, qtbot):
    names = [page.sections.item(row).text() for row in range(page.sections.count())]
    assert len(set(names)) == len(names)  # each told apart in the list
    for row in range(page.sections.count()):
        page.sections.setCurrentRow(row)
        qtbot.waitUntil(lambda: not page.rates_counter.counting)  # its title says how far
        title = page.section_title.text().removeprefix("<b>").removesuffix("</b>")
        assert title and page.table.accessibleName() == f"Figures table: {title}"
    page.hub.setCurrentIndex(page.hub.findData("mosaic"))
    assert "Mosaic Family Hub" in page.headline.text()
    assert page.figures is not None and page.figures.hub == "mosaic"


def test_grid_counts_have_thousands_separators_and_no_false_zero_share():
    model = GridModel()
    row = GridRow("signpost", SIGNPOST, (1, 1233, 0), 1234, "<1 %")
    model.set_grid(
        Grid("t", "Title", "Course", ("Within", "Later", "None"), (row,), "Requests", "Within")
    )
    cells = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert cells == [SIGNPOST, "1", "1,233", "0", "1,234", "<1 %"]
