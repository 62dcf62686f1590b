"""The "❐ copied" marks on the form's fields, kept until each is edited or confirmed.

A field's mark is its ``copied`` property (a dashed border in the theme), words beside it (its
caption, a check box's text, or a child's heading) and its accessible description. Editing a
marked field clears its mark; "Confirmed with the caller" clears them all. The marks are
read back as field paths (``family.phone``, ``children[0].date_of_birth``), which is what
the form's values and a draft keep.

Signals:
    CopyMarks.changed: a mark was cleared, or the marks were set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QWidget

from ui.capture.copied import DESCRIPTION, MARK, CopiedNotice

if TYPE_CHECKING:
    from ui.capture.form import CaptureForm

#: A family field's path → (its attribute on the family section, its name in words).
_FAMILY = {
    "family.first_name": ("first_name", "first name"),
    "family.last_name": ("last_name", "surname"),
    "family.address": ("address", "address"),
    "postcode": ("postcode", "postcode"),
    "family.phone": ("phone", "phone"),
    "family.email": ("email", "email"),
    "family.language": ("language", "language"),
    "family.interpreter": ("interpreter", "interpreter"),
    "family.withhold_address": ("withhold", "keep address private"),
    "hub": ("hub", "hub"),
}
#: A child's field (after ``children[i].``) → its attribute on the child's row.
_CHILD = {
    "first_name": "first_name",
    "last_name": "last_name",
    "date_of_birth": "born",
    "unborn": "unborn",
    "gender": "gender",
    "ethnicity": "ethnicity",
    "send": "send",
}
_COPIED = "copied"
_HOOKED = "copyHooked"  # the field's edits already clear its mark


def _is_marked(widget: QWidget) -> bool:
    return bool(widget.property(_COPIED))


class CopyMarks(QObject):
    changed = Signal()

    def __init__(self, form: CaptureForm, notice: CopiedNotice) -> None:
        super().__init__(form)
        self._form = form
        self.notice = notice
        self.reference: str | None = None
        self.received = ""
        self.notes: list[str] = []
        self._texts: dict[int, str] = {}  # a marked caption's or check box's own words
        notice.confirm_requested.connect(self.confirm_all)

    # --- which widget is which field -----------------------------------------------------

    def fields(self) -> dict[str, tuple[QWidget, str]]:
        """Every field a copy can fill: path → (its widget, its name in words)."""
        family = self._form.family
        found = {path: (getattr(family, attr), words) for path, (attr, words) in _FAMILY.items()}
        for i, row in enumerate(self._form.children_list.rows):
            for name, attr in _CHILD.items():
                found[f"children[{i}].{name}"] = (getattr(row, attr), f"child {i + 1}")
        found["children_unknown"] = (
            self._form.children_list.unknown,
            "children, ages not known",
        )
        return found

    def _words_of(self, widget: QWidget) -> QWidget:
        """Where a field's mark is written: its caption, or the check box itself."""
        if isinstance(widget, QAbstractButton):
            return widget
        for path, caption in self._form.family.labels.items():
            if path in _FAMILY and getattr(self._form.family, _FAMILY[path][0]) is widget:
                return caption
        return widget

    # --- state ---------------------------------------------------------------------------

    def state(self) -> dict[str, Any] | None:
        """Where the details came from and the paths still to confirm (the form's ``copied``)."""
        if self.reference is None:
            return None
        pending = [path for path, (w, _) in self.fields().items() if _is_marked(w)]
        return {
            "from": self.reference,
            "received": self.received,
            "pending": pending,
            "notes": self.notes,
        }

    def pending_words(self) -> list[str]:
        """The fields still to confirm, in words, each group once ("surname", "child 1")."""
        return list(dict.fromkeys(words for w, words in self.fields().values() if _is_marked(w)))

    def set_state(self, copied: dict[str, Any] | None) -> None:
        """Mark the fields named in ``copied`` (and clear every other mark)."""
        copied = copied or {}
        self.reference = copied.get("from") or None
        self.received = str(copied.get("received") or "")
        self.notes = [str(n) for n in copied.get("notes") or ()]
        pending = set(copied.get("pending") or ()) if self.reference else set()
        for path, (widget, _) in self.fields().items():
            self._mark(widget, path in pending)
        self.refresh()

    def confirm_all(self) -> None:
        for widget, _ in self.fields().values():
            self._mark(widget, False)
        self.refresh()
        self.changed.emit()

    # --- one mark ------------------------------------------------------------------------

    def _mark(self, widget: QWidget, on: bool) -> None:
        if _is_marked(widget) == on:
            return
        widget.setProperty(_COPIED, on)
        widget.setAccessibleDescription(DESCRIPTION.format(reference=self.reference) if on else "")
        widget.style().unpolish(widget)
        widget.style().polish(widget)
        words = self._words_of(widget)
        if isinstance(words, QLabel | QAbstractButton):
            own = self._texts.setdefault(id(words), words.text())
            words.setText(f"{own}  {MARK}" if on else own)
            if not on:
                del self._texts[id(words)]
        if on and not widget.property(_HOOKED):
            widget.setProperty(_HOOKED, True)
            self._hook(widget)

    def _hook(self, widget: QWidget) -> None:
        """Clear the mark when staff change the field (by typing, ticking or choosing)."""
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _t, w=widget: self._edited(w))
        elif isinstance(widget, QAbstractButton):
            widget.clicked.connect(lambda _c=False, w=widget: self._edited(w))
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda _i, w=widget: self._edited(w))

    def _edited(self, widget: QWidget) -> None:
        if _is_marked(widget) and not self._form.signalsBlocked():
            self._mark(widget, False)
            self.refresh()
            self.changed.emit()

    def refresh(self) -> None:
        """The notice above the family, and each child's heading, as the marks now stand."""
        for i, row in enumerate(self._form.children_list.rows):
            row.set_number(i + 1)
            if any(_is_marked(getattr(row, attr)) for attr in _CHILD.values()):
                row.title.setText(f"{row.title.text()}  {MARK}: confirm with the caller")
        notes = self.notes if self.pending_words() else []
        self.notice.show_state(self.reference, self.received, self.pending_words(), notes)
