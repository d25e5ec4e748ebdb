"""Pure recovery rules (no database): stage order, step deadlines, trend, KPIs."""

from datetime import timedelta

STAGES = [
    ("new", "New"),
    ("contacted", "Contacted"),
    ("solution_agreed", "Solution agreed"),
    ("executing", "Executing"),
    ("follow_up", "Follow-up"),
    ("recovered", "Recovered"),
    ("not_recovered", "Not recovered"),
]
CLOSED_STAGES = ("recovered", "not_recovered")
STAGE_RANK = {
    "new": 0,
    "contacted": 1,
    "solution_agreed": 2,
    "executing": 3,
    "follow_up": 4,
    "recovered": 5,
    "not_recovered": 5,
}


def stage_rank(stage):
    """Position of a stage in the recovery flow (both closed stages share the last)."""
    return STAGE_RANK.get(stage or "new", 0)


def step_deadline(start, offset_hours):
    """Deadline of a step: the case start plus the step's offset in hours."""
    return start + timedelta(hours=offset_hours or 0)


def step_offset(kind, offset_hours, rule_hours=0, first_contact_hours=0):
    """Hours from the case start to a step's deadline.

    A first contact takes the recovery rule's override, else the step's own offset,
    else (0) the company's first-contact SLA; any other step its own offset."""
    if kind != "first_contact":
        return offset_hours or 0
    return rule_hours or offset_hours or first_contact_hours or 0


def blocking_steps(target_stage, steps):
    """Required steps still open that must be done before entering ``target_stage``.

    ``steps`` are ``(name, gate_stage, required, done)`` tuples; a step blocks every stage
    ranked at or after its gate stage.
    """
    rank = stage_rank(target_stage)
    return [
        name
        for name, gate, required, done in steps
        if required and not done and gate and stage_rank(gate) <= rank
    ]


def trend(scores):
    """'falling', 'rising' or 'stable' from NPS scores, oldest first; None below two."""
    if len(scores) < 2:
        return None
    last, previous = scores[-1], scores[-2]
    if last < previous:
        return "falling"
    if last > previous:
        return "rising"
    return "stable"


def combined_trend(*trends):
    """One trend from several signals: falling wins, then rising, then stable."""
    for kind in ("falling", "rising", "stable"):
        if kind in trends:
            return kind
    return None


def hours_between(start, end):
    """Hours from ``start`` to ``end`` (None if one is missing), two decimals."""
    if not start or not end:
        return None
    return round((end - start).total_seconds() / 3600.0, 2)


def ratio_pct(part, whole):
    """``part`` over ``whole`` in percent, one decimal; 0 when nothing to compare."""
    return round(100.0 * part / whole, 1) if whole else 0.0


def kpis(rows):
    """Pooled recovery KPIs from per-case rows.

    Each row: dict with ``first_contact_hours`` (or None), ``steps_done``,
    ``steps_on_time``, ``closed`` (bool), ``resurvey_category`` (promoter/passive/
    detractor or None), ``recovered`` (bool), ``cost``. Ratios are pooled (sums over
    sums), never averages of per-case ratios.
    """
    cases = len(rows)
    contact = [
        r["first_contact_hours"] for r in rows if r["first_contact_hours"] is not None
    ]
    steps_done = sum(r["steps_done"] for r in rows)
    on_time = sum(r["steps_on_time"] for r in rows)
    resurveyed = [r for r in rows if r["resurvey_category"]]
    passive = sum(1 for r in resurveyed if r["resurvey_category"] == "passive")
    promoter = sum(1 for r in resurveyed if r["resurvey_category"] == "promoter")
    recovered = sum(1 for r in rows if r["recovered"])
    total_cost = sum(r["cost"] for r in rows)
    return {
        "cases": cases,
        "first_contact_hours": round(sum(contact) / len(contact), 2)
        if contact
        else 0.0,
        "sla_compliance": ratio_pct(on_time, steps_done),
        "resurveyed": len(resurveyed),
        "to_passive_pct": ratio_pct(passive, len(resurveyed)),
        "to_promoter_pct": ratio_pct(promoter, len(resurveyed)),
        "recovered": recovered,
        "total_cost": round(total_cost, 2),
        "avg_cost": round(total_cost / cases, 2) if cases else 0.0,
        "cost_per_recovered": round(total_cost / recovered, 2) if recovered else 0.0,
    }
