"""Figures (team leaders): the monthly Here to Help figures for a chosen month and hub.

The numbers, their labels and the PDF and CSV are ``triage_app.figures``'s: this page picks
the month and hub, shows each breakdown as a table and a bar chart, and saves the report
through the same writers the ``figures`` command uses.

Signals:
    status(str): a short message for the status bar (where a file was saved).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from triage_app.accounts.roles import require
from triage_app.domain.counts import counted
from triage_app.domain.localtime import LOCAL_ZONE
from triage_app.figures import Month, MonthlyFigures, monthly_figures
from triage_app.figures.grid import Grid, outcome_grids
from triage_app.figures.table import figure_rows
from triage_app.files import write_whole
from triage_app.store.overridden import RuleOverrideRate
from ui.charts import BarChart
from ui.context import WindowContext
from ui.ops import run_op
from ui.pages import figures_sections, override_rates
from ui.pages.figures_files import WRITERS, SaveChooser, choose_file, suggested_name
from ui.pages.figures_models import CountsModel, GridModel, TrendModel
from ui.pages.figures_split import FiguresSplitter
from ui.permissions import gate, why_not

__all__ = ["CountsModel", "FiguresPage", "GridModel", "TrendModel"]
VIEW_FIGURES = "view_figures"
#: How many months back the month picker offers.
MONTHS_OFFERED = 36
SUMMARY, TREND = "summary", "trend"
#: The summary's rows by what they count: requests, or children.
SUMMARY_UNITS = {"requests": "requests", "rereferrals": "requests"}
#: What the headline says while a month's figures are worked out (a second at a million).


def last_complete_month(month_now: Month) -> Month:
    return month_now.plus(-1)


class FiguresPage(QWidget):
    status = Signal(str)

    def __init__(
        self,
        context: Callable[[], WindowContext],
        *,
        choose: SaveChooser = choose_file,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Figures")
        self._context = context
        self._choose = choose
        self.figures: MonthlyFigures | None = None
        self.folder: Path | None = None
        ctx = context()
        self.month = QComboBox()
        self.month.setAccessibleName("Month")
        this_month = Month.containing(ctx.now())
        self.month.addItem(f"{this_month.label} (so far)", this_month.code)
        for back in range(1, MONTHS_OFFERED + 1):
            m = this_month.plus(-back)
            self.month.addItem(m.label, m.code)  # codes: findData compares Python objects by id
        self.month.setCurrentIndex(self.month.findData(last_complete_month(this_month).code))
        self.hub = QComboBox()
        self.hub.setAccessibleName("Hub")
        self.hub.addItem("All hubs", None)
        for hub in ctx.vocab.hubs:
            self.hub.addItem(hub.name, hub.code)
        self.pdf_button = QPushButton("Save as &PDF…")
        self.pdf_button.setAccessibleName("Save as PDF")
        self.csv_button = QPushButton("Save as C&SV…")
        self.csv_button.setAccessibleName("Save as CSV")
        self.headline = QLabel()
        self.headline.setAccessibleName("The month in brief")
        self.headline.setWordWrap(True)
        self.sections = QListWidget()
        self.sections.setAccessibleName("Breakdowns")
        self.counts = CountsModel(self)
        self.trend = TrendModel(self)
        self.rates = override_rates.RatesModel(self)
        self.rates_counter = override_rates.RatesCounter(self)
        self.grid = GridModel(self)
        self._grids: dict[str, Grid] = {}
        self.table = QTableView()
        self.table.setAccessibleName("Figures table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setWordWrap(False)
        self.chart = BarChart()
        self.trend_chart = BarChart(vertical=True)
        self._build_layout()
        self._wire()
        self._keys: list[str] = []
        self._titles: list[str] = []

    def _wire(self) -> None:
        self.month.currentIndexChanged.connect(self.reload)
        self.hub.currentIndexChanged.connect(self.reload)
        self.sections.currentRowChanged.connect(self._show_section)
        self.pdf_button.clicked.connect(lambda: self.save_as("pdf"))
        self.csv_button.clicked.connect(lambda: self.save_as("csv"))
        self.rates_counter.progress.connect(self._rates_progress)
        self.rates_counter.counted.connect(self._show_rates_counted)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        for text, field in (("&Month", self.month), ("H&ub", self.hub)):
            caption = QLabel(text)
            caption.setBuddy(field)
            top.addWidget(caption)
            top.addWidget(field)
        top.addStretch(1)
        top.addWidget(self.pdf_button)
        top.addWidget(self.csv_button)
        caption = QLabel("&Breakdown:")
        caption.setBuddy(self.sections)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(caption)
        left_layout.addWidget(self.sections, 1)
        charts = self.charts = QWidget()
        charts_layout = QVBoxLayout(charts)
        charts_layout.setContentsMargins(0, 0, 0, 0)
        charts_layout.addWidget(self.chart, 1)
        charts_layout.addWidget(self.trend_chart, 1)
        self.section_title = QLabel()
        self.section_title.setAccessibleName("Breakdown shown")
        self.section_title.setWordWrap(True)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.section_title)
        middle_layout.addWidget(self.table, 1)
        self.splitter = FiguresSplitter(
            self.sections, (left, middle), self.table, charts, self._chart_needs
        )
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.headline)
        layout.addWidget(self.splitter, 1)

    def _chart_needs(self) -> int:
        """The width the chart now shown needs for its labels to be told apart."""
        shown = self.trend_chart if not self.trend_chart.isHidden() else self.chart
        return shown.readable_width()

    def reset(self) -> None:
        """Forget what was shown (someone else signed in); it is read again when shown."""
        self.rates_counter.stop()
        self.figures = None
        self.headline.clear()
        self.sections.clear()
        self.counts.set_rows("", [])
        self.trend.set_rows([])
        self.grid.set_grid(None)
        self._grids = {}
        self.chart.set_data("", [])
        self.trend_chart.set_data("", [])
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    # --- reading -------------------------------------------------------------------------

    def chosen(self) -> tuple[Month, str | None]:
        return Month.parse(self.month.currentData()), self.hub.currentData()

    def choose(self, month: Month, hub: str | None) -> None:
        """Pick a month and hub (as staff would with the two lists) and show their figures."""
        self.month.blockSignals(True)
        self.hub.blockSignals(True)
        self.month.setCurrentIndex(max(0, self.month.findData(month.code)))
        self.hub.setCurrentIndex(max(0, self.hub.findData(hub)))
        self.month.blockSignals(False)
        self.hub.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        """Read the chosen month's figures; who may see them is checked here, before any is read.

        They are the month's kept counts (``store.figure_counts``): a few hundred rows at a
        million requests, read while the page is drawn.
        """
        self.rates_counter.stop()  # of the month shown until now
        ctx = self._context()
        controls = (self.month, self.hub, self.pdf_button, self.csv_button)
        if not all([gate(c, ctx.actor, VIEW_FIGURES) for c in controls]):
            self.figures = None
            self.headline.setText(why_not(ctx.actor, VIEW_FIGURES) or "")
            self.sections.clear()
            self.counts.set_rows("", [])
            self.trend.set_rows([])
            self.grid.set_grid(None)
            return
        month, hub = self.chosen()
        self.figures = None  # until the chosen month's come: never save another month's
        for button in (self.pdf_button, self.csv_button):
            button.setEnabled(False)

        def read() -> MonthlyFigures:
            with ctx.db.read() as session:
                return monthly_figures(session, month, hub, ctx.vocab, ctx.now())

        run_op(self, read, self.show_figures, title="Figures")

    def show_figures(self, figures: MonthlyFigures) -> None:
        self.figures = figures
        for button in (self.pdf_button, self.csv_button):
            button.setEnabled(True)
        self.headline.setText(
            f"<b>{figures.month.label}, {figures.hub_label}</b>: "
            f"{counted(figures.requests, 'request')}, "
            f"{counted(figures.rereferrals, 're-referral')}, "
            f"{counted(figures.children, 'child')} named "
            f"({figures.children_aged_16_and_over:,} aged 16 and over, "
            f"{figures.children_aged_19_and_over:,} aged 19 and over)."
            f"{figures_sections.outcomes_line(figures)}"
            f"<br>As at {figures.produced_at.astimezone(LOCAL_ZONE):%d/%m/%Y %H:%M}: "
            "outcomes and contacts recorded later will change these."
        )
        keep = self.sections.currentRow()
        self._grids = {g.key: g for g in outcome_grids(figures)}
        sections = [
            (SUMMARY, "Summary", "Summary"),
            *((b.key, b.title, b.title) for b in (*figures.requests_by, *figures.children_by)),
            *figures_sections.after_the_front_door(figures, self._grids),
            (TREND, "The last 12 months", "Requests a month, the last 12 months"),
            (override_rates.KEY, override_rates.TITLE, override_rates.TITLE),
        ]
        self._keys = [key for key, _name, _title in sections]
        self._titles = [title for _key, _name, title in sections]
        titles = [name for _key, name, _title in sections]
        self.sections.blockSignals(True)
        self.sections.clear()
        self.sections.addItems(titles)
        self.sections.blockSignals(False)
        self.sections.setCurrentRow(keep if 0 <= keep < len(titles) else 0)
        self._show_section(self.sections.currentRow())

    def _show_section(self, row: int) -> None:
        self._fill_section(row)
        self.splitter.refit()

    def _fill_section(self, row: int) -> None:
        self.rates_counter.stop()  # another breakdown, or month, is wanted now
        f = self.figures
        if f is None or not 0 <= row < len(self._keys):
            return
        key = self._keys[row]
        title = self._titles[row]
        self.table.setAccessibleName(f"Figures table: {title}")
        self.section_title.setText(f"<b>{title}</b>")
        self.charts.show()
        if key == override_rates.KEY:
            self._show_rates(f.month)
            return
        if key in self._grids:
            self._show_grid(self._grids[key])
            return
        self.chart.setVisible(key != TREND)
        self.trend_chart.setVisible(key == TREND)
        if key == TREND:
            self.trend.set_rows(f.trend)
            self.table.setModel(self.trend)
            self.table.horizontalHeader().setSectionResizeMode(
                QHeaderView.ResizeMode.ResizeToContents
            )
            title = f"Requests a month, {f.trend[0].month.label} to {f.trend[-1].month.label}"
            self.trend_chart.set_data(title, [(p.month.short_label, p.requests) for p in f.trend])
            return
        if key == SUMMARY:
            summary = [
                (c, label, n) for section, c, label, n in figure_rows(f) if section == SUMMARY
            ]
            rows = [(label, n) for _c, label, n in summary]
            self.counts.set_rows("Summary", rows)
            # Requests and children are counted in different units: each on its own scale.
            units = [SUMMARY_UNITS.get(code, code) for code, _l, _n in summary]
            self.chart.set_data("Summary", rows, units=units)
        else:
            b = f.breakdown(key)
            rows = [(c.label, c.count) for c in b.counts]
            self.counts.set_rows(b.title, rows, b.total)
            self.chart.set_data(b.title, rows)
        self.table.setModel(self.counts)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CountsModel.COL_LABEL, QHeaderView.ResizeMode.Stretch)

    def _show_grid(self, grid: Grid) -> None:
        """Breakdowns side by side; charted only where a chart reads better than the table."""
        self.grid.set_grid(grid)
        self.table.setModel(self.grid)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.trend_chart.hide()
        charted = figures_sections.chart_of(grid)
        self.charts.setVisible(charted is not None)  # the table takes the width
        if charted is not None:
            rows, groups = charted
            self.chart.set_data(grid.title, rows, groups=groups)

    def _show_rates(self, month: Month) -> None:
        """Each rule's override rate in the month (counted when chosen, a part at a time)."""
        self.rates.set_rows(())
        self.table.setModel(self.rates)
        self.chart.set_data("Most overridden rules", [])
        self.chart.show()
        self.trend_chart.hide()
        self._rates_progress(0, 0)
        self.rates_counter.start(self._context(), month)

    def _rates_progress(self, done: int, total: int) -> None:
        so_far = f", {done:,} of {total:,} requests" if total else ""
        self.section_title.setText(f"<b>{override_rates.TITLE}</b>: counting{so_far}…")

    def _show_rates_counted(self, rates: tuple[RuleOverrideRate, ...]) -> None:
        self.section_title.setText(f"<b>{override_rates.TITLE}</b>")
        self.rates.set_rows(rates)
        self.chart.set_data("Most overridden rules", override_rates.chart_rows(rates))
        self.splitter.refit()

    def show_breakdown(self, key: str) -> None:
        """Show one breakdown by its key (``source``, ``age_band``, ``summary``, ``trend`` …)."""
        self.sections.setCurrentRow(self._keys.index(key))

    # --- saving --------------------------------------------------------------------------

    def save_as(self, kind: str) -> None:
        if self.figures is None:
            return
        suggested = (self.folder or Path.home()) / suggested_name(self.figures, kind)
        path = self._choose(self, f"Save the figures as {kind.upper()}", suggested)
        if path is not None:
            self.save_to(path, kind)

    def save_to(self, path: Path, kind: str) -> bool:
        """Write the figures on screen as ``kind`` (pdf or csv) to ``path``. True if written."""
        figures, write = self.figures, WRITERS[kind]
        if figures is None:
            return False
        ctx = self._context()

        def op() -> Path:
            require(ctx.actor, VIEW_FIGURES)
            return write_whole(path, write(figures))

        def done(written: Path) -> None:
            self.folder = written.parent
            self.status.emit(f"Figures saved to {written}")

        return run_op(self, op, done, title="Save the figures")
