"""Tier evaluation, RFM and lifetime value of a customer (seed 000: 客户分层 RFM + LTV).

Plain functions, no database. A tier is described by a :class:`TierRule`; tiers are
evaluated from the highest to the lowest and the lowest one is everyone else.
"""

from collections import namedtuple
from itertools import pairwise

# ``key`` identifies the tier; a customer qualifies when the average annual spend over
# ``window_years`` is strictly greater than ``min_annual_spend`` and the number of visits
# within the window is strictly greater than ``min_visits`` (seed wording: 年消费>2万,
# 3年内消费>5次).
TierRule = namedtuple(
    "TierRule", ["key", "min_annual_spend", "min_visits", "window_years"]
)


def annual_spend(total_spend, window_years):
    """Average yearly spend over a window of ``window_years`` years."""
    if not window_years or window_years <= 0:
        raise ValueError("window_years must be positive")
    return (total_spend or 0.0) / window_years


def qualifies(rule, total_spend, visits):
    """True if ``total_spend`` and ``visits`` within ``rule``'s window beat its thresholds."""
    return (
        annual_spend(total_spend, rule.window_years) > rule.min_annual_spend
        and (visits or 0) > rule.min_visits
    )


def evaluate(rules, stats):
    """Key of the highest tier the customer qualifies for.

    :param rules: TierRule list, highest tier first; the last one is the fallback
        (everyone else) whatever its thresholds.
    :param stats: ``{window_years: (total_spend, visits)}`` of the customer.
    """
    if not rules:
        return None
    for rule in rules[:-1]:
        spend, visits = stats.get(rule.window_years, (0.0, 0))
        if qualifies(rule, spend, visits):
            return rule.key
    return rules[-1].key


def check_order(rules):
    """Validate thresholds and their order (highest tier first).

    Returns a list of ``(key, message)`` problems: negative thresholds, a window that is
    not positive, a higher tier asking less spend or fewer visits than the tier below it.
    """
    problems = []
    for rule in rules:
        if rule.min_annual_spend < 0:
            problems.append((rule.key, "min_annual_spend"))
        if rule.min_visits < 0:
            problems.append((rule.key, "min_visits"))
        if rule.window_years <= 0:
            problems.append((rule.key, "window_years"))
    for higher, lower in pairwise(rules):
        if higher.min_annual_spend < lower.min_annual_spend:
            problems.append((higher.key, "order_spend"))
        if higher.min_visits < lower.min_visits:
            problems.append((higher.key, "order_visits"))
    return problems


def referral_coefficient(referred, step=0.1, cap=1.5):
    """转介绍系数: 1 + ``step`` per referred customer, at most ``cap`` (never below 1)."""
    referred = max(referred or 0, 0)
    return max(1.0, min(1.0 + step * referred, cap if cap and cap >= 1 else 1.0))


def lifetime_value(annual, expected_years, coefficient):
    """LTV = 年均消费 × 预期服务年限 × 转介绍系数."""
    if expected_years < 0 or coefficient < 0:
        raise ValueError("expected_years and coefficient cannot be negative")
    return round((annual or 0.0) * expected_years * coefficient, 2)


def recency_days(last_visit, today):
    """Days since the last visit (R of RFM), None without any visit."""
    if not last_visit:
        return None
    return max((today - last_visit).days, 0)
