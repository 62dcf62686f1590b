"""The window's one keyboard scheme, as staff read it: Help ▸ Keyboard shortcuts (F1).

The same rows are the table in ``docs/window.md``, and a test checks that the two agree and
that every Alt+letter on the New request page is listed here (and leads to one place only).
Fixed keys (the safeguarding questions, the concerns) keep their letter when a label is
reworded; every other letter is the underlined one in the label.
"""

from __future__ import annotations

from html import escape

#: (section, ((keys, what they do), …)), in the order staff meet them.
SCHEME: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Anywhere",
        (
            ("Ctrl+N", "New request (asks first if something is unsaved)"),
            ("Ctrl+S", "Save (every problem is shown beside its field)"),
            ("Ctrl+P", "Save and print the advice sheet"),
            ("Ctrl+1, Ctrl+2, Ctrl+3", "New request, Requests, Follow-up queue"),
            ("Ctrl+6, Ctrl+8, Ctrl+9", "Services, Export, Figures"),
            ("Ctrl+0", "Administration: accounts, approvals, this desk (administrators)"),
            ("Ctrl+F", "Find a service for the caller: what to tell them, may the number be given"),
            ("Alt+R, Alt+Q, Alt+X, Alt+G", "Requests, Follow-up queue, Export, Figures"),
            ("Alt+F", "The File menu (Right arrow: Go, Help)"),
            ("Ctrl+,", "Settings for this desk"),
            ("Ctrl+L", "Lock the screen (what is typed is kept)"),
            ("Ctrl+Shift+L", "Switch user"),
            ("F1", "This list of keys"),
            ("Tab, Shift+Tab", "Next, previous field, in the order of the conversation"),
            ("Alt + underlined letter", "Go to that field or button"),
            ("Esc", "Close a dialog; the focus goes back to where you were"),
        ),
    ),
    (
        "New request",
        (
            ("Alt+M, Alt+S", "Contact method, who is asking (source)"),
            ("Alt+P, Alt+U", "Parent or carer's first name, surname"),
            ("Alt+A, Alt+C, Alt+E", "Address, postcode, phone"),
            ("Alt+L, Alt+B", "Preferred language, hub"),
            ("Alt+D", "Add a child"),
            ("Alt+J", "Children in the household, ages not known yet"),
            ("Alt+N", "Find a presenting need"),
            ("type, Up/Down, Enter", 'Find and add a need (a caller\'s word too: "DV", "no gas")'),
            ("Space, Delete", "In chosen needs: make primary, remove"),
            ("Alt+1 … Alt+9, Alt+0", "Tick a safeguarding concern (Up/Down, Space)"),
            ("Alt+W", "What the family says, in their words"),
            ("Alt+I, Alt+H, Alt+K", "Immediate danger, significant harm, high-risk domestic abuse"),
            ("Y, N", "Answer a safeguarding question yes, no"),
            ("Alt+T", "Consent to early help"),
            ("Alt+V", "Save emergency now (while immediate danger is Yes)"),
            ("Alt+O", "Open the earlier request chosen (when there are earlier requests)"),
            ("Alt+Z", "Use the chosen earlier request's details (marked ❐ until confirmed)"),
            ("Alt+Y", "Copy the saved reference"),
            ("A letter in a pick list", "The next choice starting with it; more letters narrow"),
        ),
    ),
    (
        "Follow-up queue",
        (
            ("Alt+M, Alt+B, Alt+U, Alt+A", "Mine, mine and my hub's, unassigned, all I may see"),
            ("Alt+W, Enter", "The list; open the chosen request"),
            ("Alt+T, Alt+S", "Take it; assign it to a named worker (team leaders)"),
        ),
    ),
    (
        "A request's record",
        (
            ("Alt+O, Alt+R", "Close with an outcome, reopen"),
            ("Alt+L", "Log an attempt to reach the family"),
            ("Alt+N, Alt+D", "Write a note, add it"),
            ("Alt+T, Alt+E", "The actions, settle the chosen one"),
            ("Alt+H, Alt+W", "Choose another pathway, decide a waiting override"),
            ("Alt+U", "Use these details in a new request"),
            ("Alt+F", "Print the record for the file"),
        ),
    ),
    (
        "Services",
        (
            ("Alt+T", "Filter by name, need or word"),
            ("Alt+P, Alt+S", "Show paused and closed, only stale entries"),
            ("Alt+C", "Change this service (team leaders, administrators)"),
        ),
    ),
)


def scheme_html() -> str:
    """The scheme as the Help menu shows it: one table, a heading per section."""
    rows = []
    for section, keys in SCHEME:
        rows.append(f"<tr><td colspan=2><b>{escape(section)}</b></td></tr>")
        rows += [f"<tr><td>{escape(k)}</td><td>{escape(what)}</td></tr>" for k, what in keys]
    return "<h3>Keyboard</h3><table cellpadding=3>" + "".join(rows) + "</table>"


def scheme_markdown() -> str:
    """The scheme as ``docs/window.md`` prints it."""
    lines = []
    for section, keys in SCHEME:
        lines += [f"**{section}**", "", "| keys | what |", "|---|---|"]
        lines += [f"| {k} | {what} |" for k, what in keys]
        lines.append("")
    return "\n".join(lines)
