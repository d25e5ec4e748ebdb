"""The customer's messages at each moment of a visit (seed 001, the five moments of
truth; seed 000, 终点体验 and 人工回访): which are transactional, when they are due,
which journey moment they stamp."""

from datetime import timedelta

from .mot_sla import PRE_ARRIVAL_NOTICE_MINUTES

#: moment -> (transactional, journey stamp). Transactional messages are the service
#: the customer asked for by booking: do-not-disturb, blacklists and the contact
#: budget do not stop them, and they are not counted in the budget. The thank-you
#: is a courtesy: it honours all of them, like surveys and greetings.
MOMENTS = {
    "booking": (True, "booking_confirmed_at"),
    "reminder": (True, None),
    "pre_arrival": (True, "pre_arrival_notice_at"),
    "progress": (True, None),
    "report": (True, "delivery_report_sent_at"),
    "thank_you": (False, None),
}

#: messages that are not answers to what just happened wait for the end of the
#: customer's quiet hours (a reminder queued at midnight goes out in the morning)
WAIT_FOR_DAYTIME = ("reminder", "thank_you")

#: the thank-you leaves this many minutes after delivery (within the hour)
THANK_YOU_AFTER_MINUTES = 30

#: default of the company setting: the mobile technician's notice before arrival
#: (the moment-of-truth SLA of seed 001)
PRE_ARRIVAL_MINUTES = PRE_ARRIVAL_NOTICE_MINUTES

#: the advisor's personal call (not a robot) is due within this many hours
PERSONAL_CALL_HOURS = 24


def is_transactional(moment):
    return MOMENTS[moment][0]


def waits_for_daytime(moment):
    return moment in WAIT_FOR_DAYTIME


def stamp_of(moment):
    """The journey field stamped when the message of ``moment`` goes out, or None."""
    return MOMENTS[moment][1]


def reminder_date(today):
    """The visits booked for this day get their reminder ``today``."""
    return today + timedelta(days=1)


def reminder_due(visit_date, today):
    """The day-before reminder is due for a visit booked for tomorrow."""
    return bool(visit_date) and visit_date == reminder_date(today)


def pre_arrival_due(eta, now, minutes):
    """The mobile technician's notice is due once the ETA is ``minutes`` away, and
    until the technician is there."""
    return bool(eta) and now <= eta <= now + timedelta(minutes=minutes)
