"""The benchmarks: each pairs the ORM path the product uses with hand-written SQL.

Every scenario takes the ``Harness`` and calls ``compare`` (ORM vs SQL, results
checked equal before timing), ``measure`` (ORM only, queries are the point) or
``missing`` (the feature is not installed in this build).
"""

import collections
import contextlib
import datetime as dt
from unittest import mock

from common import say
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


# ---------------------------------------------------------------------- tiers (issue 5)
def _has(env, model, method):
    return model in env and hasattr(type(env[model]), method)


def tier_recompute(h):
    """Tier recompute of every customer vs one SQL aggregation of the same figures.

    Compared: the spend and visits over the longest tier window the recompute stores
    (``cx_rfm_monetary``/``cx_rfm_frequency``) against the single aggregation.
    """
    env, cr = h.env, h.cr
    op = "Tier recompute, all customers"
    if not (_has(env, "cx.tier.run", "_cx_recompute_tiers") and "cx.tier" in env):
        return h.missing(op)
    Run = env["cx.tier.run"]
    today = dt.date.today()
    tiers = env["cx.tier"]._cx_active_tiers()
    years = sorted({tier.window_years for tier in tiers}) or [1]
    longest = years[-1]
    starts = [_years_ago(today, y) for y in years]
    cr.execute("SELECT count(*) FROM res_partner WHERE active")
    n = cr.fetchone()[0]

    def orm():
        Run._cx_recompute_tiers(today=today)

    def yesterday():
        Run._cx_recompute_tiers(today=today - dt.timedelta(days=1))

    def check():
        key = str(env.company.id)  # company-dependent figures: this company's
        cr.execute(
            "SELECT id, (cx_rfm_monetary->>%s)::float, (cx_rfm_frequency->>%s)::int"
            " FROM res_partner WHERE (cx_rfm_frequency->>%s)::int > 0",
            [key, key, key],
        )
        return {pid: (round(float(m or 0), 2), f) for pid, m, f in cr.fetchall()}

    def sql():
        columns = ", ".join(
            f"SUM(s.amount) FILTER (WHERE s.date > %(d{i})s), "
            f"COUNT(*) FILTER (WHERE s.date > %(d{i})s)"
            for i in range(len(starts))
        )
        params = {f"d{i}": start for i, start in enumerate(starts)}
        params["today"] = today
        # tiers are per company: the figures of this company's visits
        params["company"] = env.company.id
        cr.execute(
            f"""
            SELECT COALESCE(s.purchaser_id, v.driver_id), {columns}
              FROM fleet_vehicle_log_services s
              JOIN fleet_vehicle v ON v.id = s.vehicle_id
             WHERE s.state = 'done' AND s.active IS NOT FALSE AND s.date <= %(today)s
               AND COALESCE(s.company_id, v.company_id) = %(company)s
          GROUP BY 1
            """,
            params,
        )
        last = 2 * years.index(longest)
        return {
            row[0]: (round(float(row[1 + last] or 0), 2), row[2 + last])
            for row in cr.fetchall()
            if row[0] and row[2 + last]
        }

    # First run: every customer gets a tier (history, chatter note, activities);
    # reported without a goal, the goal is the daily cron's.
    h.compare(
        op + " (first run)",
        n,
        orm,
        sql,
        writes=True,
        check=check,
        runs=h.heavy_runs,
    )
    # The daily run: tiers computed yesterday; today's run writes the customers whose
    # windows moved (visits sliding out of a window, a new last visit) and logs the
    # tier movements that follow.
    out = h.compare(
        op + " (daily, tiers set yesterday)",
        n,
        orm,
        sql,
        goal=1.5,
        writes=True,
        setup=yesterday,
        check=check,
        runs=h.heavy_runs,
    )
    if out.agree:
        # jsonb per company: compared whole, as text
        figures = (
            "SELECT id, cx_tier_id::text, cx_tier_advisor_id::text,"
            " cx_annual_spend::text, cx_ltv::text, cx_last_visit_date::text,"
            " cx_rfm_frequency::text, cx_rfm_monetary::text FROM res_partner"
        )
        cr.execute("SAVEPOINT cx_bench_moved")
        try:
            yesterday()
            h.env.flush_all()
            cr.execute(figures)
            before = set(cr.fetchall())
            orm()
            h.env.flush_all()
            cr.execute(figures)
            out.note = f"{len(set(cr.fetchall()) - before):,} customers rewritten"
        finally:
            cr.execute("ROLLBACK TO SAVEPOINT cx_bench_moved")
            h._reset()


def _years_ago(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February, as relativedelta does
        return day.replace(year=day.year - years, day=28)


# ---------------------------------------------------------------------- rituals (issue 5)
ANNIVERSARY_FUNCTIONS = """
CREATE OR REPLACE FUNCTION pg_temp.cx_anniversary(day date, yr int) RETURNS date AS $$
    SELECT CASE WHEN EXTRACT(MONTH FROM day) = 2 AND EXTRACT(DAY FROM day) = 29
                 AND NOT (mod(yr, 4) = 0 AND (mod(yr, 100) <> 0 OR mod(yr, 400) = 0))
           THEN make_date(yr, 2, 28)
           ELSE make_date(yr, EXTRACT(MONTH FROM day)::int, EXTRACT(DAY FROM day)::int)
           END
$$ LANGUAGE sql IMMUTABLE;
CREATE OR REPLACE FUNCTION pg_temp.cx_next_anniversary(day date, today date)
RETURNS date AS $$
    SELECT CASE WHEN pg_temp.cx_anniversary(day, y) < today
                THEN pg_temp.cx_anniversary(day, y + 1)
                ELSE pg_temp.cx_anniversary(day, y) END
      FROM (SELECT GREATEST(EXTRACT(YEAR FROM today), EXTRACT(YEAR FROM day) + 1)::int
                   AS y) years
$$ LANGUAGE sql IMMUTABLE;
"""
"""Anniversaries for the reference, written apart from ``tools.rituals`` (which adds
years to the date): make_date with an explicit leap-year test (29 February -> 28)."""


RITUAL_SQL = {
    "birthday": """
        SELECT p.id, NULL::int, NULL::int,
               pg_temp.cx_next_anniversary(p.cx_birthday, %(today)s) AS due
          FROM res_partner p WHERE p.active AND p.cx_birthday IS NOT NULL
    """,
    "family_birthday": """
        SELECT m.partner_id, NULL::int, m.id,
               pg_temp.cx_next_anniversary(m.birthday, %(today)s) AS due
          FROM cx_family_member m WHERE m.birthday IS NOT NULL
    """,
    "purchase_anniversary": """
        SELECT v.driver_id, v.id, NULL::int,
               pg_temp.cx_next_anniversary(v.acquisition_date, %(today)s) AS due
          FROM fleet_vehicle v
         WHERE v.active AND v.driver_id IS NOT NULL AND v.acquisition_date IS NOT NULL
    """,
}


def ritual_candidates_sql(cr, types, today, lookback=30):
    """{(type, partner, vehicle, member, occasion, due)} the detection should plan."""
    found = set()
    for rtype in types:
        trigger, lead = rtype.trigger, max(rtype.lead_days or 0, 0)
        params = {
            "today": today,
            "horizon": today + dt.timedelta(days=lead),
        }
        if trigger in RITUAL_SQL:
            query = RITUAL_SQL[trigger]
            cr.execute(
                f"SELECT * FROM ({query}) c"
                " WHERE c.due BETWEEN %(today)s AND %(horizon)s",
                params,
            )
            found.update(
                (rtype.id, p, v or 0, m or 0, str(due.year), due)
                for p, v, m, due in cr.fetchall()
            )
        elif trigger == "first_service":
            params["since"] = today - dt.timedelta(days=max(lookback, lead))
            cr.execute(
                """
                SELECT v.driver_id, v.id, f.first
                  FROM (SELECT vehicle_id, MIN(date) AS first
                          FROM fleet_vehicle_log_services
                         WHERE state = 'done' AND active AND date <= %(today)s
                      GROUP BY vehicle_id) f
                  JOIN fleet_vehicle v ON v.id = f.vehicle_id
                 WHERE f.first >= %(since)s AND v.driver_id IS NOT NULL
                """,
                params,
            )
            found.update(
                (rtype.id, p, v, 0, "first", first) for p, v, first in cr.fetchall()
            )
        elif trigger == "odometer":
            threshold = rtype.odometer_threshold
            params.update(
                threshold=threshold, since=today - dt.timedelta(days=lookback)
            )
            # written apart from tools.rituals.odometer_due_sql (window functions):
            # one aggregation per vehicle, its last five readings as arrays
            cr.execute(
                """
                WITH per AS (
                    SELECT o.vehicle_id,
                           MIN(o.date) FILTER (WHERE o.value >= %(threshold)s)
                               AS crossed,
                           (array_agg(o.date ORDER BY o.date DESC, o.value DESC))[1:5]
                               AS ds,
                           (array_agg(o.value::float8
                                      ORDER BY o.date DESC, o.value DESC))[1:5] AS vs
                      FROM fleet_vehicle_odometer o
                     WHERE o.date IS NOT NULL
                  GROUP BY o.vehicle_id
                ), due AS (
                    SELECT vehicle_id, COALESCE(crossed, CASE
                        WHEN cardinality(ds) >= 2
                             AND ds[1] - ds[cardinality(ds)] >= 7
                             AND vs[1] > vs[cardinality(vs)]
                        THEN ds[1] + CEIL((%(threshold)s - vs[1])
                             / ((vs[1] - vs[cardinality(vs)])
                                / (ds[1] - ds[cardinality(ds)])))::int
                        END) AS due
                      FROM per
                )
                SELECT v.driver_id, v.id, due.due
                  FROM due JOIN fleet_vehicle v ON v.id = due.vehicle_id
                 WHERE v.active AND v.driver_id IS NOT NULL
                   AND due.due BETWEEN %(since)s AND %(horizon)s
                """,
                params,
            )
            found.update(
                (rtype.id, p, v, 0, str(threshold), due) for p, v, due in cr.fetchall()
            )
        else:
            raise ValueError(f"no SQL twin for ritual trigger {trigger!r}")
    return found


def _halve(cr):
    """Take every other generated customer out of scope (in a savepoint): what hangs
    off them is deleted, their visits, vehicles and themselves archived (deleting a
    million visits checks each referencing table row by row)."""
    cr.execute(
        "CREATE TEMP TABLE cx_bench_gone ON COMMIT DROP AS SELECT id FROM res_partner"
        " WHERE email LIKE 'customer%@example.cn' AND id % 2 = 0"
    )
    cr.execute(
        "CREATE TEMP TABLE cx_bench_gone_v ON COMMIT DROP AS SELECT id FROM"
        " fleet_vehicle WHERE driver_id IN (SELECT id FROM cx_bench_gone)"
    )
    statements = [
        "DELETE FROM cx_nps_response WHERE partner_id IN (SELECT id FROM cx_bench_gone)",
        "DELETE FROM cx_contact_log WHERE partner_id IN (SELECT id FROM cx_bench_gone)",
        "DELETE FROM helpdesk_ticket WHERE partner_id IN (SELECT id FROM cx_bench_gone)",
        "DELETE FROM cx_journey WHERE partner_id IN (SELECT id FROM cx_bench_gone)",
        "UPDATE fleet_vehicle_log_services SET active = FALSE"
        " WHERE vehicle_id IN (SELECT id FROM cx_bench_gone_v)",
        "UPDATE fleet_vehicle SET active = FALSE"
        " WHERE id IN (SELECT id FROM cx_bench_gone_v)",
        "DELETE FROM cx_family_member WHERE partner_id IN (SELECT id FROM cx_bench_gone)",
        "UPDATE res_partner SET active = FALSE WHERE id IN (SELECT id FROM cx_bench_gone)",
    ]
    for statement in statements:
        cr.execute(statement)
    cr.execute("ANALYZE")


@contextlib.contextmanager
def query_kinds():
    """Count the queries run in the block by kind: ``writes`` are the ORM's batched
    INSERT/UPDATE statements (up to 100 rows each, so they follow the number of rows
    written), ``other`` everything else."""
    from odoo import sql_db

    kinds = collections.Counter()
    execute = sql_db.Cursor.execute

    def counting(self, query, params=None, log_exceptions=True):
        text = query.code if hasattr(query, "code") else str(query)
        head = text.lstrip()[:7].upper()
        kinds["writes" if head.startswith(("INSERT", "UPDATE")) else "other"] += 1
        return execute(self, query, params, log_exceptions)

    with mock.patch.object(sql_db.Cursor, "execute", counting):
        yield kinds


def _kinds(h, fn, setup=None, half=False):
    """Query kinds of ``fn`` alone (after ``setup``), with all or half the customers
    (in a savepoint), with the advisors given new ritual activities and the greetings
    sent (the mail engine subscribes each advisor once, renders 50 mails a batch)."""
    cr = h.cr
    kinds = collections.Counter()

    def counted():
        cr.execute("SELECT COALESCE(MAX(id), 0) FROM cx_ritual")
        start = cr.fetchone()[0]
        with query_kinds() as seen:
            fn()
            h.env.flush_all()
        kinds.update(seen)
        cr.execute(
            "SELECT COUNT(DISTINCT user_id) FILTER (WHERE id > %s AND activity_id IS"
            " NOT NULL), COUNT(*) FILTER (WHERE contact_state = 'sent') FROM cx_ritual",
            [start],
        )
        kinds["advisors"], kinds["greetings"] = cr.fetchone()

    cr.execute("SAVEPOINT cx_bench_half")
    try:
        if half:
            _halve(cr)
            h.env.invalidate_all(flush=False)
        h._once(counted, True, setup)
        return kinds
    finally:
        cr.execute("ROLLBACK TO SAVEPOINT cx_bench_half")
        cr.execute("DROP TABLE IF EXISTS cx_bench_gone, cx_bench_gone_v")
        h.env.invalidate_all(flush=False)


def _cron_at_two_sizes(h, op, n, fn, setup=None):
    """Measure ``fn`` at n, count its queries by kind at n and n/2: the queries other
    than the ORM's row batches must not follow the number of customers."""
    out = h.measure(op, n, fn, writes=True, setup=setup, runs=1)
    full = _kinds(h, fn, setup)
    half = _kinds(h, fn, setup, half=True)

    def part(k):
        return (
            f"{k['other']} + {k['writes']} row-batch writes ({k['advisors']} advisors,"
            f" {k['greetings']:,} greetings)"
        )

    # Odoo's mail engine subscribes each advisor given activities once (about 4
    # queries) and renders greetings 50 at a time (about 8 queries a batch): allowed;
    # anything more between the two sizes is work per customer or per ritual.
    allowance = (
        2
        + 4 * max(full["advisors"] - half["advisors"], 0)
        + 8 * max(-(-full["greetings"] // 50) - -(-half["greetings"] // 50), 0)
    )
    grows = full["other"] - half["other"] > allowance
    out.note = f"{part(full)} at n, {part(half)} at n/2" + (
        " — grows with n" if grows else ""
    )
    say(f"  {out.note}")
    return out


def ritual_detection(h):
    """Ritual detection: planned occurrences through the ORM vs the same rules in SQL,
    and the cron's query count at two sizes (must not grow with n)."""
    env, cr = h.env, h.cr
    op = "Ritual detection"
    if not _has(env, "cx.ritual", "_cx_detect"):
        return h.missing(op)
    Ritual = env["cx.ritual"]
    today = dt.date.today()
    types = env["cx.ritual.type"].sudo().search([])
    cr.execute(ANNIVERSARY_FUNCTIONS)
    cr.execute("SELECT count(*) FROM res_partner WHERE active")
    n = cr.fetchone()[0]

    def orm():
        Ritual._cx_detect(today=today)

    def check():
        cr.execute(
            "SELECT type_id, partner_id, COALESCE(vehicle_id, 0),"
            " COALESCE(family_member_id, 0), occasion, due_date FROM cx_ritual"
        )
        return set(cr.fetchall())

    out = h.compare(
        op,
        n,
        orm,
        lambda: ritual_candidates_sql(cr, types, today),
        goal=2.0,
        writes=True,
        check=check,
        runs=h.heavy_runs,
    )
    if out.agree:
        out.note = f"{out.count:,} occurrences"
    if _has(env, "cx.ritual", "_cron_cx_detect_rituals"):

        def cron():
            Ritual.with_context(tz=TZ)._cron_cx_detect_rituals()

        def yesterday():
            Ritual._cx_detect(today=today - dt.timedelta(days=1))

        # first run: every occurrence within its lead time is planned at once
        _cron_at_two_sizes(h, "Ritual cron, first run (detect + greetings)", n, cron)
        # daily: yesterday's rituals exist, today's run plans the day's new ones
        _cron_at_two_sizes(
            h, "Ritual cron, daily (detect + greetings)", n, cron, setup=yesterday
        )


# ---------------------------------------------------------------------- dispatch (issue 6)
def survey_dispatch(h):
    """Sending due NPS invitations with the fatigue checks: queries per invitation."""
    import inspect
    import math

    env, cr = h.env, h.cr
    op = "Survey dispatch (fatigue checks)"
    if not (
        _has(env, "cx.nps.invitation", "_cron_send_due")
        and _has(env, "cx.nps.invitation", "_cx_schedule_for_services")
    ):
        return h.missing(op)
    Invitation = env["cx.nps.invitation"]
    size = h.dispatch
    batch = (
        inspect.signature(type(Invitation)._cron_send_due)
        .parameters.get("batch_size", inspect.Parameter("b", 1, default=200))
        .default
    )
    counts = {}

    def setup():
        cr.execute(
            "SELECT s.id FROM fleet_vehicle_log_services s"
            " WHERE s.state = 'done' ORDER BY s.date DESC, s.id DESC LIMIT %s",
            [size],
        )
        services = env["fleet.vehicle.log.services"].browse(
            [row[0] for row in cr.fetchall()]
        )
        invitations = Invitation._cx_schedule_for_services(services)
        env.flush_all()
        cr.execute(
            "UPDATE cx_nps_invitation SET date_scheduled ="
            " (now() AT TIME ZONE 'UTC') - interval '1 hour' WHERE id = ANY(%s)",
            [invitations.ids],
        )
        counts["n"] = len(invitations)

    def run():
        for _i in range(math.ceil(counts.get("n", size) / batch)):
            Invitation._cron_send_due()

    def note(queries):
        n = counts.get("n") or 1
        return f"{queries / n:.1f} queries per invitation ({n:,} invitations)"

    out = h.measure(op, size, run, writes=True, setup=setup, runs=1, note=note)
    out.n = counts.get("n", size)


SCENARIOS = [
    ("nps", nps_by_advisor_month),
    ("spend", spend_visits_windows),
    ("tier", tier_recompute),
    ("ritual", ritual_detection),
    ("dispatch", survey_dispatch),
]
