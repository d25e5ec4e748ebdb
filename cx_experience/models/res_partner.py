import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from ..actions import related_action, set_counts
from ..tools import lifecycle, quiet_hours
from ..tools import tiers as tier_rules

STAFF = "cx_experience.group_cx_advisor"

LIFECYCLE_STAGES = [
    ("purchase", "Purchase"),
    ("break_in", "Break-in"),
    ("stable", "Stable"),
    ("decline", "Decline"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    cx_do_not_disturb = fields.Boolean(
        string="Do not disturb",
        groups="cx_experience.group_cx_advisor",
        tracking=True,
        help="No survey, ritual or other proactive CX contact is sent to this customer. "
        "Set by a CX manager on the customer's request (an advisor would otherwise "
        "be able to suppress the surveys that rate them).",
    )
    cx_preferred_channel_id = fields.Many2one(
        "cx.channel",
        string="Preferred contact channel",
        groups="cx_experience.group_cx_advisor",
        ondelete="set null",
        help="Surveys and greetings go out on it when it has an automatic sender, "
        "else on the first channel that reaches the customer (the contact log says "
        "why).",
    )
    cx_birthday = fields.Date(
        string="Birthday", groups="cx_experience.group_cx_advisor"
    )
    cx_family_member_ids = fields.One2many(
        "cx.family.member",
        "partner_id",
        string="Family members",
        groups="cx_experience.group_cx_advisor",
    )
    cx_journey_ids = fields.One2many(
        "cx.journey",
        "partner_id",
        string="Journeys",
        groups="cx_experience.group_cx_advisor",
    )
    cx_journey_count = fields.Integer(
        compute="_compute_cx_journey_count", groups="cx_experience.group_cx_advisor"
    )
    # Preference profile (staff only), kept per dealer (company): what dealer A's
    # advisors learnt stays with dealer A
    cx_drink = fields.Char(
        string="Drink",
        company_dependent=True,
        groups="cx_experience.group_cx_advisor",
        help='What to offer in the lounge, e.g. "Americano, no sugar".',
    )
    cx_preferred_visit_time = fields.Char(
        string="Preferred visit time",
        company_dependent=True,
        groups="cx_experience.group_cx_advisor",
        help='E.g. "Saturday 9:00".',
    )
    cx_communication_style = fields.Selection(
        [
            ("talkative", "Talkative"),
            ("efficient", "Efficient"),
            ("cautious", "Cautious"),
        ],
        string="Communication style",
        company_dependent=True,
        groups="cx_experience.group_cx_advisor",
    )
    cx_tech_familiarity = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")],
        string="Tech familiarity",
        company_dependent=True,
        groups="cx_experience.group_cx_advisor",
    )
    cx_interests = fields.Char(
        string="Interests",
        company_dependent=True,
        groups="cx_experience.group_cx_advisor",
    )
    cx_last_topic = fields.Char(
        string="Last conversation topic",
        company_dependent=True,
        groups="cx_experience.group_cx_advisor",
    )
    cx_last_topic_date = fields.Date(
        string="Last topic date",
        company_dependent=True,
        groups="cx_experience.group_cx_advisor",
    )
    cx_lifestyle_tag_ids = fields.Many2many(
        "cx.lifestyle.tag",
        string="Lifestyle",
        groups="cx_experience.group_cx_advisor",
    )
    cx_profile_notes = fields.Text(
        string="Internal CX notes",
        company_dependent=True,
        groups="cx_experience.group_cx_advisor",
    )
    # Vehicles, visits, lifecycle
    cx_vehicle_ids = fields.One2many(
        "fleet.vehicle",
        "driver_id",
        string="Vehicles",
        groups="cx_experience.group_cx_advisor",
    )
    cx_vehicle_count = fields.Integer(
        compute="_compute_cx_vehicle_count", groups="cx_experience.group_cx_advisor"
    )
    cx_service_count = fields.Integer(
        string="Visits",
        compute="_compute_cx_service_count",
        groups="cx_experience.group_cx_advisor",
    )
    cx_lifecycle_stage = fields.Selection(
        LIFECYCLE_STAGES,
        string="Lifecycle stage",
        compute="_compute_cx_lifecycle_stage",
        store=True,
        groups="cx_experience.group_cx_advisor",
        help="Stage of the customer's newest vehicle: purchase (first week), break-in "
        "(until 6 months), stable (6 months to 3 years), decline (3 years and more).",
    )
    # Tier, RFM and lifetime value (staff only), recomputed by ``cx.tier.run``
    # Per dealer (company): each company of the group tiers the customer with its own
    # tiers, its own visits and its own LTV settings.
    cx_tier_id = fields.Many2one(
        "cx.tier",
        string="Tier",
        readonly=True,
        company_dependent=True,
        ondelete="set null",
        groups=STAFF,
        help="Recomputed every day from the done visits; never shown to the customer.",
    )
    cx_tier_color = fields.Integer(related="cx_tier_id.color", groups=STAFF)
    cx_tier_date = fields.Datetime(
        string="Tier computed on", readonly=True, company_dependent=True, groups=STAFF
    )
    cx_tier_advisor_id = fields.Many2one(
        "res.users",
        string="Tier advisor",
        readonly=True,
        company_dependent=True,
        groups=STAFF,
        help="Advisor of the customer's last done visit (or the vehicle's manager).",
    )
    cx_annual_spend = fields.Float(
        string="Annual spend",
        readonly=True,
        company_dependent=True,
        groups=STAFF,
        aggregator="avg",
    )
    cx_ltv = fields.Float(
        string="Lifetime value",
        readonly=True,
        company_dependent=True,
        groups=STAFF,
        aggregator="avg",
        help="Annual spend x expected remaining years x referral coefficient.",
    )
    cx_last_visit_date = fields.Date(
        string="Last visit",
        readonly=True,
        company_dependent=True,
        groups=STAFF,
        help="Date of the last done visit, as of the last tier recompute.",
    )
    cx_rfm_recency_days = fields.Integer(
        string="Recency (days)",
        compute="_compute_cx_rfm_recency_days",
        groups=STAFF,
        help="Days since the last done visit.",
    )
    cx_rfm_frequency = fields.Integer(
        string="Frequency (visits)",
        readonly=True,
        company_dependent=True,
        groups=STAFF,
        aggregator="avg",
        help="Done visits within the longest tier window.",
    )
    cx_rfm_monetary = fields.Float(
        string="Monetary",
        readonly=True,
        company_dependent=True,
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
    cx_tier_dirty = fields.Boolean(
        string="Tier to recompute",
        readonly=True,
        copy=False,
        groups=STAFF,
        help="A visit, vehicle or referral of this customer changed since the last "
        "tier recompute: the next daily run recomputes the customer.",
    )

    cx_tier_dirty_gen = fields.Integer(
        string="Tier flag generation",
        readonly=True,
        copy=False,
        default=0,
        groups=STAFF,
        help="Counts the changes that flagged the customer: the daily run clears the "
        "flag only when no change came after it read the customer.",
    )

    _cx_tier_dirty_idx = models.Index("(id) WHERE cx_tier_dirty")

    @api.constrains("cx_birthday")
    def _check_cx_birthday(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.cx_birthday and partner.cx_birthday > today:
                raise ValidationError(
                    self.env._(
                        "Birthday of %(name)s cannot be in the future.",
                        name=partner.display_name,
                    )
                )

    def _compute_cx_journey_count(self):
        set_counts(self, "cx_journey_count", "cx.journey", "partner_id")

    @api.depends("cx_vehicle_ids.cx_lifecycle_stage")
    def _compute_cx_lifecycle_stage(self):
        for partner in self:
            partner.cx_lifecycle_stage = lifecycle.latest(
                partner.sudo().cx_vehicle_ids.mapped("cx_lifecycle_stage")
            )

    def _compute_cx_vehicle_count(self):
        set_counts(self, "cx_vehicle_count", "fleet.vehicle", "driver_id")

    def _compute_cx_service_count(self):
        set_counts(
            self, "cx_service_count", "fleet.vehicle.log.services", "purchaser_id"
        )

    @api.depends("cx_last_visit_date")
    @api.depends_context("tz")
    def _compute_cx_rfm_recency_days(self):
        """Not stored: a stored count of days would rewrite every customer daily."""
        today = fields.Date.context_today(self)
        for partner in self:
            partner.cx_rfm_recency_days = (
                tier_rules.recency_days(partner.cx_last_visit_date, today) or 0
            )

    def _compute_cx_referral_count(self):
        set_counts(self, "cx_referral_count", "res.partner", "cx_referred_by_id")

    def _compute_cx_ritual_count(self):
        set_counts(
            self,
            "cx_ritual_count",
            "cx.ritual",
            "partner_id",
            domain=[("state", "=", "planned")],
        )

    @api.constrains("cx_referred_by_id")
    def _check_cx_referred_by(self):
        for partner in self:
            if partner.cx_referred_by_id == partner:
                raise ValidationError(
                    self.env._("Referred by: a customer cannot refer themselves.")
                )

    def _cx_quiet_until(self, when=None, company=None):
        """{partner id: UTC datetime} of the customers of ``self`` inside the quiet
        hours of ``company`` (else their own, else the user's) at ``when`` (now), in
        their time zone (else the company's): when the quiet hours end."""
        when = when or fields.Datetime.now()
        moment = pytz.utc.localize(when)
        result = {}
        for partner in self.sudo():
            own = company or partner.company_id or self.env.company
            try:
                tz = pytz.timezone(partner.tz or own.partner_id.tz or "UTC")
            except pytz.UnknownTimeZoneError:
                tz = pytz.utc
            local = moment.astimezone(tz).replace(tzinfo=None)
            end = quiet_hours.quiet_until(
                local, own.cx_quiet_hour_start, own.cx_quiet_hour_end
            )
            if end:
                result[partner.id] = (
                    tz.localize(end).astimezone(pytz.utc).replace(tzinfo=None)
                )
        return result

    def _cx_contact_allowed(self, kind, when=None, ignore_budget=False):
        """Customers of ``self`` that may receive a proactive CX contact of ``kind``.

        Returns ``(allowed_partners, {partner_id: reason})`` for the refused ones, set-wise:
        do-not-disturb, no contact data for the preferred channel is left to callers;
        the contact budget (company setting) counts ``cx.contact.log`` rows in the window.
        """
        Log = self.env["cx.contact.log"].sudo()
        refused = {}
        for partner in self.sudo().filtered("cx_do_not_disturb"):
            refused[partner.id] = self.env._("Do not disturb")
        if not ignore_budget:
            counts = Log._count_recent(
                self.filtered(lambda p: p.id not in refused), when
            )
            for partner in self.filtered(lambda p: p.id in counts):
                company = partner.company_id or self.env.company
                budget = company.cx_contact_budget
                if budget and counts[partner.id] >= budget:
                    refused[partner.id] = self.env._(
                        "Contact budget reached (%(count)s contacts in %(days)s days)",
                        count=counts[partner.id],
                        days=company.cx_contact_budget_days,
                    )
        return self.filtered(lambda p: p.id not in refused), refused

    def _cx_briefing_sections(self, service=None):
        """Sections of the pre-visit briefing of this customer (staff only).

        Each addon extends this (call super, append its sections): a list of dicts
        ``{"key": str, "sequence": int, "title": str, "lines": [str, ...]}`` rendered by
        the briefing card and its PDF in ``sequence`` order. ``service`` is the visit
        being prepared, if any.
        """
        self.ensure_one()
        # the profile kept by the visit's company (else the user's)
        partner = self.sudo().with_company(
            (service and service.company_id) or self.env.company
        )
        env = self.env
        sel = partner._fields
        sections = []
        # read as superuser, but only what the visit's company (or the user's
        # companies) may see: another dealer's vehicles and journeys stay there
        companies = (service and service.company_id) or env.companies

        def label(field, value):
            return dict(sel[field]._description_selection(env)).get(value, "")

        prefs = []
        if partner.cx_drink:
            prefs.append(env._("Drink: %(drink)s", drink=partner.cx_drink))
        if partner.cx_preferred_channel_id:
            prefs.append(
                env._(
                    "Preferred channel: %(channel)s",
                    channel=partner.cx_preferred_channel_id.name,
                )
            )
        if partner.cx_preferred_visit_time:
            prefs.append(
                env._(
                    "Preferred visit time: %(time)s",
                    time=partner.cx_preferred_visit_time,
                )
            )
        if partner.cx_tech_familiarity:
            prefs.append(
                env._(
                    "Tech familiarity: %(level)s",
                    level=label("cx_tech_familiarity", partner.cx_tech_familiarity),
                )
            )
        if partner.cx_interests:
            prefs.append(
                env._("Interests: %(interests)s", interests=partner.cx_interests)
            )
        if partner.cx_lifestyle_tag_ids:
            prefs.append(
                env._(
                    "Lifestyle: %(tags)s",
                    tags=", ".join(partner.cx_lifestyle_tag_ids.mapped("name")),
                )
            )
        if partner.cx_birthday:
            prefs.append(
                env._(
                    "Birthday: %(date)s",
                    date=fields.Date.to_string(partner.cx_birthday),
                )
            )
        if partner.cx_do_not_disturb:
            prefs.append(env._("Do not disturb: no proactive contact"))
        sections.append(
            {
                "key": "preferences",
                "sequence": 10,
                "title": env._("Preferences"),
                "lines": prefs,
            }
        )

        talk = []
        if partner.cx_communication_style:
            talk.append(
                env._(
                    "Communication style: %(style)s",
                    style=label(
                        "cx_communication_style", partner.cx_communication_style
                    ),
                )
            )
        if partner.cx_last_topic:
            talk.append(
                env._(
                    "Last topic: %(topic)s (%(date)s)",
                    topic=partner.cx_last_topic,
                    date=(
                        fields.Date.to_string(partner.cx_last_topic_date)
                        if partner.cx_last_topic_date
                        else "-"
                    ),
                )
            )
        sections.append(
            {
                "key": "conversation",
                "sequence": 20,
                "title": env._("Conversation"),
                "lines": talk,
            }
        )

        family = []
        for member in partner.cx_family_member_ids.filtered(
            lambda m: m.company_id in companies
        ):
            text = "%s (%s)" % (member.name, label_member(member))
            if member.birthday:
                text += " %s" % fields.Date.to_string(member.birthday)
            if member.notes:
                text += ": %s" % member.notes
            family.append(text)
        sections.append(
            {"key": "family", "sequence": 30, "title": env._("Family"), "lines": family}
        )

        vehicles = service.vehicle_id if service else partner.cx_vehicle_ids
        vehicles = vehicles.sudo().filtered(
            lambda v: not v.company_id or v.company_id in companies
        )
        life = []
        for vehicle in vehicles.sudo():
            if vehicle.cx_lifecycle_stage:
                life.append(
                    "%s: %s"
                    % (
                        vehicle.display_name,
                        label_vehicle(vehicle),
                    )
                )
        if not life and partner.cx_lifecycle_stage:
            life.append(label("cx_lifecycle_stage", partner.cx_lifecycle_stage))
        sections.append(
            {
                "key": "lifecycle",
                "sequence": 40,
                "title": env._("Lifecycle"),
                "lines": life,
            }
        )

        Touchpoint = env["cx.touchpoint"].sudo()
        domain = [
            ("partner_id", "=", partner.id),
            ("pain_point", "!=", False),
            ("company_id", "in", companies.ids),
        ]
        if service:
            domain.append(("service_id", "!=", service.id))
        pains = [
            "%s %s: %s"
            % (
                fields.Date.to_string(tp.date),
                tp.stage_id.name,
                tp.pain_point,
            )
            for tp in Touchpoint.search(domain, order="date desc", limit=5)
        ]
        sections.append(
            {
                "key": "pain_points",
                "sequence": 50,
                "title": env._("Previous pain points"),
                "lines": pains,
            }
        )

        journeys = (
            env["cx.journey"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", partner.id),
                    ("state", "=", "open"),
                    ("company_id", "in", companies.ids),
                ],
                limit=5,
            )
        )
        if service:
            journeys = journeys.filtered(lambda j: j.service_id != service)
        sections.append(
            {
                "key": "open_journeys",
                "sequence": 60,
                "title": env._("Open journeys"),
                "lines": journeys.mapped("name"),
            }
        )
        sections += self._cx_briefing_tier_sections(service=service)
        return sections

    def _cx_briefing_tier_sections(self, service=None):
        """The staff-only sections: tier and upcoming rituals."""
        sections = []
        if not (self.env.su or self.env.user.has_group(STAFF)):
            return sections
        # the customer's tier at the visit's company (else the user's company)
        partner = self.sudo().with_company(
            (service and service.company_id) or self.env.company
        )
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

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("cx_do_not_disturb") for vals in vals_list):
            self._cx_check_dnd_access()
        partners = super().create(vals_list)
        # a new referral moves the referrer's lifetime value
        self._cx_mark_tier_dirty(partners.sudo().cx_referred_by_id.ids)
        return partners

    def write(self, vals):
        if "cx_do_not_disturb" in vals:
            self._cx_check_dnd_access()
        # referrals and archiving move the tiers of the customers concerned
        watched = {"cx_referred_by_id", "active"} & set(vals)
        before = set()
        if watched:
            before = set(self.sudo().cx_referred_by_id.ids)
            if "active" in vals:
                before |= set(self.ids)
        res = super().write(vals)
        if watched:
            self._cx_mark_tier_dirty(before | set(self.sudo().cx_referred_by_id.ids))
        return res

    @api.model
    def _cx_mark_tier_dirty(self, partner_ids, dirty=True):
        """Flag customers for the next daily tier recompute, or clear their flag
        (``dirty=False``): one query, no ORM. Each flag bumps the customer's
        generation, even when already flagged (see :meth:`_cx_clear_tier_dirty`)."""
        ids = sorted({pid for pid in partner_ids or () if pid})
        if not ids:
            return
        if dirty:
            query = SQL(
                "UPDATE res_partner SET cx_tier_dirty = TRUE,"
                " cx_tier_dirty_gen = COALESCE(cx_tier_dirty_gen, 0) + 1"
                " WHERE id = ANY(%s)",
                ids,
            )
        else:
            query = SQL(
                "UPDATE res_partner SET cx_tier_dirty = FALSE"
                " WHERE id = ANY(%s) AND cx_tier_dirty",
                ids,
            )
        self.env.cr.execute(query)
        self.invalidate_model(["cx_tier_dirty", "cx_tier_dirty_gen"])

    @api.model
    def _cx_clear_tier_dirty(self, generations):
        """Clear the flags the run has read, ``{partner id: generation}``: a customer
        flagged again since (a visit saved during the run) keeps the flag."""
        if not generations:
            return
        ids = list(generations)
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner p SET cx_tier_dirty = FALSE"
                "  FROM unnest(%s::int[], %s::int[]) AS v(id, gen)"
                " WHERE p.id = v.id AND p.cx_tier_dirty"
                "   AND COALESCE(p.cx_tier_dirty_gen, 0) = v.gen",
                ids,
                [generations[pid] for pid in ids],
            )
        )
        self.invalidate_model(["cx_tier_dirty"])

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
                      SELECT COALESCE(s.purchaser_id, v.driver_id) AS partner_id,
                             COALESCE(s.advisor_id, v.manager_id) AS advisor_id,
                             s.date, s.id, 0 AS prio
                        FROM fleet_vehicle_log_services s
                        JOIN fleet_vehicle v ON v.id = s.vehicle_id
                       WHERE s.state = 'done' AND s.active IS NOT FALSE
                         AND COALESCE(s.advisor_id, v.manager_id) IS NOT NULL
                         AND (s.purchaser_id = ANY(%(ids)s)
                              OR (s.purchaser_id IS NULL AND v.driver_id = ANY(%(ids)s)))
                      UNION ALL
                      SELECT driver_id, manager_id, NULL, id, 1
                        FROM fleet_vehicle
                       WHERE manager_id IS NOT NULL AND active
                         AND driver_id = ANY(%(ids)s)
                  ) x
                 GROUP BY partner_id
                """,
                ids=list(partner_ids),
            )
        )
        return dict(self.env.cr.fetchall())

    def action_cx_recompute_tiers(self):
        """Manual recompute (managers): of ``self``, or of every customer."""
        if not self.env.user.has_group("cx_experience.group_cx_manager"):
            raise AccessError(self.env._("Only CX managers can recompute the tiers."))
        self.env["cx.tier.run"].sudo()._cx_recompute_tiers(partner_ids=self.ids or None)
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
    def _cx_check_dnd_access(self):
        """Do-not-disturb stops surveys: CX managers set it (or the system, on the
        customer's own request through a sudo'ed route), never the advisor rated."""
        if self.env.su or self.env.user.has_group("cx_experience.group_cx_manager"):
            return
        raise AccessError(
            self.env._(
                "Do not disturb: only a customer-experience manager changes it, on "
                "the customer's request."
            )
        )

    @api.model
    def _cx_check_briefing_access(self):
        if not (
            self.env.su or self.env.user.has_group("cx_experience.group_cx_advisor")
        ):
            raise AccessError(
                self.env._(
                    "Pre-visit briefing: only customer-experience advisors and "
                    "managers can read a customer's profile."
                )
            )

    def _cx_briefing_sorted_sections(self, service=None):
        """Briefing sections of all addons, in display order, empty ones dropped.

        The sections read the profile as superuser: the caller must be CX staff,
        whatever door asks (card, PDF route, RPC)."""
        self._cx_check_briefing_access()
        sections = self._cx_briefing_sections(service=service)
        return sorted(
            (s for s in sections if s.get("lines")),
            key=lambda s: s.get("sequence", 100),
        )

    def action_cx_vehicles(self):
        action = related_action(self, "fleet.fleet_vehicle_action", "driver_id")
        return action

    def action_cx_services(self):
        action = related_action(
            self, "fleet.fleet_vehicle_log_services_action", "purchaser_id"
        )
        return action

    def action_cx_journeys(self):
        action = related_action(self, "cx_experience.cx_journey_action", "partner_id")
        return action

    def action_cx_rituals(self):
        action = related_action(self, "cx_experience.cx_ritual_action", "partner_id")
        return action


def label_member(member):
    """Translated relation of a family member."""
    return dict(member._fields["relation"]._description_selection(member.env)).get(
        member.relation, ""
    )


def label_vehicle(vehicle):
    """Translated lifecycle stage of a vehicle."""
    return dict(
        vehicle._fields["cx_lifecycle_stage"]._description_selection(vehicle.env)
    ).get(vehicle.cx_lifecycle_stage, "")
