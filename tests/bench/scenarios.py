"""The benchmarks: each pairs the ORM path the product uses with hand-written SQL.

Every scenario takes the ``Harness`` and calls ``compare`` (ORM vs SQL, results
checked equal before timing), ``measure`` (ORM only, queries are the point) or
``missing`` (the feature is not installed in this build).
"""

import datetime as dt

from generate import TZ

WINDOWS = (365, 730, 1825)  # days: 12, 24 and 60 months of visits


def _manager_env(env):
    manager = env["res.users"].search([("login", "=", "bench_manager")], limit=1)
    companies = env["res.company"].search([])
    return env(
        user=manager or env.user,
        context=dict(env.context, allowed_company_ids=companies.ids, tz=TZ),
    ), companies


def _month(value):
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _num(value):
    return None if value is None else round(float(value), 6)


# ---------------------------------------------------------------------- NPS report
def nps_by_advisor_month(h):
    """NPS by advisor x month, as the NPS pivot/report reads it (manager, all shops)."""
    env, companies = _manager_env(h.env)
    Response = env["cx.nps.response"]
    cr = h.cr
    cr.execute("SELECT count(*) FROM cx_nps_response")
    n = cr.fetchone()[0]

    def orm():
        return [
            (advisor.id or None, _month(month), _num(avg), count)
            for advisor, month, avg, count in Response._read_group(
                [], ["advisor_id", "date:month"], ["nps_value:avg", "__count"]
            )
        ]

    def sql():
        cr.execute(
            """
            SELECT advisor_id,
                   date_trunc('month', timezone(%s, timezone('UTC', date)))::date,
                   AVG(nps_value), COUNT(*)
              FROM cx_nps_response
             WHERE company_id = ANY(%s)
          GROUP BY 1, 2
          ORDER BY 1, 2
            """,
            [TZ, companies.ids],
        )
        return [(a, m, _num(avg), c) for a, m, avg, c in cr.fetchall()]

    def normalize(rows):
        return {(a, m): (avg, c) for a, m, avg, c in rows}

    h.compare("NPS by advisor x month", n, orm, sql, goal=1.2, normalize=normalize)


# ---------------------------------------------------------------------- spend/visits
SPEND_SQL = """
    SELECT purchaser_id,
           SUM(amount) FILTER (WHERE date > %(d0)s), COUNT(*) FILTER (WHERE date > %(d0)s),
           SUM(amount) FILTER (WHERE date > %(d1)s), COUNT(*) FILTER (WHERE date > %(d1)s),
           SUM(amount) FILTER (WHERE date > %(d2)s), COUNT(*) FILTER (WHERE date > %(d2)s)
      FROM fleet_vehicle_log_services
     WHERE state = 'done' AND active AND purchaser_id IS NOT NULL
       AND date > %(d2)s AND date <= %(today)s
  GROUP BY purchaser_id
"""


def spend_windows_sql(cr, today):
    """{customer id: (spend, visits) per window} in one aggregation (tier SQL side)."""
    params = {f"d{i}": today - dt.timedelta(days=d) for i, d in enumerate(WINDOWS)}
    params["today"] = today
    cr.execute(SPEND_SQL, params)
    return {
        row[0]: tuple(
            round(float(v or 0), 2) if i % 2 == 0 else int(v or 0)
            for i, v in enumerate(row[1:])
        )
        for row in cr.fetchall()
    }


def spend_visits_windows(h):
    """Spend and visits per customer over 12/24/60 months: ORM read_groups vs SQL."""
    env, cr = h.env, h.cr
    today = dt.date.today()
    Service = env["fleet.vehicle.log.services"]
    cr.execute("SELECT count(*) FROM fleet_vehicle_log_services")
    n = cr.fetchone()[0]

    def orm():
        figures = {}
        for index, days in enumerate(WINDOWS):
            groups = Service._read_group(
                [
                    ("state", "=", "done"),
                    ("purchaser_id", "!=", False),
                    ("date", ">", today - dt.timedelta(days=days)),
                    ("date", "<=", today),
                ],
                ["purchaser_id"],
                ["amount:sum", "__count"],
            )
            for partner, amount, count in groups:
                row = figures.setdefault(partner.id, [0.0, 0] * len(WINDOWS))
                row[2 * index] = round(float(amount or 0), 2)
                row[2 * index + 1] = count
        return {pid: tuple(row) for pid, row in figures.items()}

    h.compare(
        "Spend/visits per customer, 3 windows",
        n,
        orm,
        lambda: spend_windows_sql(cr, today),
    )


SCENARIOS = [
    ("nps", nps_by_advisor_month),
    ("spend", spend_visits_windows),
]
