"""Ritual date rules: anniversaries (29 February), lead times and odometer projection.

The one implementation of each rule, as SQL expressions the daily detection runs over
every customer at once (seed 000: 仪式感设计). No database access here: the builders
return ``odoo.tools.SQL``; their tests evaluate them in PostgreSQL.
"""

from datetime import timedelta

from odoo.tools import SQL

# Odometer projection: the km per day of the last readings, only when there are
# enough of them over enough days and the odometer moved; we skip, we do not guess.
LAST_READINGS = 5
MIN_READINGS = 2
MIN_DAYS = 7


def horizon(today, lead_days):
    """Last due date planned on ``today`` with ``lead_days`` of lead time."""
    return today + timedelta(days=max(lead_days or 0, 0))


def next_anniversary_sql(column, today):
    """SQL date of the first anniversary of the date ``column`` on or after
    ``today``, never the date itself. 29 February falls on 28 February in other
    years (PostgreSQL adds years to a date that way)."""
    years = SQL("GREATEST(1, %s - EXTRACT(YEAR FROM %s)::int)", today.year, column)
    this = SQL("(%s + make_interval(years => %s))::date", column, years)
    after = SQL("(%s + make_interval(years => %s + 1))::date", column, years)
    return SQL("(CASE WHEN %s < %s THEN %s ELSE %s END)", this, today, after, this)


def odometer_due_sql(readings, threshold):
    """SQL ``(vehicle_id, due)`` of ``readings`` (SQL of rows ``vehicle_id, date,
    value``): the date of the first reading at or beyond ``threshold``, else the
    date projected from the km per day of the last :data:`LAST_READINGS` readings
    (NULL when it cannot be told)."""
    return SQL(
        """
        WITH r AS (
            SELECT rd.vehicle_id, rd.date, rd.value::float8 AS value,
                   ROW_NUMBER() OVER (PARTITION BY rd.vehicle_id
                                      ORDER BY rd.date DESC, rd.value DESC) AS rn,
                   COUNT(*) OVER (PARTITION BY rd.vehicle_id) AS cnt
              FROM (%(readings)s) rd(vehicle_id, date, value)
             WHERE rd.date IS NOT NULL
        ), per_vehicle AS (
            SELECT vehicle_id,
                   MIN(date) FILTER (WHERE value >= %(threshold)s) AS crossed,
                   MAX(date) FILTER (WHERE rn = 1) AS last_date,
                   MAX(value) FILTER (WHERE rn = 1) AS last_value,
                   MAX(date) FILTER (WHERE rn = LEAST(cnt, %(last)s)) AS first_date,
                   MAX(value) FILTER (WHERE rn = LEAST(cnt, %(last)s)) AS first_value,
                   MAX(cnt) AS cnt
              FROM r GROUP BY vehicle_id
        )
        SELECT vehicle_id, COALESCE(crossed, CASE
            WHEN cnt >= %(min_readings)s AND last_date - first_date >= %(min_days)s
                 AND last_value > first_value
            THEN last_date + CEIL((%(threshold)s - last_value)
                 / ((last_value - first_value) / (last_date - first_date)))::int
            END) AS due
          FROM per_vehicle
        """,
        readings=readings,
        threshold=threshold,
        last=LAST_READINGS,
        min_readings=MIN_READINGS,
        min_days=MIN_DAYS,
    )
