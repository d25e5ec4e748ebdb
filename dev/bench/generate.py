"""Deterministic synthetic dealer group for the scale benchmarks.

    python3 dev/runner.py bench generate --customers 10000 --seed 42 [--db NAME]

Creates a fresh database with our three addons installed, then fills it, per 1.0
customer: 1.5 vehicles (with their driver assignment and an odometer reading per visit),
10 visits (done services with amounts over 5 years), journeys for the visits of the last
180 days, 2.5 NPS responses (one survey contact log each), and a helpdesk ticket for
about a third of the detractors.

Reference records (dealerships, advisors, brands/models, service types) go through the
ORM. Bulk rows are written with COPY from *template rows*: one record of each kind is
created by the ORM inside a savepoint, its full row is read back and the savepoint is
rolled back; every generated row is that template with its own values (ids from the
table's sequence, foreign keys, dates, and the stored computed/related fields worked
out as the ORM computes them). ``validate()`` then reads a sample through the ORM and
recomputes the stored computed fields of a sample to prove it.
"""

import argparse
import datetime as dt
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    Progress,
    allocate_ids,
    copy_text,
    fmt,
    install_database,
    registry,
    say,
    template_row,
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国志文"
PROVINCES = "沪京粤苏浙川鲁豫鄂湘"
BRANDS = {
    "Volkswagen": ["Lavida", "Sagitar", "Tiguan L", "Passat"],
    "Toyota": ["Corolla", "Camry", "RAV4"],
    "Buick": ["Excelle", "GL8"],
    "BYD": ["Qin PLUS", "Song PLUS", "Han"],
    "Honda": ["Civic", "Accord", "CR-V"],
}
SERVICE_TYPES = [
    # name, weight, (min, max) amount in CNY
    ("Periodic maintenance", 60, (380, 1600)),
    ("Repair", 20, (500, 9000)),
    ("Tyres", 12, (800, 3600)),
    ("Body and paint", 8, (1200, 15000)),
]
ROOT_CAUSES = [
    "waiting_time",
    "price",
    "repair_quality",
    "communication",
    "cleanliness",
    "other",
]
REASONS = {
    "waiting_time": "Waited too long at the service desk",
    "price": "The bill was higher than quoted",
    "repair_quality": "The noise came back after the repair",
    "communication": "Nobody called me when the car was ready",
    "cleanliness": "The car was returned dirty",
    "other": "Not satisfied",
}
DEALERSHIPS = ["Shanghai Pudong", "Shanghai Minhang", "Suzhou Industrial Park"]
YEARS = 5
TZ = "Asia/Shanghai"
JOURNEY_DAYS = 180
CHUNK = 2000  # customers per COPY batch / commit


class Table:
    """Rows of one model built from the ORM's template row of that model."""

    def __init__(self, record):
        self.model = record._name
        self.table = record._table
        self.overridden = set()
        self.ids = []
        base = template_row(record)
        self.columns = list(base)
        self.index = {col: i for i, col in enumerate(self.columns)}
        # Pre-formatted COPY text: only the values a row overrides are formatted.
        self.base = [fmt(base[col]) for col in self.columns]
        self.rows = []

    def add(self, **values):
        row = list(self.base)
        index = self.index
        for col, value in values.items():
            row[index[col]] = fmt(value)
        self.rows.append(row)
        if not self.overridden.issuperset(values):
            self.overridden.update(values)
        if values.get("id"):
            self.ids.append(values["id"])

    def flush(self, cr):
        if self.rows:
            copy_text(cr, self.table, self.columns, self.rows)
            self.rows = []


class Generator:
    def __init__(self, env, customers, seed, today=None):
        self.env = env(
            context=dict(
                env.context,
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_notrack=True,
                no_reset_password=True,
            )
        )
        self.cr = env.cr
        self.n = customers
        self.seed = seed
        self.rng = random.Random(seed)
        self.today = today or dt.date.today()
        self.start = self.today - dt.timedelta(days=365 * YEARS)
        self.counts = {}

    # ------------------------------------------------------------------ reference data
    def setup_reference(self):
        env = self.env
        main = env.ref("base.main_company")
        main.name = f"{DEALERSHIPS[0]} dealership"
        self.companies = main | env["res.company"].create(
            [{"name": f"{name} dealership"} for name in DEALERSHIPS[1:]]
        )
        survey = env.ref("cx_experience_nps.survey_after_service_nps")
        # no quiet hours: the benchmark sends at whatever hour it runs
        self.companies.write(
            {
                "cx_nps_survey_id": survey.id,
                "cx_quiet_hour_start": 0.0,
                "cx_quiet_hour_end": 0.0,
            }
        )
        self.survey = survey
        group = env.ref("cx_experience.group_cx_advisor")
        n_adv = max(6, self.n // 500)
        self.advisors = {company.id: [] for company in self.companies}
        vals = []
        for i in range(n_adv):
            company = self.companies[i % len(self.companies)]
            vals.append(
                {
                    "name": f"Advisor {i + 1:04d}",
                    "login": f"bench_advisor_{i + 1:04d}",
                    "email": f"advisor{i + 1:04d}@dealer.example.com",
                    "company_id": company.id,
                    "company_ids": [(6, 0, [company.id])],
                    "group_ids": [(6, 0, [group.id, env.ref("base.group_user").id])],
                    "tz": TZ,
                }
            )
        for user in env["res.users"].create(vals):
            self.advisors[user.company_id.id].append(user.id)
        env["res.users"].create(
            {
                "name": "Group service manager",
                "login": "bench_manager",
                "email": "manager@dealer.example.com",
                "company_id": main.id,
                "company_ids": [(6, 0, self.companies.ids)],
                "group_ids": [(6, 0, [env.ref("cx_experience.group_cx_manager").id])],
                "tz": TZ,
            }
        )
        self.models = []
        for brand_name, model_names in BRANDS.items():
            brand = env["fleet.vehicle.model.brand"].create({"name": brand_name})
            for name in model_names:
                self.models.append(
                    env["fleet.vehicle.model"].create(
                        {"name": name, "brand_id": brand.id, "vehicle_type": "car"}
                    )
                )
        self.service_types = [
            (
                env["fleet.service.type"].create({"name": name, "category": "service"}),
                weight,
                amounts,
            )
            for name, weight, amounts in SERVICE_TYPES
        ]
        self.stage_new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        self.stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        env.flush_all()
        self.cr.commit()

    def make_templates(self):
        """One ORM-written row per kind, rolled back: the base of every bulk row."""
        env, cr = self.env, self.cr
        cr.execute("SAVEPOINT cx_bench_templates")
        company = self.companies[0]
        adv = env["res.users"].browse(self.advisors[company.id][0])
        channel = env["cx.channel"]._cx_get
        self.channels = [channel(code).id for code in ("phone", "sms", "wechat")]
        partner = env["res.partner"].create(
            {
                "name": "Template",
                "email": "t@example.cn",
                "phone": "+86 138 0000 0000",
                "cx_preferred_channel_id": self.channels[-1],
                "cx_birthday": "1980-01-01",
            }
        )
        self.t_partner = Table(partner)
        member = env["cx.family.member"].create(
            {"partner_id": partner.id, "name": "Template", "birthday": "2018-06-01"}
        )
        self.t_member = Table(member)
        self.t_vehicle = {}
        vehicle = None
        for model in self.models:
            vehicle = env["fleet.vehicle"].create(
                {
                    "model_id": model.id,
                    "license_plate": "TPL",
                    "driver_id": partner.id,
                    "manager_id": adv.id,
                    "company_id": company.id,
                    "acquisition_date": self.start,
                }
            )
            self.t_vehicle[model.id] = Table(vehicle)
        self.t_assign = Table(vehicle.log_drivers[:1])
        service = env["fleet.vehicle.log.services"].create(
            {
                "vehicle_id": vehicle.id,
                "service_type_id": self.service_types[0][0].id,
                "amount": 100.0,
                "state": "done",
                "date": self.today,
                "odometer": 1000.0,
                "description": "Template",
            }
        )
        self.t_service = Table(service)
        self.t_odometer = Table(service.odometer_id)
        # One template per state: stored figures may depend on it (SLA breaches).
        self.t_journey = {}
        for state in ("open", "done"):
            journey = env["cx.journey"].create(
                {
                    "partner_id": partner.id,
                    "vehicle_id": vehicle.id,
                    "service_id": service.id,
                    "advisor_id": adv.id,
                    "company_id": company.id,
                    "kind": "visit",
                    "state": state,
                }
            )
            self.t_journey[state] = Table(journey)
        response = env["cx.nps.response"].create(
            {
                "partner_id": partner.id,
                "vehicle_id": vehicle.id,
                "service_id": service.id,
                "journey_id": journey.id,
                "advisor_id": adv.id,
                "company_id": company.id,
                "survey_id": self.survey.id,
                "score": 9,
            }
        )
        self.t_response = Table(response)
        log = env["cx.contact.log"]._log(partner, "survey", records=response)
        self.t_log = Table(log)
        self.t_ticket = {}
        for stage in (self.stage_new, self.stage_done):
            ticket = env["helpdesk.ticket"].create(
                {
                    "name": "Template",
                    "description": "<p>Template</p>",
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "stage_id": stage.id,
                }
            )
            self.t_ticket[stage.id] = Table(ticket)
        cr.execute("ROLLBACK TO SAVEPOINT cx_bench_templates")
        env.invalidate_all(flush=False)
        env.transaction.clear()

    # ------------------------------------------------------------------ helpers
    def _name(self, rng):
        return rng.choice(SURNAMES) + "".join(
            rng.choice(GIVEN) for _i in range(rng.choice((1, 2)))
        )

    def _when(self, rng, day):
        """A datetime in opening hours on ``day``."""
        return dt.datetime.combine(day, dt.time(rng.randint(1, 9), rng.randint(0, 59)))

    def _score(self, rng):
        roll = rng.random()
        if roll < 0.58:
            return rng.choice((9, 10, 10))
        if roll < 0.84:
            return rng.choice((7, 8))
        return rng.randint(0, 6)

    # ------------------------------------------------------------------ data
    def run(self):
        t0 = time.perf_counter()
        say(f"Generating a dealer group of {self.n:,} customers (seed {self.seed})")
        self.setup_reference()
        self.make_templates()
        from odoo.addons.cx_experience_nps.tools import (
            nps as nps_tools,
        )

        self.nps_tools = nps_tools
        service_weights = [w for _t, w, _a in self.service_types]
        self.service_weights = service_weights
        bar = Progress("customers", self.n)
        for first in range(0, self.n, CHUNK):
            size = min(CHUNK, self.n - first)
            self._chunk(first, size)
            self.cr.commit()
            bar.update(size)
        bar.close()
        self.recompute_unfilled()
        self.touchpoints()
        self.recovery_cases()
        say("ANALYZE ...")
        self.cr.execute("ANALYZE")
        self.cr.commit()
        self.counts["seconds"] = round(time.perf_counter() - t0, 1)
        return self.counts

    def tables(self):
        return [
            self.t_partner,
            self.t_member,
            *self.t_vehicle.values(),
            self.t_assign,
            self.t_odometer,
            self.t_service,
            *self.t_journey.values(),
            self.t_response,
            self.t_log,
            *self.t_ticket.values(),
        ]

    def recompute_unfilled(self, batch=2000):
        """Recompute, through the ORM, the stored computed fields a bulk row may have
        wrong: those not filled by the generator whose dependencies start from a
        column it filled or from a one2many/many2many/non-stored field (e.g. figures
        other addons compute from a customer's vehicles and visits)."""
        env, cr = self.env, self.cr
        by_model = defaultdict(list)
        for table in self.tables():
            by_model[table.model].append(table)
        for model_name, tables in by_model.items():
            Model = env[model_name].with_context(active_test=False)
            filled = set().union(*(table.overridden for table in tables))
            todo = []
            for name, field in Model._fields.items():
                if not (field.store and (field.compute or field.related)):
                    continue
                if name in filled:
                    continue
                heads = {
                    path.split(".")[0] for path in env.registry.field_depends[field]
                }
                if any(
                    head in filled
                    or head not in Model._fields
                    or not Model._fields[head].store
                    or Model._fields[head].type in ("one2many", "many2many")
                    for head in heads
                ):
                    todo.append(field)
            ids = sorted(i for table in tables for i in table.ids)
            if not todo or not ids:
                continue
            names = [field.name for field in todo]
            bar = Progress(f"recompute {model_name}"[:22], len(ids))
            for first in range(0, len(ids), batch):
                records = Model.browse(ids[first : first + batch])
                for field in todo:
                    env.add_to_compute(field, records)
                records._recompute_recordset(names)
                env.flush_all()
                env.invalidate_all()
                cr.commit()
                bar.update(len(records))
            bar.close()
            self.counts.setdefault("recomputed", []).append(
                f"{model_name}: {', '.join(names)}"
            )

    def touchpoints(self, days=30, batch=1000):
        """Touchpoints of the journeys of the last ``days`` days through the ORM (their
        related/computed fields and the journeys' stored figures follow), when the
        journey feature is there."""
        env, cr = self.env, self.cr
        if "cx.touchpoint" not in env or "cx.touchpoint.stage" not in env:
            return
        stages = env["cx.touchpoint.stage"].search([])
        if not stages:
            return
        cr.execute(
            "SELECT id, date_start FROM cx_journey WHERE date_start > %s ORDER BY id",
            [self.today - dt.timedelta(days=days)],
        )
        journeys = cr.fetchall()
        rng = random.Random(f"{self.seed}-touchpoints")
        bar = Progress("touchpoints", len(journeys))
        Touchpoint = env["cx.touchpoint"]
        pains = ["Waited 40 minutes", "Bill higher than quoted", "Car not washed"]
        try:
            for first in range(0, len(journeys), batch):
                vals = []
                for jid, start in journeys[first : first + batch]:
                    picked = sorted(
                        rng.sample(list(stages), min(3, len(stages))),
                        key=lambda stage: stage.sequence,
                    )
                    for index, stage in enumerate(picked):
                        emotion = rng.randint(-3, 5)
                        vals.append(
                            {
                                "journey_id": jid,
                                "stage_id": stage.id,
                                "date": start + dt.timedelta(minutes=20 * index),
                                "emotion": emotion,
                                "pain_point": rng.choice(pains)
                                if emotion < 0
                                else False,
                            }
                        )
                Touchpoint.create(vals)
                env.flush_all()
                cr.commit()
                self._count("cx.touchpoint", len(vals))
                bar.update(len(journeys[first : first + batch]))
        except Exception as exc:
            cr.rollback()
            self.counts.setdefault("warnings", []).append(
                f"touchpoints not generated: {exc}"
            )
        bar.close()

    def recovery_cases(self, days=90, batch=500):
        """Recovery cases of the recent detractors, through the product's own entry
        point (playbook steps, rules, sequence) when the recovery feature is there."""
        env, cr = self.env, self.cr
        Case = env.get("cx.recovery.case")
        if Case is None or not hasattr(type(Case), "_cx_start_from_nps"):
            return
        cr.execute(
            "SELECT id FROM cx_nps_response WHERE category = 'detractor'"
            " AND date > %s ORDER BY date, id",
            [self.today - dt.timedelta(days=days)],
        )
        ids = [row[0] for row in cr.fetchall()]
        bar = Progress("recovery cases", len(ids))
        try:
            for first in range(0, len(ids), batch):
                chunk = ids[first : first + batch]
                Case._cx_start_from_nps(env["cx.nps.response"].browse(chunk))
                env.flush_all()
                cr.commit()
                bar.update(len(chunk))
        except Exception as exc:
            cr.rollback()
            self.counts.setdefault("warnings", []).append(
                f"recovery cases not generated: {exc}"
            )
        bar.close()
        cr.execute("SELECT count(*) FROM cx_recovery_case")
        self.counts["cx.recovery.case"] = cr.fetchone()[0]

    def _count(self, key, n):
        self.counts[key] = self.counts.get(key, 0) + n

    def _chunk(self, first, size):
        cr = self.cr
        # Own RNG per chunk so a chunk's content depends only on (seed, chunk).
        rng = random.Random(f"{self.seed}-{first}")
        now = dt.datetime.combine(self.today, dt.time(12, 0))
        root = 1  # OdooBot / __system__, as the ORM under SUPERUSER_ID writes it
        partner_ids = allocate_ids(cr, "res_partner", size)
        customers = []
        emails = {}
        for i, pid in enumerate(partner_ids):
            number = first + i + 1
            name = self._name(rng)
            email = f"customer{number:06d}@example.cn"
            company = self.companies[number % len(self.companies)]
            since = self.start - dt.timedelta(days=rng.randint(0, 3 * 365))
            created = self._when(rng, since)
            phone = (
                f"+86 13{rng.randint(0, 9)} {rng.randint(0, 9999):04d} "
                f"{rng.randint(0, 9999):04d}"
            )
            birthday = (
                dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 50 * 365))
                if rng.random() < 0.6
                else None
            )
            self.t_partner.add(
                id=pid,
                name=name,
                complete_name=name,
                commercial_partner_id=pid,
                email=email,
                email_normalized=email,
                phone=phone,
                phone_sanitized=phone,
                cx_preferred_channel_id=rng.choice(self.channels + self.channels[-1:]),
                cx_do_not_disturb=rng.random() < 0.03,
                cx_birthday=birthday,
                create_date=created,
                write_date=created,
            )
            customers.append((pid, name, company.id, since))
            emails[pid] = email
        self._count("res.partner", size)

        # Family: a child for about a third of the customers (birthday rituals).
        with_child = [c for c in customers if rng.random() < 0.3]
        member_ids = allocate_ids(cr, "cx_family_member", len(with_child))
        for mid, (pid, name, company_id, since) in zip(
            member_ids, with_child, strict=True
        ):
            created = self._when(rng, since)
            self.t_member.add(
                id=mid,
                partner_id=pid,
                company_id=company_id,  # the dealer that recorded the family
                name=name[0] + rng.choice(("朵朵", "乐乐", "小宝", "悦悦", "浩浩")),
                relation="child",
                birthday=dt.date(2006, 1, 1)
                + dt.timedelta(days=rng.randint(0, 17 * 365)),
                create_date=created,
                write_date=created,
            )
        self._count("cx.family.member", len(with_child))

        per_customer = [1 + (rng.random() < 0.5) for _c in customers]
        n_vehicles = sum(per_customer)
        vehicle_ids = iter(allocate_ids(cr, "fleet_vehicle", n_vehicles))
        vehicles = {}  # partner id -> [(vid, plate, model, manager, acq, km/day)]
        for (pid, _name, company_id, since), owned in zip(
            customers, per_customer, strict=True
        ):
            own = vehicles[pid] = []
            for _k in range(owned):
                vid = next(vehicle_ids)
                model = rng.choice(self.models)
                plate = (
                    f"{rng.choice(PROVINCES)}{chr(65 + rng.randint(0, 25))}·{vid:06d}"
                )
                manager = rng.choice(self.advisors[company_id])
                acquired = since + dt.timedelta(days=rng.randint(0, 365))
                created = self._when(rng, acquired)
                self.t_vehicle[model.id].add(
                    id=vid,
                    name=f"{model.brand_id.name}/{model.name}/{plate}",
                    license_plate=plate,
                    vin_sn=f"LVS{vid:014d}",
                    driver_id=pid,
                    manager_id=manager,
                    company_id=company_id,
                    acquisition_date=acquired,
                    contract_date_start=acquired,
                    create_date=created,
                    write_date=created,
                )
                self.t_assign.add(
                    id=None,
                    vehicle_id=vid,
                    driver_id=pid,
                    date_start=acquired,
                    create_date=created,
                    write_date=created,
                )
                own.append(
                    (vid, plate, model, manager, acquired, rng.uniform(20, 90), pid)
                )
        self._count("fleet.vehicle", n_vehicles)

        # Visits: 10 per customer spread over their vehicles and the last 5 years.
        visits = []
        for pid, name, company_id, _since in customers:
            own = vehicles[pid]
            for _k in range(rng.choice((8, 9, 10, 10, 11, 12))):
                vehicle = rng.choice(own)
                first_day = max(vehicle[4], self.start)
                span = (self.today - first_day).days
                day = first_day + dt.timedelta(days=rng.randint(0, max(span, 0)))
                visits.append((day, vehicle, pid, name, company_id))
        visits.sort(key=lambda v: (v[0], v[1][0]))
        service_ids = iter(allocate_ids(cr, "fleet_vehicle_log_services", len(visits)))
        odo_ids = iter(allocate_ids(cr, "fleet_vehicle_odometer", len(visits)))
        journey_visits = []
        visits_by_customer = defaultdict(list)
        for day, vehicle, pid, name, company_id in visits:
            vid, plate, model, manager, acquired, rate, _p = vehicle
            sid, oid = next(service_ids), next(odo_ids)
            stype, _w, (low, high) = rng.choices(
                self.service_types, weights=self.service_weights
            )[0]
            advisor = (
                manager if rng.random() < 0.8 else rng.choice(self.advisors[company_id])
            )
            created = self._when(rng, day)
            km = round(rate * max((day - acquired).days, 1) + vid % 97, 0)
            state = "done" if day < self.today else "running"
            if rng.random() < 0.01:
                state = "cancelled"
            self.t_odometer.add(
                id=oid,
                name=f"{model.brand_id.name}/{model.name}/{plate} / {day}",
                date=day,
                value=km,
                vehicle_id=vid,
                driver_id=pid,
                create_date=created,
                write_date=created,
            )
            self.t_service.add(
                id=sid,
                vehicle_id=vid,
                model_id=model.id,
                brand_id=model.brand_id.id,
                manager_id=manager,
                advisor_id=advisor,
                purchaser_id=pid,
                company_id=company_id,
                service_type_id=stype.id,
                amount=round(rng.uniform(low, high), 2),
                description=stype.name,
                odometer_id=oid,
                date=day,
                state=state,
                create_date=created,
                write_date=created,
            )
            entry = (sid, day, vehicle, pid, name, company_id, advisor, created, state)
            if (self.today - day).days <= JOURNEY_DAYS and state != "cancelled":
                journey_visits.append(entry)
            visits_by_customer[pid].append(entry)
        self._count("fleet.vehicle.log.services", len(visits))
        self._count("fleet.vehicle.odometer", len(visits))

        journey_ids = iter(allocate_ids(cr, "cx_journey", len(journey_visits)))
        journey_of = {}
        for (
            sid,
            day,
            vehicle,
            pid,
            name,
            company_id,
            advisor,
            created,
            _state,
        ) in journey_visits:
            jid = next(journey_ids)
            journey_of[sid] = jid
            state = "done" if (self.today - day).days > 7 else "open"
            self.t_journey[state].add(
                id=jid,
                name=f"{name} / {vehicle[1]} / {day}",
                partner_id=pid,
                vehicle_id=vehicle[0],
                service_id=sid,
                advisor_id=advisor,
                company_id=company_id,
                date_start=created,
                state=state,
                create_date=created,
                write_date=created,
            )
        self._count("cx.journey", len(journey_visits))

        # NPS: one visit in four answered (2.5 per customer), a day or three later.
        answered = []
        for pid, _name, _company, _since in customers:
            for entry in visits_by_customer[pid]:
                if entry[8] == "done" and rng.random() < 0.25:
                    answered.append(entry)
        response_ids = iter(allocate_ids(cr, "cx_nps_response", len(answered)))
        log_ids = iter(allocate_ids(cr, "cx_contact_log", len(answered)))
        tickets = []
        tools = self.nps_tools
        for sid, _day, vehicle, pid, name, company_id, advisor, created, _s in answered:
            rid, lid = next(response_ids), next(log_ids)
            sent = created + dt.timedelta(hours=rng.randint(20, 30))
            when = min(sent + dt.timedelta(hours=rng.randint(1, 48)), now)
            score = self._score(rng)
            category = tools.classify(score)
            cause = (
                rng.choice(ROOT_CAUSES)
                if category == tools.DETRACTOR or rng.random() < 0.1
                else None
            )
            self.t_response.add(
                id=rid,
                partner_id=pid,
                vehicle_id=vehicle[0],
                model_id=vehicle[2].id,
                service_id=sid,
                journey_id=journey_of.get(sid),
                advisor_id=advisor,
                company_id=company_id,
                survey_id=self.survey.id,
                user_input_id=None,
                date=when,
                score=score,
                category=category,
                nps_value=tools.SIGNED[category],
                reason=REASONS[cause] if cause else None,
                root_cause=cause,
                create_date=when,
                write_date=when,
                create_uid=root,
                write_uid=root,
            )
            self.t_log.add(
                id=lid,
                partner_id=pid,
                company_id=company_id,
                date=sent,
                kind="survey",
                state="sent",
                res_model="cx.nps.response",
                res_id=rid,
                create_date=sent,
                write_date=sent,
            )
            if category == tools.DETRACTOR and rng.random() < 0.35:
                tickets.append((pid, name, company_id, when, cause, rid))
        self._count("cx.nps.response", len(answered))
        self._count("cx.contact.log", len(answered))

        ticket_ids = iter(allocate_ids(cr, "helpdesk_ticket", len(tickets)))
        Sequence = self.env["ir.sequence"]
        for pid, name, company_id, when, cause, _rid in tickets:
            closed = (now - when).days > 14
            stage = self.stage_done if closed else self.stage_new
            tid = next(ticket_ids)
            number = Sequence.with_company(company_id).next_by_code(
                "helpdesk.ticket.sequence"
            )
            self.t_ticket[stage.id].add(
                id=tid,
                number=number,
                name=f"Detractor follow-up: {REASONS[cause]}",
                description=f"<p>{REASONS[cause]}</p>",
                partner_id=pid,
                commercial_partner_id=pid,
                partner_name=name,
                partner_email=emails[pid],
                company_id=company_id,
                last_stage_update=when,
                closed_date=when + dt.timedelta(days=3) if closed else None,
                access_token=None,
                create_date=when,
                write_date=when,
            )
        self._count("helpdesk.ticket", len(tickets))

        for table in self.tables():
            if table.table == "fleet_vehicle_assignation_log":
                self._flush_serial(table)
            else:
                table.flush(cr)

    def _flush_serial(self, table):
        """COPY without the id column (ids from the sequence's default)."""
        if not table.rows:
            return
        idx = table.index["id"]
        cols = [c for c in table.columns if c != "id"]
        rows = [r[:idx] + r[idx + 1 :] for r in table.rows]
        copy_text(self.cr, table.table, cols, rows)
        table.rows = []


# ---------------------------------------------------------------------- validation
CHECKED = [
    "res.partner",
    "cx.family.member",
    "fleet.vehicle",
    "fleet.vehicle.odometer",
    "fleet.vehicle.log.services",
    "cx.journey",
    "cx.nps.response",
    "helpdesk.ticket",
]


def validate(env, sample=200, seed=0):
    """ORM reads a sample of each generated model; stored computes equal a recompute.

    Returns a list of problems (empty when the data is what the ORM would write).
    """
    problems = []
    rng = random.Random(seed)
    cr = env.cr
    for model_name in CHECKED:
        Model = env[model_name].with_context(active_test=False)
        cr.execute(f'SELECT id FROM "{Model._table}" ORDER BY id')
        ids = [r[0] for r in cr.fetchall()]
        if not ids:
            problems.append(f"{model_name}: no rows")
            continue
        records = Model.browse(sorted(rng.sample(ids, min(sample, len(ids)))))
        names = [
            name
            for name, field in Model._fields.items()
            if field.store and (field.compute or field.related)
        ]
        try:
            records.read(
                [f for f in Model._fields if Model._fields[f].type != "binary"]
            )
            stored = {name: {r.id: r[name] for r in records} for name in names}
        except Exception as exc:
            problems.append(f"{model_name}: ORM read failed: {exc}")
            cr.rollback()
            continue
        env.invalidate_all()
        for name in names:
            env.add_to_compute(Model._fields[name], records)
        try:
            records._recompute_recordset(names)
            for name in names:
                for record in records:
                    value = record[name]
                    if value != stored[name][record.id]:
                        problems.append(
                            f"{model_name}.{name} #{record.id}: stored "
                            f"{stored[name][record.id]!r} != recomputed {value!r}"
                        )
                        break
        except Exception as exc:
            problems.append(f"{model_name}: recompute failed: {exc}")
        env.transaction.tocompute.clear()
        env.invalidate_all(flush=False)
        env.transaction.clear()
        cr.rollback()
        say(
            f"  validated {model_name}: {len(records)} records, {len(names)} stored "
            "computed fields"
        )
    return problems


def generate(db, customers, seed, today=None, install=True):
    """Create ``db`` (our addons installed) and fill it; returns the row counts."""
    from odoo import api
    from odoo.api import SUPERUSER_ID

    if install:
        say(f"Creating database {db} with {', '.join(['cx_experience', '...'])} ...")
        t0 = time.perf_counter()
        install_database(db, log_path=f"/tmp/{db}-install.log")
        say(f"  installed in {time.perf_counter() - t0:.0f}s")
    reg = registry(db)
    with reg.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        counts = Generator(env, customers, seed, today=today).run()
    with reg.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        problems = validate(env)
    counts["problems"] = problems
    return counts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--db", default=None)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    db = args.db or f"cx_bench_{args.customers}"
    counts = generate(db, args.customers, args.seed, args.today)
    for key, value in counts.items():
        if key not in ("problems", "warnings", "recomputed"):
            say(
                f"  {key:<28} {value:>12,}"
                if isinstance(value, int)
                else f"  {key:<28} {value:>12}"
            )
    for line in counts.get("recomputed", []):
        say(f"  recomputed {line}")
    for warning in counts.get("warnings", []):
        say(f"  WARNING {warning}")
    for problem in counts["problems"]:
        say(f"  PROBLEM {problem}")
    return 1 if counts["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
