from odoo import api, fields, models, tools

from ..models.cx_recovery_playbook import TRIGGERS
from ..tools import recovery as rec_tools
from ..tools.recovery import STAGES


class CxRecoveryReport(models.Model):
    """Recovery KPIs, one row per case (SQL view) for pivot and graph.

    Counts and costs are sums; percentages are 0/100 per case with NULL where they do
    not apply, so their average over any group is the group's rate.
    """

    _name = "cx.recovery.report"
    _description = "Recovery KPIs"
    _auto = False
    _order = "date_start desc"
    _rec_name = "case_id"

    case_id = fields.Many2one("cx.recovery.case", readonly=True)
    date_start = fields.Datetime(string="Start", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    playbook_id = fields.Many2one("cx.recovery.playbook", readonly=True)
    root_cause_id = fields.Many2one(
        "cx.recovery.root.cause.tag", string="Root cause", readonly=True
    )
    advisor_id = fields.Many2one("res.users", string="Service advisor", readonly=True)
    owner_id = fields.Many2one("res.users", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    origin_type = fields.Selection(TRIGGERS, string="Origin", readonly=True)
    stage = fields.Selection(STAGES, readonly=True)
    case_count = fields.Integer(string="Cases", readonly=True, aggregator="sum")
    first_contact_hours = fields.Float(
        string="Time to first contact (h)", readonly=True, aggregator="avg"
    )
    contacted_count = fields.Integer(
        string="Contacted", readonly=True, aggregator="sum"
    )
    steps_done = fields.Integer(string="Steps done", readonly=True, aggregator="sum")
    steps_on_time = fields.Integer(
        string="Steps on time", readonly=True, aggregator="sum"
    )
    resurveyed_count = fields.Integer(
        string="Re-surveyed", readonly=True, aggregator="sum"
    )
    to_passive_pct = fields.Float(
        string="Detractor -> passive (%)", readonly=True, aggregator="avg"
    )
    to_promoter_pct = fields.Float(
        string="Detractor -> promoter (%)", readonly=True, aggregator="avg"
    )
    recovered_count = fields.Integer(
        string="Recovered", readonly=True, aggregator="sum"
    )
    compensation_cost = fields.Monetary(
        string="Total compensation", readonly=True, aggregator="sum"
    )
    compensation_avg = fields.Monetary(
        string="Average compensation", readonly=True, aggregator="avg"
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT
                    c.id AS id,
                    c.id AS case_id,
                    c.date_start,
                    c.partner_id,
                    c.playbook_id,
                    c.main_root_cause_id AS root_cause_id,
                    c.advisor_id,
                    c.owner_id,
                    c.company_id,
                    comp.currency_id,
                    c.origin_type,
                    c.stage,
                    1 AS case_count,
                    CASE WHEN c.date_first_contact IS NOT NULL
                        THEN c.first_contact_hours END AS first_contact_hours,
                    CASE WHEN c.date_first_contact IS NOT NULL THEN 1 ELSE 0 END
                        AS contacted_count,
                    COALESCE(c.steps_done_count, 0) AS steps_done,
                    COALESCE(c.steps_on_time_count, 0) AS steps_on_time,
                    CASE WHEN c.resurvey_category IS NOT NULL THEN 1 ELSE 0 END
                        AS resurveyed_count,
                    CASE WHEN c.resurvey_category IS NULL THEN NULL
                        WHEN c.resurvey_category = 'passive' THEN 100.0 ELSE 0.0 END
                        AS to_passive_pct,
                    CASE WHEN c.resurvey_category IS NULL THEN NULL
                        WHEN c.resurvey_category = 'promoter' THEN 100.0 ELSE 0.0 END
                        AS to_promoter_pct,
                    CASE WHEN c.stage = 'recovered' THEN 1 ELSE 0 END
                        AS recovered_count,
                    COALESCE(c.compensation_total, 0) AS compensation_cost,
                    COALESCE(c.compensation_total, 0) AS compensation_avg
                FROM cx_recovery_case c
                JOIN res_company comp ON comp.id = c.company_id
            )
            """
        )

    @api.model
    def _cx_kpis(self, domain=None):
        """Pooled KPIs over the cases of ``domain`` plus the company's reference values.

        Keys: cases, first_contact_hours, sla_compliance, resurveyed, to_passive_pct,
        to_promoter_pct, recovered, total_cost, avg_cost, cost_per_recovered,
        ref_first_contact_hours, ref_passive_pct, ref_promoter_pct, ref_cost.
        """
        self.env["cx.recovery.case"].flush_model()
        rows = self.search_read(
            domain or [],
            [
                "first_contact_hours",
                "contacted_count",
                "steps_done",
                "steps_on_time",
                "resurveyed_count",
                "to_passive_pct",
                "to_promoter_pct",
                "recovered_count",
                "compensation_cost",
                "stage",
            ],
        )
        values = rec_tools.kpis(
            [
                {
                    "first_contact_hours": row["first_contact_hours"]
                    if row["contacted_count"]
                    else None,
                    "steps_done": row["steps_done"],
                    "steps_on_time": row["steps_on_time"],
                    "closed": row["stage"] in rec_tools.CLOSED_STAGES,
                    "resurvey_category": (
                        "passive"
                        if row["to_passive_pct"]
                        else "promoter"
                        if row["to_promoter_pct"]
                        else "detractor"
                        if row["resurveyed_count"]
                        else None
                    ),
                    "recovered": bool(row["recovered_count"]),
                    "cost": row["compensation_cost"],
                }
                for row in rows
            ]
        )
        company = self.env.company
        values.update(
            {
                "ref_first_contact_hours": company.cx_nps_detractor_hours,
                "ref_passive_pct": company.cx_recovery_ref_passive_pct,
                "ref_promoter_pct": company.cx_recovery_ref_promoter_pct,
                "ref_cost": company.cx_recovery_ref_cost,
                "currency": company.currency_id,
            }
        )
        return values
