"""Net Promoter Score maths (seed 000: NPS 调研, 基准; MeasuringU adjusted Wald)."""

import math
from datetime import timedelta

PROMOTER = "promoter"
PASSIVE = "passive"
DETRACTOR = "detractor"

SIGNED = {PROMOTER: 100, PASSIVE: 0, DETRACTOR: -100}

# (upper bound exclusive, band) from seed 000: < 0 poor, 0-30 average, 30-50 good,
# 50-70 excellent, > 70 world class.
BANDS = [
    (0, "poor"),
    (30, "average"),
    (50, "good"),
    (70, "excellent"),
]
WORLD_CLASS = "world_class"


def classify(score):
    """Category of a 0..10 likelihood-to-recommend score."""
    if score is None or isinstance(score, bool) or not 0 <= score <= 10:
        raise ValueError(f"NPS score must be between 0 and 10, got {score!r}")
    if score >= 9:
        return PROMOTER
    if score >= 7:
        return PASSIVE
    return DETRACTOR


def nps(promoters, passives, detractors):
    """NPS in -100..100 from the three counts (None when there is no response)."""
    total = promoters + passives + detractors
    if not total:
        return None
    return 100.0 * (promoters - detractors) / total


def band(score):
    """Benchmark band of an NPS value; edges belong to the upper band (30 is good)."""
    if score is None:
        return None
    for upper, name in BANDS:
        if score < upper:
            return name
    if score > 70:
        return WORLD_CLASS
    return "excellent"


def confidence_interval(promoters, passives, detractors, z=1.96):
    """95 % adjusted-Wald interval of the NPS (MeasuringU, Sauro & Lewis 2021).

    MeasuringU's published adjustment adds 3/4 to the promoters and to the detractors
    and 3 to the sample size, then uses the standard error of the difference of two
    proportions around the adjusted NPS. Returns (low, high) in -100..100, or None.
    """
    n = promoters + passives + detractors
    if not n:
        return None
    n_adj = n + 3.0
    p_pro = (promoters + 0.75) / n_adj
    p_det = (detractors + 0.75) / n_adj
    centre = p_pro - p_det
    variance = (p_pro + p_det - centre * centre) / n_adj
    margin = z * math.sqrt(max(variance, 0.0))
    low = max(-1.0, centre - margin) * 100.0
    high = min(1.0, centre + margin) * 100.0
    return low, high


def address_key(street, zip_code, city):
    """Normalised postal address of a household, or None when too incomplete to match."""
    street = " ".join((street or "").lower().split())
    zip_code = "".join((zip_code or "").split()).lower()
    city = " ".join((city or "").lower().split())
    if not street or not (zip_code or city):
        return None
    return (street, zip_code or city)


# Follow-up SLA in hours after the answer: the defaults of the company settings
# (detractor called within 24 h, passive within 3 days, promoter within 7 days).
FOLLOW_UP_HOURS = {DETRACTOR: 24, PASSIVE: 72, PROMOTER: 168}


def follow_up_delay(category, hours=None):
    """Hours to follow up an answer of ``category``; ``hours``: {category: hours} of
    the company settings, else :data:`FOLLOW_UP_HOURS`."""
    if category not in FOLLOW_UP_HOURS:
        raise ValueError(f"Unknown NPS category {category!r}")
    return (hours or FOLLOW_UP_HOURS)[category]


def is_recent_visit(visit_date, today, recent_days):
    """True when a visit done on ``visit_date`` may still be surveyed on ``today``.

    Only visits of the last ``recent_days`` days (seed 002's 7-day survey being the
    longest wait): a visit recorded late or imported at go-live is not surveyed
    months after the customer left. A visit without date counts as today's.
    """
    if not visit_date:
        return True
    return visit_date >= today - timedelta(days=recent_days)


def emotion_from_score(score):
    """Touchpoint emotion (-5..+5) that a 0..10 score expresses: 0 -> -5, 5 -> 0."""
    classify(score)  # validates the score
    return int(score) - 5
