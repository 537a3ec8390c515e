"""Monitoring pages (one blueprint, its routes in four modules): the hromada's tracker and
calendar (hromada.py), the Monitoring Body's reports and comment links (assessments.py), the
public progress page and the ICS feed (public.py), AUC's portfolio and the JSON API
(portfolio.py). Helpers shared by them are in common.py."""

from flask import Blueprint

bp = Blueprint("monitoring", __name__)

from app.monitoring import reminders  # noqa: E402, F401 - registers the reminder source
from app.monitoring.routes import assessments, hromada, portfolio, public  # noqa: E402, F401
