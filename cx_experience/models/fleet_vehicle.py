from datetime import timedelta

from odoo import api, fields, models

from ..tools import lifecycle
from .res_partner import LIFECYCLE_STAGES

# A churn-risk node not followed up within this many days is left alone (old vehicles
# at install time must not flood advisors with activities).
CHURN_NODE_WINDOW_DAYS = 30

# Fields of a vehicle that move its driver's tier figures (customer of the visits
# without purchaser, advisor fallback, tier of a driver without visits).
TIER_FIELDS = {"driver_id", "manager_id", "active"}


class FleetVehicle(models.Model):
    """The vehicle: lifecycle, churn-risk nodes; flags its driver for the daily tier
    recompute when it changes."""

    _inherit = "fleet.vehicle"

    driver_id = fields.Many2one(index="btree_not_null")

    cx_lifecycle_stage = fields.Selection(
        LIFECYCLE_STAGES,
        string="Lifecycle stage",
        compute="_compute_cx_lifecycle_stage",
        store=True,
        index=True,
        help="Purchase (first week after acquisition), break-in (until 6 months), "
        "stable (6 months to 3 years), decline (3 years and more). Recomputed daily.",
    )
    cx_lifecycle_next_date = fields.Date(
        string="Next lifecycle change",
        compute="_compute_cx_lifecycle_stage",
        store=True,
        index=True,
    )
    cx_churn_delivery = fields.Boolean(
        string="Churn risk: first week after delivery",
        readonly=True,
        copy=False,
        groups="cx_experience.group_cx_advisor",
    )
    cx_churn_first_service = fields.Boolean(
        string="Churn risk: first month after first service",
        readonly=True,
        copy=False,
        groups="cx_experience.group_cx_advisor",
    )
    cx_churn_first_failure = fields.Boolean(
        string="Churn risk: first failure",
        readonly=True,
        copy=False,
        groups="cx_experience.group_cx_advisor",
    )

    @api.depends("acquisition_date")
    def _compute_cx_lifecycle_stage(self):
        today = fields.Date.context_today(self)
        for vehicle in self:
            vehicle.cx_lifecycle_stage = lifecycle.stage(
                vehicle.acquisition_date, today
            )
            vehicle.cx_lifecycle_next_date = lifecycle.next_change(
                vehicle.acquisition_date, today
            )

    @api.model
    def _cx_update_lifecycle(self, limit=None):
        """Recompute the lifecycle of the vehicles whose stage changes today (set-wise).

        Returns ``(processed, remaining)``: vehicles updated by this batch, and those
        still to do.
        """
        today = fields.Date.context_today(self)
        domain = [
            ("cx_lifecycle_next_date", "!=", False),
            ("cx_lifecycle_next_date", "<=", today),
        ]
        Vehicle = self.with_context(active_test=False)
        vehicles = Vehicle.search(domain, limit=limit)
        if vehicles:
            self.env.add_to_compute(self._fields["cx_lifecycle_stage"], vehicles)
            self.env.add_to_compute(self._fields["cx_lifecycle_next_date"], vehicles)
            vehicles.flush_recordset(["cx_lifecycle_stage", "cx_lifecycle_next_date"])
            partners = vehicles.driver_id
            self.env.add_to_compute(
                self.env["res.partner"]._fields["cx_lifecycle_stage"], partners
            )
            partners.flush_recordset(["cx_lifecycle_stage"])
        remaining = Vehicle.search_count(domain) if limit and vehicles else 0
        return len(vehicles), remaining

    @api.model
    def _cron_cx_lifecycle(self, batch=500):
        """Daily: lifecycle stages that move (in committed batches), then churn risks."""
        while True:
            processed, remaining = self._cx_update_lifecycle(limit=batch)
            self.env["ir.cron"]._commit_progress(processed, remaining=remaining)
            if not remaining:
                break
        flagged = self._cx_flag_churn_risks()
        self.env["ir.cron"]._commit_progress(len(flagged))

    def _cx_churn_activity(self, summary, note):
        """Schedule a churn-risk follow-up call on each vehicle of ``self``."""
        activity_type = self.env.ref(
            "cx_experience.mail_activity_type_cx_churn_follow_up"
        )
        for vehicle in self:
            user = vehicle.manager_id or self.env.user
            vehicle.activity_schedule(
                activity_type_id=activity_type.id,
                summary=summary,
                note=note,
                user_id=user.id,
                date_deadline=fields.Date.context_today(self),
            )

    @api.model
    def _cx_flag_churn_risks(self):
        """Flag the churn-risk nodes reached today and schedule their follow-ups.

        Idempotent: each node is flagged once per vehicle.
        """
        today = fields.Date.context_today(self)
        window = timedelta(days=CHURN_NODE_WINDOW_DAYS)
        Vehicle = self.sudo()
        week = timedelta(days=7)
        delivered = Vehicle.search(
            [
                ("cx_churn_delivery", "=", False),
                ("acquisition_date", "<=", today - week),
                ("acquisition_date", ">", today - week - window),
            ]
        )
        if delivered:
            delivered.write({"cx_churn_delivery": True})
            delivered._cx_churn_activity(
                self.env._("Churn risk: one week after delivery"),
                self.env._(
                    "Call the customer: how is the new car? Any question about its features?"
                ),
            )
        month = timedelta(days=30)
        groups = (
            self.env["fleet.vehicle.log.services"]
            .sudo()
            ._read_group(
                [
                    ("state", "=", "done"),
                    ("vehicle_id.cx_churn_first_service", "=", False),
                    ("date", "!=", False),
                ],
                ["vehicle_id"],
                ["date:min"],
            )
        )
        first_served = Vehicle.browse(
            vehicle.id
            for vehicle, first in groups
            if today - month - window < first <= today - month
        )
        if first_served:
            first_served.write({"cx_churn_first_service": True})
            first_served._cx_churn_activity(
                self.env._("Churn risk: one month after the first service"),
                self.env._(
                    "Call the customer: is the car running well since its first service?"
                ),
            )
        return delivered | first_served

    # ------------------------------------------------------------------ tiers
    @api.model_create_multi
    def create(self, vals_list):
        vehicles = super().create(vals_list)
        self.env["res.partner"]._cx_mark_tier_dirty(
            vehicles.sudo().mapped("driver_id.id")
        )
        return vehicles

    def write(self, vals):
        if not TIER_FIELDS & set(vals):
            return super().write(vals)
        before = set(self.sudo().mapped("driver_id.id"))
        res = super().write(vals)
        self.env["res.partner"]._cx_mark_tier_dirty(
            before | set(self.sudo().mapped("driver_id.id"))
        )
        return res
