"""The monthly Here to Help figures: counted in SQL, drawn as a PDF report or a CSV table."""

from triage_app.domain.months import Month
from triage_app.figures.model import Breakdown, Count, MonthlyFigures, TrendPoint
from triage_app.figures.queries import monthly_figures

__all__ = ["Breakdown", "Count", "Month", "MonthlyFigures", "TrendPoint", "monthly_figures"]
