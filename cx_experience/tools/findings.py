"""Extra findings offered to the customer (seed 001, moment of truth 4: 主动发现问题,
给客户选择权): who decides, and what a declined one leaves behind."""

#: a declined safety finding comes back to the advisor after this many days
DECLINED_SAFETY_FOLLOW_UP_DAYS = 7


def check_decision(state, decision):
    """Raise ``ValueError`` unless a finding in ``state`` can take ``decision``."""
    if decision not in ("approved", "declined"):
        raise ValueError(f"unknown decision {decision!r}")
    if state != "proposed":
        raise ValueError(f"already {state}")
    return decision


def needs_follow_up(urgency, decision):
    """A declined safety finding becomes a follow-up reminder for the advisor."""
    return urgency == "safety" and decision == "declined"
