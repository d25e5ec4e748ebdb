"""Quiet hours: no automatic message reaches a customer at night.

Plain functions, no database; hours are floats of the local day (21.5 = 21:30).
"""

from datetime import datetime, time, timedelta

# The company settings' defaults: nothing is sent between 21:00 and 08:00.
DEFAULT_START = 21.0
DEFAULT_END = 8.0


def quiet_until(local, start, end):
    """The local datetime the quiet hours ``[start, end)`` that ``local`` (a naive
    local datetime) falls in end, or None when ``local`` is outside them. The hours
    may span midnight; ``start == end``: no quiet hours."""
    if start == end:
        return None
    hour = local.hour + local.minute / 60 + local.second / 3600
    day = local.date()
    if start < end:
        if not start <= hour < end:
            return None
    elif hour >= start:
        day += timedelta(days=1)
    elif hour >= end:
        return None
    hours, minutes = divmod(round(end * 60), 60)
    return datetime.combine(day, time(hours, minutes))
