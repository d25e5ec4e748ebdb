"""Ritual dates: anniversaries (29 February), lead times and odometer projection.

Plain functions, no database (seed 000: 仪式感设计).
"""

import calendar
import math
from datetime import date, timedelta


def anniversary(day, year):
    """``day``'s anniversary in ``year``; 29 February falls on 28 February otherwise."""
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


def next_anniversary(day, today):
    """First anniversary of ``day`` on or after ``today`` (never ``day`` itself)."""
    year = max(today.year, day.year + 1)
    occurrence = anniversary(day, year)
    if occurrence < today:
        occurrence = anniversary(day, year + 1)
    return occurrence


def due_within(due, today, lead_days):
    """True when ``due`` is today or in the next ``lead_days`` days."""
    return today <= due <= today + timedelta(days=max(lead_days or 0, 0))


def km_per_day(readings, last=5, min_readings=2, min_days=7):
    """Average km per day over the ``last`` readings ``[(date, value), ...]``.

    None when there are too few readings (fewer than ``min_readings`` or spanning fewer
    than ``min_days`` days) or the odometer did not move: we skip, we do not guess.
    """
    readings = sorted(readings)[-last:]
    if len(readings) < min_readings:
        return None
    (first_date, first_value), (last_date, last_value) = readings[0], readings[-1]
    days = (last_date - first_date).days
    if days < min_days or last_value <= first_value:
        return None
    return (last_value - first_value) / days


def crossing_date(readings, threshold):
    """Date of the first reading at or beyond ``threshold``, None if not reached yet."""
    for reading_date, value in sorted(readings):
        if value >= threshold:
            return reading_date
    return None


def projected_date(readings, threshold, **kwargs):
    """Date the odometer reaches ``threshold``: the crossing reading when already
    reached, else projected from :func:`km_per_day`; None when it cannot be told."""
    crossed = crossing_date(readings, threshold)
    if crossed:
        return crossed
    rate = km_per_day(readings, **kwargs)
    if not rate:
        return None
    last_date, last_value = sorted(readings)[-1]
    return last_date + timedelta(days=math.ceil((threshold - last_value) / rate))
