import json
import logging
from datetime import timedelta
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ..tools import tiers as tier_rules

_logger = logging.getLogger(__name__)

# The daily run recomputes only the customers whose figures may have moved since the
# last run; every FULL_EVERY_DAYS days (or when the tiers or LTV settings change) it
# recomputes everyone. Its state (days, settings fingerprint) is kept in this parameter.
STATE_PARAM = "cx_experience.tier_recompute_state"
FULL_EVERY_DAYS = 7

STAFF = "cx_experience.group_cx_advisor"


class TierRow(NamedTuple):
    """One customer's row of :meth:`CxTierRun._cx_tier_rows_sql`, by name."""

    partner_id: int
    stored_tier_id: int
    stored_advisor_id: int
    stored_annual: float
    stored_ltv: float
    stored_last: object
    stored_visits: int
    stored_spend: float
    last_visit: object
    advisor_id: int
    referred: int
    windows: tuple  # (spend, visits) per window, shortest first

    @classmethod
    def from_sql(cls, row):
        """Name the columns of a fetched row (window pairs at the end)."""
        return cls(*row[:11], tuple(zip(row[11::2], row[12::2], strict=True)))

    def stored(self):
        """The figures stored for the company, in the order of the new ones."""
        return (
            self.stored_tier_id,
            self.stored_advisor_id,
            self.stored_annual,
            self.stored_ltv,
            self.stored_last,
            self.stored_visits,
            self.stored_spend,
        )


TIER_FIELDS = [
    "cx_tier_id",
    "cx_tier_date",
    "cx_tier_advisor_id",
    "cx_annual_spend",
    "cx_ltv",
    "cx_last_visit_date",
    "cx_rfm_recency_days",
    "cx_rfm_frequency",
    "cx_rfm_monetary",
]


def stored_figures_sql(key):
    """SQL of the tier figures a company (``key``: its id as text) stored on the
    customer ``p`` (company-dependent jsonb), as the ORM reads them (0 for numbers)."""

    def stored(name, cast, zero=False):
        value = SQL("(p.%s->>%s)::%s", SQL.identifier(name), key, SQL(cast))
        return SQL("COALESCE(%s, 0)", value) if zero else value

    return {
        "tier": stored("cx_tier_id", "int"),
        "advisor": stored("cx_tier_advisor_id", "int"),
        "annual": stored("cx_annual_spend", "float8", zero=True),
        "ltv": stored("cx_ltv", "float8", zero=True),
        "last": stored("cx_last_visit_date", "date"),
        "visits": stored("cx_rfm_frequency", "int", zero=True),
        "spend": stored("cx_rfm_monetary", "float8", zero=True),
    }


class CxTierRun(models.AbstractModel):
    """The daily tier run: tier, RFM and lifetime value of every customer, set-wise,
    company by company. The figures are fields of ``res.partner``."""

    _name = "cx.tier.run"
    _description = "Customer tier recompute"

    @api.model
    def _cron_cx_recompute_tiers(self, batch_size=1000):
        """Daily: recompute the tier, RFM and lifetime value of every customer."""
        self._cx_recompute_tiers(batch_size=batch_size, commit=True)

    @api.model
    def _cx_recompute_tiers(
        self,
        partner_ids=None,
        batch_size=1000,
        commit=False,
        today=None,
        companies=None,
    ):
        """Recompute tiers set-wise, company by company (each with its own tiers,
        visits and LTV settings): one SQL aggregation per company, then only the
        customers whose figures changed are written, ``batch_size`` at a time.

        Without ``partner_ids`` (the daily run), only the customers whose figures may
        have moved since the company's last run are aggregated
        (:meth:`_cx_tier_affected_sql`), unless a full recompute is due (first run,
        tiers or LTV settings changed, or ``FULL_EVERY_DAYS`` since the last full
        one). With ``commit``, each batch is committed through the cron progress.
        ``today`` (default: the user's today) is the day the windows end. Returns the
        number of customer figures recomputed (customers x companies).
        """
        self = self.sudo()
        self.env.flush_all()
        companies = companies or self.env["res.company"].search([])
        today = today or fields.Date.context_today(self)
        daily = partner_ids is None
        # the customers flagged before the run: every company recomputes them, the
        # flags are cleared once all companies are done, unless flagged again since
        generations = (
            dict(
                self.env.execute_query(
                    SQL(
                        "SELECT id, COALESCE(cx_tier_dirty_gen, 0) FROM res_partner"
                        " WHERE cx_tier_dirty"
                    )
                )
            )
            if daily
            else {}
        )
        dirty = list(generations)
        states = self._cx_tier_state() if daily else {}
        done = 0
        for company in companies:
            run = self.with_company(company)
            tiers = self.env["cx.tier"]._cx_active_tiers(company)
            if not tiers:
                continue
            state = states.get(str(company.id)) or {}
            done += run._cx_recompute_company_tiers(
                company, tiers, partner_ids, dirty, state, batch_size, commit, today
            )
            if daily:
                states[str(company.id)] = state
                self.env["ir.config_parameter"].set_param(
                    STATE_PARAM, json.dumps(states)
                )
        if daily:
            self.env["res.partner"]._cx_clear_tier_dirty(generations)
        return done

    def _cx_recompute_company_tiers(
        self, company, tiers, partner_ids, dirty, state, batch_size, commit, today
    ):
        """The recompute of one company (``self`` in that company); ``state`` (the
        company's last run) is updated in place on daily runs."""
        rules = tiers._cx_rules()
        windows = sorted({rule.window_years for rule in rules})
        daily = partner_ids is None
        initial = False
        if daily:
            fingerprint = self._cx_tier_fingerprint(tiers, company)
            # the company's first run ever (install): tier history only, no
            # advisor activity for each customer's first tier
            initial = not state.get("full")
            if self._cx_tier_incremental(state, fingerprint, today):
                since = fields.Date.to_date(state["day"])
                partner_ids = self.env.execute_query(
                    self._cx_tier_affected_sql(windows, since, today, company)
                )
                partner_ids = sorted({row[0] for row in partner_ids} | set(dirty))
                _logger.info(
                    "Tier recompute of %s since %s: %s customers to recompute",
                    company.name,
                    since,
                    len(partner_ids),
                )
            else:
                state.clear()
                state["full"] = fields.Date.to_string(today)
        self.env.cr.execute(
            self._cx_tier_rows_sql(windows, today, partner_ids, company)
        )
        rows = [TierRow.from_sql(row) for row in self.env.cr.fetchall()]
        done = 0
        for batch in split_every(batch_size, rows, list):
            self._cx_recompute_tier_batch(
                batch, tiers, windows, today, initial, company
            )
            done += len(batch)
            if commit:
                self.env["ir.cron"]._commit_progress(
                    len(batch), remaining=len(rows) - done
                )
        if daily:
            state.update(day=fields.Date.to_string(today), config=fingerprint)
        return done

    @api.model
    def _cx_tier_state(self):
        """{company id: {"day": last daily run, "full": last full run, "config":
        fingerprint}}."""
        raw = self.env["ir.config_parameter"].sudo().get_param(STATE_PARAM)
        try:
            state = json.loads(raw) if raw else {}
        except ValueError:
            state = {}
        if not isinstance(state, dict):
            return {}
        # one state per company; a state of before (one for all) means a full run
        return {
            key: value
            for key, value in state.items()
            if key.isdigit() and isinstance(value, dict)
        }

    @api.model
    def _cx_tier_fingerprint(self, tiers, company=None):
        """Text that changes whenever a tier rule or an LTV setting changes."""
        company = company or self.env.company
        return repr(
            (
                tiers._cx_rules(),
                company.cx_ltv_expected_years,
                company.cx_ltv_referral_step,
                company.cx_ltv_referral_cap,
            )
        )

    @api.model
    def _cx_tier_incremental(self, state, fingerprint, today):
        """True when the last run allows recomputing only the affected customers."""
        try:
            day = fields.Date.to_date(state.get("day"))
            full = fields.Date.to_date(state.get("full"))
        except (TypeError, ValueError):
            return False
        return bool(
            day
            and full
            and state.get("config") == fingerprint
            and full <= day <= today
            and today - full < timedelta(days=FULL_EVERY_DAYS)
        )

    @api.model
    def _cx_tier_affected_sql(self, windows, since, today, company=None):
        """Customers whose figures at ``company`` may differ between the runs of
        ``since`` and ``today``: flagged ones (:meth:`_cx_mark_tier_dirty`), and those
        of the company's done visits that left a window (dated between the window starts of both days) or that
        became past (dated after ``since``, up to ``today``)."""
        moved = SQL(" OR ").join(
            [SQL("(s.date > %s AND s.date <= %s)", since, today)]
            + [
                SQL(
                    "(s.date > %s AND s.date <= %s)",
                    since - relativedelta(years=years),
                    today - relativedelta(years=years),
                )
                for years in windows
            ]
        )
        return SQL(
            """
            SELECT id FROM res_partner WHERE cx_tier_dirty
             UNION
            SELECT COALESCE(s.purchaser_id, v.driver_id)
              FROM fleet_vehicle_log_services s
              JOIN fleet_vehicle v ON v.id = s.vehicle_id
             WHERE s.state = 'done' AND s.active IS NOT FALSE
               AND COALESCE(s.company_id, v.company_id) = %s
               AND COALESCE(s.purchaser_id, v.driver_id) IS NOT NULL AND (%s)
            """,
            (company or self.env.company).id,
            moved,
        )

    def _cx_recompute_tier_batch(
        self, rows, tiers, windows, today, initial=False, company=None
    ):
        """Write ``company``'s figures of the customers of ``rows`` (from
        :meth:`_cx_tier_rows_sql`) that changed; log the tier movements (``initial``:
        first assignments in the history only)."""
        now = fields.Datetime.now()
        company = company or self.env.company
        key = str(company.id)
        rules = tiers._cx_rules()
        longest = max(rule.window_years for rule in rules)
        step = company.cx_ltv_referral_step
        cap = company.cx_ltv_referral_cap
        expected = company.cx_ltv_expected_years
        tier_by_id = {tier.id: tier for tier in tiers}
        rank = {tier.id: index for index, tier in enumerate(tiers)}
        vip = tiers[0]
        changed, movements = [], []
        coefficients = {}  # referral coefficient per number of referred customers
        for row in rows:
            partner_id, old_tier_id, referred = (
                row.partner_id,
                row.stored_tier_id,
                row.referred,
            )
            stat = {
                years: (spend or 0.0, visits or 0)
                for years, (spend, visits) in zip(windows, row.windows, strict=True)
            }
            new_tier_id = tier_rules.evaluate(rules, stat)
            spend, visits = stat[longest]
            annual = tier_rules.annual_spend(spend, longest)
            coefficient = coefficients.get(referred)
            if coefficient is None:
                coefficient = coefficients[referred] = tier_rules.referral_coefficient(
                    referred, step, cap
                )
            ltv = tier_rules.lifetime_value(annual, expected, coefficient)
            new = (
                new_tier_id,
                row.advisor_id,
                annual,
                ltv,
                row.last_visit,
                visits,
                spend,
            )
            if new == row.stored():
                continue
            changed.append((partner_id, *new))
            if old_tier_id != new_tier_id:
                movements.append((partner_id, old_tier_id, *new))
        if not changed:
            return

        # Not through write(): each customer has its own figures (no grouping by
        # value), and write() would read and rewrite each company-dependent jsonb one
        # record at a time. One UPDATE sets this company's key of each jsonb and
        # skips the rows that did not change; the cache is invalidated below.
        def slot(name, value):
            return SQL(
                "%s = COALESCE(p.%s, '{}'::jsonb) || jsonb_build_object(%s, %s)",
                SQL.identifier(name),
                SQL.identifier(name),
                key,
                value,
            )

        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET %(set)s
                  FROM (VALUES %(rows)s) AS v(id, tier_id, advisor_id, annual, ltv,
                                             last, visits, spend)
                 WHERE p.id = v.id
                   AND (%(tier)s, %(advisor)s, %(annual)s, %(ltv)s, %(last)s,
                        %(visits)s, %(spend)s)
                       IS DISTINCT FROM
                       (v.tier_id, v.advisor_id, v.annual, v.ltv, v.last, v.visits,
                        v.spend)
                """,
                set=SQL(", ").join(
                    [
                        slot("cx_tier_id", SQL("v.tier_id")),
                        slot("cx_tier_advisor_id", SQL("v.advisor_id")),
                        slot("cx_annual_spend", SQL("v.annual")),
                        slot("cx_ltv", SQL("v.ltv")),
                        slot("cx_last_visit_date", SQL("v.last")),
                        slot("cx_rfm_frequency", SQL("v.visits")),
                        slot("cx_rfm_monetary", SQL("v.spend")),
                        slot(
                            "cx_tier_date",
                            SQL("%s::text", fields.Datetime.to_string(now)),
                        ),
                    ]
                ),
                **stored_figures_sql(key),
                rows=SQL(", ").join(
                    SQL(
                        "(%s::int, %s::int, %s::int, %s::float, %s::float, %s::date,"
                        " %s::int, %s::float)",
                        *row,
                    )
                    for row in changed
                ),
            )
        )
        self.env["res.partner"].invalidate_model(TIER_FIELDS)
        if not movements:
            return
        # one read of the moved customers (their name for the history and the
        # activities) instead of one per customer
        moved = self.env["res.partner"].browse([move[0] for move in movements])
        moved._fetch_field(moved._fields["name"])  # every prefetched column at once
        todo = self.env.ref("mail.mail_activity_data_todo").id
        history_model_id = self.env["ir.model"]._get_id("cx.tier.history")
        history, activities = [], []
        staff = set(self.env.ref(STAFF).sudo().all_user_ids.ids)
        for (
            partner_id,
            old_id,
            new_id,
            advisor_id,
            annual,
            ltv,
            _r,
            visits,
            _s,
        ) in movements:
            old = tier_by_id.get(old_id) or self.env["cx.tier"].browse(old_id)
            new_tier = tier_by_id[new_id]
            direction = (
                "new"
                if not old_id
                else ("up" if rank[new_id] < rank.get(old_id, 99) else "down")
            )
            history.append(
                {
                    "partner_id": partner_id,
                    "company_id": company.id,
                    "date": now,
                    "old_tier_id": old_id or False,
                    "new_tier_id": new_id,
                    "direction": direction,
                    "advisor_id": advisor_id,
                    "ltv": ltv,
                    "annual_spend": annual,
                    "visit_count": visits,
                }
            )
            body = self.env._(
                "Tier changed: %(old)s → %(new)s (annual spend %(spend).0f, "
                "%(visits)s visits, lifetime value %(ltv).0f).",
                old=old.name or self.env._("none"),
                new=new_tier.name,
                spend=annual,
                visits=visits,
                ltv=ltv,
            )
            up_to_vip = new_tier == vip and (
                direction == "up" or (direction == "new" and not initial)
            )
            # an advisor outside the CX groups may not read tiers: no activity
            if advisor_id in staff and (up_to_vip or direction == "down"):
                # the activity sits on the tier movement, readable by the CX groups
                # only (never on the contact, which every employee reads)
                activities.append(
                    {
                        "res_model_id": history_model_id,
                        "res_id": len(history) - 1,  # index, replaced by the id below
                        "activity_type_id": todo,
                        "user_id": advisor_id,
                        "date_deadline": today,
                        "summary": (
                            self.env._(
                                "Customer moved up to %(tier)s", tier=new_tier.name
                            )
                            if up_to_vip
                            else self.env._(
                                "Customer dropped to %(tier)s", tier=new_tier.name
                            )
                        ),
                        "note": body,
                    }
                )
        moves = (
            self.env["cx.tier.history"]
            .with_context(
                mail_create_nolog=True, mail_create_nosubscribe=True, mail_notrack=True
            )
            .create(history)
        )
        for activity in activities:
            activity["res_id"] = moves[activity["res_id"]].id
        if activities:
            self.env["mail.activity"].with_context(
                mail_activity_quick_update=True
            ).create(activities)

    @api.model
    def _cx_tier_rows_sql(self, windows, today, partner_ids=None, company=None):
        """One set-wise pass over ``company``'s done visits up to ``today``: per
        customer to tier, its figures stored for that company, last visit,
        spend/visits per window, advisor and referrals.

        Customers: those of the company's done visits, drivers of its active vehicles
        (or of vehicles of no company), customers it already tiered (or
        ``partner_ids``). Columns, named by :class:`TierRow`: id, tier, advisor,
        annual, ltv, last visit, frequency, monetary (stored), last visit, new
        advisor, referrals, then spend and visits per window (``windows`` sorted
        ascending). The advisor of the last
        visit is a max over (date, id, advisor), so PostgreSQL can hash-aggregate
        instead of sorting every visit.
        """
        columns = SQL("").join(
            SQL(
                ", COALESCE(SUM(s.amount) FILTER (WHERE s.date > %(start)s), 0)::float8,"
                " COUNT(*) FILTER (WHERE s.date > %(start)s)",
                start=today - relativedelta(years=years),
            )
            for years in windows
        )
        window_names = SQL("").join(
            SQL(", st.%s, st.%s", SQL.identifier(f"s{i}"), SQL.identifier(f"v{i}"))
            for i in range(len(windows))
        )
        aliases = SQL("").join(
            SQL(", %s, %s", SQL.identifier(f"s{i}"), SQL.identifier(f"v{i}"))
            for i in range(len(windows))
        )
        restrict = restrict_services = restrict_drivers = restrict_refs = SQL("")
        if partner_ids is not None:
            ids = list(partner_ids)
            restrict = SQL("AND p.id = ANY(%s)", ids)
            # the customers' visits through the purchaser and driver indexes
            restrict_services = SQL(
                """AND s.id IN (
                    SELECT id FROM fleet_vehicle_log_services
                     WHERE purchaser_id = ANY(%(ids)s)
                     UNION ALL
                    SELECT sv.id FROM fleet_vehicle_log_services sv
                      JOIN fleet_vehicle vv ON vv.id = sv.vehicle_id
                     WHERE vv.driver_id = ANY(%(ids)s) AND sv.purchaser_id IS NULL)""",
                ids=ids,
            )
            restrict_drivers = SQL("AND driver_id = ANY(%s)", ids)
            restrict_refs = SQL("AND cx_referred_by_id = ANY(%s)", ids)
        advisor = SQL("COALESCE(s.advisor_id, v.manager_id)")
        company = company or self.env.company
        return SQL(
            """
            WITH st(partner_id, last, advisor_id %(aliases)s) AS (
                SELECT COALESCE(s.purchaser_id, v.driver_id), MAX(s.date),
                       (MAX(ARRAY[s.date - DATE '2000-01-01', s.id, %(visit_advisor)s])
                            FILTER (WHERE %(visit_advisor)s IS NOT NULL))[3]
                       %(columns)s
                  FROM fleet_vehicle_log_services s
                  JOIN fleet_vehicle v ON v.id = s.vehicle_id
                 WHERE s.state = 'done' AND s.active IS NOT FALSE
                   AND COALESCE(s.company_id, v.company_id) = %(company)s
                   AND s.date <= %(today)s %(restrict_services)s
              GROUP BY 1
            ), drv AS (
                SELECT DISTINCT ON (driver_id) driver_id, manager_id
                  FROM fleet_vehicle
                 WHERE active AND driver_id IS NOT NULL %(restrict_drivers)s
                   AND (company_id = %(company)s OR company_id IS NULL)
              ORDER BY driver_id, manager_id IS NULL, id DESC
            ), refs AS (
                SELECT cx_referred_by_id AS partner_id, COUNT(*) AS referred
                  FROM res_partner
                 WHERE cx_referred_by_id IS NOT NULL AND active %(restrict_refs)s
              GROUP BY cx_referred_by_id
            )
            SELECT p.id, %(tier)s, %(advisor)s, %(annual)s, %(ltv)s,
                   %(last)s, %(visits)s, %(spend)s, st.last,
                   COALESCE(st.advisor_id, drv.manager_id),
                   COALESCE(refs.referred, 0) %(window_names)s
              FROM res_partner p
         LEFT JOIN st ON st.partner_id = p.id
         LEFT JOIN drv ON drv.driver_id = p.id
         LEFT JOIN refs ON refs.partner_id = p.id
             WHERE p.active %(restrict)s
               AND (st.partner_id IS NOT NULL OR drv.driver_id IS NOT NULL
                    OR %(tier)s IS NOT NULL)
          ORDER BY p.id
            """,
            company=company.id,
            **stored_figures_sql(str(company.id)),
            restrict_services=restrict_services,
            restrict_drivers=restrict_drivers,
            restrict_refs=restrict_refs,
            aliases=aliases,
            visit_advisor=advisor,
            today=today,
            columns=columns,
            window_names=window_names,
            restrict=restrict,
        )
