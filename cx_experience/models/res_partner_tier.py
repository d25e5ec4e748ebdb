import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL, split_every

from ..tools import tiers as tier_rules

_logger = logging.getLogger(__name__)

STAFF = "cx_experience.group_cx_advisor"
TIER_FIELDS = [
    "cx_tier_id",
    "cx_tier_date",
    "cx_tier_advisor_id",
    "cx_annual_spend",
    "cx_ltv",
    "cx_rfm_recency_days",
    "cx_rfm_frequency",
    "cx_rfm_monetary",
]


class ResPartner(models.Model):
    """Customer tier, RFM and lifetime value (staff only), referrals and rituals."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    cx_tier_id = fields.Many2one(
        "cx.tier",
        string="Tier",
        readonly=True,
        index=True,
        ondelete="set null",
        groups=STAFF,
        help="Recomputed every day from the done visits; never shown to the customer.",
    )
    cx_tier_color = fields.Integer(related="cx_tier_id.color", groups=STAFF)
    cx_tier_date = fields.Datetime(
        string="Tier computed on", readonly=True, groups=STAFF
    )
    cx_tier_advisor_id = fields.Many2one(
        "res.users",
        string="Tier advisor",
        readonly=True,
        index=True,
        groups=STAFF,
        help="Advisor of the customer's last done visit (or the vehicle's manager).",
    )
    cx_annual_spend = fields.Float(
        string="Annual spend", readonly=True, groups=STAFF, aggregator="avg"
    )
    cx_ltv = fields.Float(
        string="Lifetime value",
        readonly=True,
        groups=STAFF,
        aggregator="avg",
        help="Annual spend x expected remaining years x referral coefficient.",
    )
    cx_rfm_recency_days = fields.Integer(
        string="Recency (days)",
        readonly=True,
        groups=STAFF,
        aggregator="avg",
        help="Days since the last done visit.",
    )
    cx_rfm_frequency = fields.Integer(
        string="Frequency (visits)",
        readonly=True,
        groups=STAFF,
        aggregator="avg",
        help="Done visits within the longest tier window.",
    )
    cx_rfm_monetary = fields.Float(
        string="Monetary",
        readonly=True,
        groups=STAFF,
        aggregator="avg",
        help="Spend of the done visits within the longest tier window.",
    )
    cx_referred_by_id = fields.Many2one(
        "res.partner",
        string="Referred by",
        index="btree_not_null",
        groups=STAFF,
        ondelete="set null",
        help="Customer who referred this one (counts in the referrer's lifetime value).",
    )
    cx_referral_count = fields.Integer(
        string="Referred customers", compute="_compute_cx_referral_count", groups=STAFF
    )
    cx_tier_history_ids = fields.One2many(
        "cx.tier.history", "partner_id", string="Tier movements", groups=STAFF
    )
    cx_ritual_ids = fields.One2many(
        "cx.ritual", "partner_id", string="Rituals", groups=STAFF
    )
    cx_ritual_count = fields.Integer(
        compute="_compute_cx_ritual_count", string="Planned rituals", groups=STAFF
    )

    def _compute_cx_referral_count(self):
        counts = dict(
            self._read_group(
                [("cx_referred_by_id", "in", self.ids)],
                ["cx_referred_by_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.cx_referral_count = counts.get(partner, 0)

    def _compute_cx_ritual_count(self):
        counts = dict(
            self.env["cx.ritual"]._read_group(
                [("partner_id", "in", self.ids), ("state", "=", "planned")],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.cx_ritual_count = counts.get(partner, 0)

    @api.constrains("cx_referred_by_id")
    def _check_cx_referred_by(self):
        for partner in self:
            if partner.cx_referred_by_id == partner:
                raise ValidationError(
                    self.env._("Referred by: a customer cannot refer themselves.")
                )

    # ------------------------------------------------------------------
    # Set-wise helpers
    # ------------------------------------------------------------------
    @api.model
    def _cx_service_customer_sql(self):
        """SQL of the done visits with their customer (purchaser, else driver)."""
        return SQL(
            """
            SELECT COALESCE(s.purchaser_id, v.driver_id) AS partner_id,
                   s.id, s.date, COALESCE(s.amount, 0) AS amount,
                   COALESCE(s.advisor_id, v.manager_id) AS advisor_id
              FROM fleet_vehicle_log_services s
              JOIN fleet_vehicle v ON v.id = s.vehicle_id
             WHERE s.state = 'done' AND s.active IS NOT FALSE
            """
        )

    @api.model
    def _cx_advisor_map(self, partner_ids):
        """{partner_id: advisor user id}: advisor of the last done visit, else the
        manager of one of the customer's vehicles. One query."""
        if not partner_ids:
            return {}
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT partner_id, (ARRAY_AGG(advisor_id ORDER BY prio, date DESC, id DESC))[1]
                  FROM (
                      SELECT partner_id, advisor_id, date, id, 0 AS prio
                        FROM (%(services)s) svc
                       WHERE advisor_id IS NOT NULL
                      UNION ALL
                      SELECT driver_id, manager_id, NULL, id, 1
                        FROM fleet_vehicle
                       WHERE manager_id IS NOT NULL AND active
                  ) x
                 WHERE partner_id = ANY(%(ids)s)
                 GROUP BY partner_id
                """,
                services=self._cx_service_customer_sql(),
                ids=list(partner_ids),
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _cx_tier_candidate_ids(self):
        """Customers to tier: drivers, customers of done visits, already tiered ones."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT x.partner_id FROM (
                    SELECT partner_id FROM (%s) svc
                    UNION SELECT driver_id FROM fleet_vehicle WHERE active
                    UNION SELECT id FROM res_partner WHERE cx_tier_id IS NOT NULL
                ) x
                JOIN res_partner p ON p.id = x.partner_id
                WHERE p.active
                ORDER BY x.partner_id
                """,
                self._cx_service_customer_sql(),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _cx_tier_stats(self, partner_ids, windows, today):
        """One query for a batch of customers.

        Returns ``{partner_id: {"windows": {years: (spend, visits)}, "last": date}}``.
        """
        windows = sorted(set(windows))
        columns = []
        for years in windows:
            start = today - relativedelta(years=years)
            columns.append(
                SQL(
                    "COALESCE(SUM(amount) FILTER (WHERE date > %(start)s), 0),"
                    " COUNT(*) FILTER (WHERE date > %(start)s)",
                    start=start,
                )
            )
        self.env.cr.execute(
            SQL(
                """
                SELECT partner_id, MAX(date)
                       %(columns)s
                  FROM (%(services)s) svc
                 WHERE partner_id = ANY(%(ids)s) AND date <= %(today)s
                 GROUP BY partner_id
                """,
                columns=SQL("").join(SQL(", %s", col) for col in columns),
                services=self._cx_service_customer_sql(),
                ids=list(partner_ids),
                today=today,
            )
        )
        stats = {}
        for row in self.env.cr.fetchall():
            partner_id, last = row[:2]
            values = row[2:]
            stats[partner_id] = {
                "last": last,
                "windows": {
                    years: (float(values[2 * i]), values[2 * i + 1])
                    for i, years in enumerate(windows)
                },
            }
        return stats

    # ------------------------------------------------------------------
    # Tier recompute
    # ------------------------------------------------------------------
    @api.model
    def _cron_cx_recompute_tiers(self, batch_size=1000):
        """Daily: recompute the tier, RFM and lifetime value of every customer."""
        self._cx_recompute_tiers(batch_size=batch_size, commit=True)

    def action_cx_recompute_tiers(self):
        """Manual recompute (managers): of ``self``, or of every customer."""
        if not self.env.user.has_group("cx_experience.group_cx_manager"):
            raise AccessError(self.env._("Only CX managers can recompute the tiers."))
        self.sudo()._cx_recompute_tiers(partner_ids=self.ids or None)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Customer tiers recomputed."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _cx_recompute_tiers(self, partner_ids=None, batch_size=1000, commit=False):
        """Recompute tiers set-wise, ``batch_size`` customers per SQL aggregation.

        With ``commit``, each batch is committed through the cron progress.
        """
        self = self.sudo()
        self.env.flush_all()
        tiers = self.env["cx.tier"]._cx_active_tiers()
        if not tiers:
            return 0
        ids = partner_ids or self._cx_tier_candidate_ids()
        done = 0
        for batch in split_every(batch_size, ids, list):
            self._cx_recompute_tier_batch(batch, tiers)
            done += len(batch)
            if commit:
                self.env["ir.cron"]._commit_progress(
                    len(batch), remaining=len(ids) - done
                )
        return done

    def _cx_recompute_tier_batch(self, partner_ids, tiers):
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        company = self.env.company
        rules = tiers._cx_rules()
        longest = max(rule.window_years for rule in rules)
        stats = self._cx_tier_stats(partner_ids, [r.window_years for r in rules], today)
        self.env.cr.execute(
            SQL(
                """
                SELECT cx_referred_by_id, COUNT(*) FROM res_partner
                 WHERE cx_referred_by_id = ANY(%s) AND active
                 GROUP BY cx_referred_by_id
                """,
                list(partner_ids),
            )
        )
        referrals = dict(self.env.cr.fetchall())
        advisors = self._cx_advisor_map(partner_ids)
        partners = self.browse(partner_ids)
        old_tiers = {p.id: p.cx_tier_id for p in partners}
        tier_by_id = {tier.id: tier for tier in tiers}
        rank = {tier.id: index for index, tier in enumerate(tiers)}
        vip = tiers[0]
        todo = self.env.ref("mail.mail_activity_data_todo").id
        partner_model_id = self.env["ir.model"]._get_id("res.partner")
        rows, history, bodies, activities = [], [], {}, []
        for partner in partners:
            stat = stats.get(partner.id, {"windows": {}, "last": None})
            new_tier = tier_by_id[tier_rules.evaluate(rules, stat["windows"])]
            spend, visits = stat["windows"].get(longest, (0.0, 0))
            annual = tier_rules.annual_spend(spend, longest)
            coefficient = tier_rules.referral_coefficient(
                referrals.get(partner.id, 0),
                company.cx_ltv_referral_step,
                company.cx_ltv_referral_cap,
            )
            ltv = tier_rules.lifetime_value(
                annual, company.cx_ltv_expected_years, coefficient
            )
            recency = tier_rules.recency_days(stat["last"], today)
            rows.append(
                (
                    partner.id,
                    new_tier.id,
                    advisors.get(partner.id),
                    annual,
                    ltv,
                    recency,
                    visits,
                    spend,
                )
            )
            old = old_tiers[partner.id]
            if old == new_tier:
                continue
            direction = (
                "new"
                if not old
                else ("up" if rank[new_tier.id] < rank.get(old.id, 99) else "down")
            )
            history.append(
                {
                    "partner_id": partner.id,
                    "company_id": partner.company_id.id or company.id,
                    "date": now,
                    "old_tier_id": old.id,
                    "new_tier_id": new_tier.id,
                    "direction": direction,
                    "advisor_id": advisors.get(partner.id),
                    "ltv": ltv,
                }
            )
            bodies[partner.id] = self.env._(
                "Tier changed: %(old)s → %(new)s (annual spend %(spend).0f, "
                "%(visits)s visits, lifetime value %(ltv).0f).",
                old=old.name or self.env._("none"),
                new=new_tier.name,
                spend=annual,
                visits=visits,
                ltv=ltv,
            )
            up_to_vip = new_tier == vip and direction in ("up", "new")
            if advisors.get(partner.id) and (up_to_vip or direction == "down"):
                activities.append(
                    {
                        "res_model_id": partner_model_id,
                        "res_id": partner.id,
                        "activity_type_id": todo,
                        "user_id": advisors.get(partner.id),
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
                        "note": bodies[partner.id],
                    }
                )
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET cx_tier_id = v.tier_id, cx_tier_advisor_id = v.advisor_id,
                       cx_annual_spend = v.annual, cx_ltv = v.ltv,
                       cx_rfm_recency_days = v.recency, cx_rfm_frequency = v.visits,
                       cx_rfm_monetary = v.spend, cx_tier_date = %(now)s
                  FROM (VALUES %(rows)s) AS v(id, tier_id, advisor_id, annual, ltv,
                                             recency, visits, spend)
                 WHERE p.id = v.id
                """,
                now=now,
                rows=SQL(", ").join(
                    SQL(
                        "(%s::int, %s::int, %s::int, %s::float, %s::float, %s::int,"
                        " %s::int, %s::float)",
                        *row,
                    )
                    for row in rows
                ),
            )
        )
        self.invalidate_model(TIER_FIELDS)
        if history:
            self.env["cx.tier.history"].create(history)
            changed = self.browse(list(bodies))
            changed._message_log_batch(bodies=bodies)
        if activities:
            self.env["mail.activity"].with_context(
                mail_activity_quick_update=True
            ).create(activities)

    # ------------------------------------------------------------------
    # Briefing and actions
    # ------------------------------------------------------------------
    def _cx_briefing_sections(self, service=None):
        sections = super()._cx_briefing_sections(service=service)
        if not self.env.user.has_group(STAFF):
            return sections
        partner = self.sudo()
        if partner.cx_tier_id:
            lines = [
                self.env._(
                    "%(tier)s — lifetime value %(ltv).0f, %(visits)s visits, last visit "
                    "%(days)s days ago",
                    tier=partner.cx_tier_id.name,
                    ltv=partner.cx_ltv,
                    visits=partner.cx_rfm_frequency,
                    days=partner.cx_rfm_recency_days,
                )
            ]
            lines += partner.cx_tier_id.benefit_ids.mapped("name")
            sections.append(
                {
                    "key": "cx_tier",
                    "sequence": 15,
                    "title": self.env._("Tier (staff only)"),
                    "lines": lines,
                }
            )
        today = fields.Date.context_today(self)
        rituals = self.env["cx.ritual"].search(
            [
                ("partner_id", "=", self.id),
                ("state", "=", "planned"),
                ("due_date", "<=", today + relativedelta(days=60)),
            ],
            order="due_date",
        )
        if rituals:
            sections.append(
                {
                    "key": "cx_rituals",
                    "sequence": 40,
                    "title": self.env._("Upcoming rituals"),
                    "lines": [
                        " — ".join(
                            filter(
                                None,
                                [
                                    fields.Date.to_string(ritual.due_date),
                                    ritual.name,
                                    ritual.gift_note,
                                ],
                            )
                        )
                        for ritual in rituals
                    ],
                }
            )
        return sections

    def action_cx_rituals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cx_experience.cx_ritual_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
