"""A template is filled by its filler exactly as ``%`` fills it, whatever its text holds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage_app.export.templates import filler

# Template text with what a source or an f-string would read specially: braces, quotes,
# backslashes, line breaks, non-ASCII.
_LITERAL = st.text(st.sampled_from(["{", "}", '"', "'", "\\", "\n", "a", ":", "é"]))


@given(st.lists(st.tuples(_LITERAL, st.sampled_from(["%s", "%d"])), max_size=5), _LITERAL)
def test_a_template_is_filled_as_percent_fills_it(parts: list[tuple[str, str]], end: str) -> None:
    template = "".join(literal + slot for literal, slot in parts) + end
    values = tuple(-7 if slot == "%d" else "{v}\\\"'" for _literal, slot in parts)
    assert filler(template)(*values) == template % values


@pytest.mark.parametrize("template", ["100%", "%r", "%%s", "%5s"])
def test_only_s_and_d_slots_are_taken(template: str) -> None:
    with pytest.raises(ValueError, match="only %s and %d"):
        filler(template)
