"""Small things staff notice: stale messages, counts and shares, why drafts are offered,
a button that can do nothing, and a chart that mixes units."""

from __future__ import annotations

import pytest

from tests.ui.conftest import FREEPHONE_DESK
from tests.ui.forms import complete_values
from tests.ui.signin_helpers import NEVER_MS, add_account, lockable_window, signed_in
from triage_app.domain.counts import share
from triage_app.services import drafts
from ui.charts import BarChart
from ui.draft_dialog import DraftsDialog


def test_saved_as_goes_when_the_next_call_starts_or_the_page_changes(window):
    page = window.capture
    page.form.set_values(complete_values())
    assert page.save()
    assert window.statusBar().currentMessage().startswith("Saved as ")
    window.new_request()
    assert window.statusBar().currentMessage() == ""
    window.say("Something about this page")
    window.show_page(window.requests_page)
    assert window.statusBar().currentMessage() == ""


@pytest.mark.parametrize(
    ("count", "total", "shown"),
    [(1, 393, "<1 %"), (0, 393, "0 %"), (392, 393, ">99 %"), (393, 393, "100 %"), (5, 0, "–")],
)
def test_a_share_is_never_rounded_to_a_false_nought_or_whole(count, total, shown):
    assert share(count, total) == shown


def test_drafts_left_by_an_ordinary_close_are_not_blamed_on_a_crash(make_window, db, vocab):
    first = make_window()
    first.capture.form.family.last_name.setText("Closing")
    first.close()
    with db.read() as s:
        kept = drafts.open_drafts(s, "freephone-1")
    assert DraftsDialog(kept, vocab).why.text().startswith("These requests were left unsaved")
    second = make_window()  # typing again, then the program is killed: no ordinary close
    second.capture.form.family.last_name.setText("Killed")
    second.capture.autosave.flush()
    with db.read() as s:
        kept = drafts.open_drafts(s, "freephone-1")
    assert "stopped unexpectedly" in DraftsDialog(kept, vocab).why.text()


def test_write_again_waits_for_a_first_batch(db, qtbot, make_context):
    add_account(db, "t.leader", "team_leader")
    actor = signed_in(db, "t.leader", FREEPHONE_DESK)
    window = lockable_window(qtbot, make_context, actor, FREEPHONE_DESK, NEVER_MS)
    window.show_page(window.export_page)
    page = window.export_page
    assert page.export_button.isEnabled()
    assert not page.again_button.isEnabled()
    assert "No batch has been written yet" in page.again_button.toolTip()


def test_requests_and_children_are_each_drawn_on_a_scale_of_their_own(qtbot):
    chart = BarChart()
    qtbot.addWidget(chart)
    rows = [("Requests", 393), ("Re-referrals", 12), ("Children", 1_204), ("Aged 16+", 40)]
    chart.set_data("Summary", rows, units=["requests", "requests", "children", "children"])
    assert [chart.scale_of(i) for i in range(4)] == [393, 393, 1_204, 1_204]
    assert "Children: 1,204" in chart.accessibleDescription()
    chart.set_data("One unit", rows[:2])
    assert chart.scale_of(1) == 393
