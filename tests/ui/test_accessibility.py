"""For everyone: accessible names, a sensible tab order, mnemonics and shortcuts, 1366×768."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)

from tests.ui.conftest import focused, tab
from tests.ui.forms import child

INPUTS = (QLineEdit, QComboBox, QAbstractButton, QPlainTextEdit, QTextEdit, QAbstractItemView)


def test_every_control_has_an_accessible_name(window):
    window.capture.form.children_list.add_child(child("A", "B", "1"))
    window.capture.rereferral.show()
    missing = [
        f"{type(w).__name__} {w.objectName()!r} in {type(w.parentWidget()).__name__}"
        for w in window.findChildren(QWidgetTypes())
        if isinstance(w, INPUTS)
        and not w.accessibleName()
        and not (isinstance(w, QAbstractButton) and w.text())
        and not type(w).__name__.startswith(("QTab", "QHeader"))  # they name their own parts
        and w.window() is window  # not a pick list's pop-up (named by its combo box)
        and not isinstance(w.parentWidget(), QLineEdit)  # a line edit's own clear button
        and "qt_" not in w.objectName()  # Qt's own internals (scroll bars, spin buttons)
    ]
    assert missing == [], "\n".join(missing)


def QWidgetTypes():
    from PySide6.QtWidgets import QWidget

    return QWidget


def test_tab_follows_the_conversation(window):
    window.capture.form.contact.source.set_code("police")  # a referrer's details to take
    window.capture.form.children_list.add_child()
    names = [focused().accessibleName()]
    for _ in range(40):
        tab()
        names.append(focused().accessibleName())
    expected_order = [
        "Contact method",
        "Who is asking (source)",
        "Referrer's name",
        "Referrer's organisation",
        "Parent or carer's first name",
        "Postcode",
        "Preferred language",
        "Hub",
        "Child 1 first name",
        "Child 1 date of birth or age",
        "Child 1 gender",
        "Remove child 1",
        "Add a child",
        "Find a presenting need",
        "Chosen needs",
        "What the family says, in their words",
        "Is anyone in immediate danger right now?: yes",
        "Is a child suffering, or likely to suffer, significant harm?: yes",
        "Is there domestic abuse assessed as high risk (e.g. DASH)?: yes",
        "Consent to early help",
    ]
    positions = [names.index(n) for n in expected_order]
    assert positions == sorted(positions), names


def test_menus_have_mnemonics_and_shortcuts_shown(window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "Go", "Help"]  # Alt+H: significant harm; Alt+G: Figures
    for action in (window.menus.new_action, window.menus.save_action, window.menus.print_action):
        assert "&" in action.text()
        shortcut = action.shortcut().toString()
        assert shortcut in action.toolTip()
    assert [
        window.menus.new_action.shortcut().toString(),
        window.menus.save_action.shortcut().toString(),
        window.menus.print_action.shortcut().toString(),
    ] == ["Ctrl+N", "Ctrl+S", "Ctrl+P"]


def test_usable_at_1366_by_768(window):
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768, hint
    window.resize(1366, 768)
    assert window.capture.form.width() >= 600  # the form keeps a sensible width beside the panel


def test_sizes_follow_the_system_font(window, qapp):
    from PySide6.QtGui import QFont

    label = window.capture.route_panel.pathway
    base = QFont(qapp.font()).pointSizeF()
    assert label.font().pointSizeF() > base  # larger than, and derived from, the system font
