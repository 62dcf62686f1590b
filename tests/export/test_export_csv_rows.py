"""The flat CSV's rows are exactly what ``csv.writer`` writes of the neutralised cells."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from triage_app.export.cells import safe_row
from triage_app.export.flat import written

# Cells mostly plain, some with what csv.writer quotes or what spreadsheets run.
_AWKWARD = st.sampled_from([",", '"', "\r", "\n", "\0", "=", "+", "-", "@", "\t", "'", " "])
_CELL = st.text(st.sampled_from("ab1-") | _AWKWARD, max_size=4)


def _by_csv_writer(rows: list[list[str]]) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(safe_row(row) for row in rows)
    return buffer.getvalue()


# Two cells or more, as every row has (csv.writer quotes a row of one empty cell).
@given(
    st.integers(2, 4).flatmap(
        lambda n: st.lists(st.lists(_CELL, min_size=n, max_size=n), min_size=1, max_size=6)
    )
)
def test_rows_are_written_as_csv_writer_writes_them(rows: list[list[str]]) -> None:
    columns = [list(column) for column in zip(*rows, strict=True)]
    assert "".join(written(columns)) == _by_csv_writer(rows)


def test_one_awkward_row_among_plain_ones_is_written_by_csv_writer() -> None:
    rows = [["a", "1"], ["b", "-2"], ["c", "x,y"], ["d", '"q"'], ["=e", "3"], ["f", "4"]]
    lines = written([list(column) for column in zip(*rows, strict=True)])
    assert "".join(lines) == _by_csv_writer(rows)
    assert "".join(written([["a", "b"], ["1", "2"]])) == "a,1\r\nb,2\r\n"
