# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The billing plan: its terms and the periods of a recurring plan.

A recurring plan bills the value of the contract's terms (its lines) over
their dates, in calendar periods of 1, 3, 6 or 12 months (months, quarters,
half-years, years counted from January). Each period bills its share of the
value: a full period one part, a partial one (the first or last of the term,
or one cut by an amendment or a termination) its days over the days of its
calendar period. The value is divided by the parts of the whole term, so
that the periods of a term bill its value exactly.
"""

import calendar
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

BILLING_PLANS = [
    ("none", "None"),
    ("recurring", "Recurring"),
    ("installments", "Installments"),
]
BILLING_INTERVALS = [
    ("1", "Monthly"),
    ("3", "Quarterly"),
    ("6", "Half-yearly"),
    ("12", "Yearly"),
]
BILLING_TIMINGS = [
    ("advance", "In Advance"),
    ("arrears", "In Arrears"),
]
# The plan as it is agreed: on the contract, its amendments and versions,
# under the same names; once signed, it changes only through an amendment.
BILLING_TERM_FIELDS = (
    "billing_plan",
    "billing_interval",
    "billing_timing",
    "billing_day",
)
BILLING_DEFAULTS = {
    "billing_plan": "none",
    "billing_interval": "1",
    "billing_timing": "advance",
    "billing_day": 1,
}


def calendar_period(day, interval):
    """(first day, last day) of the calendar period of ``interval`` months
    holding ``day``."""
    month = ((day.month - 1) // interval) * interval + 1
    start = date(day.year, month, 1)
    return start, start + relativedelta(months=interval) - timedelta(days=1)


def period_share(start, end, interval):
    """Part of a full period that the days from ``start`` to ``end`` (in one
    calendar period) are: 1.0 for a full period."""
    cal_start, cal_end = calendar_period(start, interval)
    return ((end - start).days + 1) / ((cal_end - cal_start).days + 1)


def term_periods(date_start, date_end, interval, from_date=None):
    """The periods of the term, cut at ``from_date`` when given.

    :return: [(start, end, share)] in date order
    """
    periods = []
    day = date_start
    while day <= date_end:
        _cal_start, cal_end = calendar_period(day, interval)
        end = min(cal_end, date_end)
        start = max(day, from_date) if from_date else day
        if start <= end:
            periods.append((start, end, period_share(start, end, interval)))
        day = cal_end + timedelta(days=1)
    return periods


def term_parts(date_start, date_end, interval):
    """How many full periods the term is worth (its value is divided by it)."""
    return sum(share for _s, _e, share in term_periods(date_start, date_end, interval))


def _on_day(year, month, day):
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def planned_date(start, end, interval, timing, billing_day):
    """Day a period is invoiced: in advance, the billing day of its first
    month (not before the period starts); in arrears, the billing day of the
    month after its calendar period."""
    cal_start, cal_end = calendar_period(start, interval)
    if timing == "arrears":
        after = cal_end + timedelta(days=1)
        return _on_day(after.year, after.month, billing_day)
    return max(_on_day(cal_start.year, cal_start.month, billing_day), start)
