"""The NPS follow-up activity types no longer carry an SLA of their own.

Their names said "within 24 h / 3 days / 7 days" and their delays repeated the
company settings; each activity's deadline is its response's SLA. Types a dealer
renamed keep their name. The invitations' channel becomes a cx.channel record.
"""

from odoo import SUPERUSER_ID, api

TYPES = {
    "mail_activity_type_cx_nps_detractor_call": (
        ("NPS: call detractor within 24 h", "NPS: call detractor", "NPS：致电贬损者"),
        ("Call within 24 h", "Call the detractor", "致电贬损者"),
    ),
    "mail_activity_type_cx_nps_follow_up": (
        None,
        ("Follow up within 3 days", "Follow up the passive", "回访中立者"),
    ),
    "mail_activity_type_cx_nps_referral": (
        None,
        ("Referral invitation within 7 days", "Invite a referral", "邀请转介绍"),
    ),
}


def migrate(cr, version):
    migrate_channels(cr)
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, (name, summary) in TYPES.items():
        kind = env.ref(f"cx_experience_nps.{xmlid}", raise_if_not_found=False)
        if not kind:
            continue
        kind.write({"delay_count": 0})
        for field, texts in (("name", name), ("summary", summary)):
            if not texts:
                continue
            old, new, new_zh = texts
            if kind.with_context(lang="en_US")[field] != old:
                continue  # renamed by the dealer
            kind.with_context(lang="en_US").write({field: new})
            if env["res.lang"]._lang_get("zh_CN"):
                kind.with_context(lang="zh_CN").write({field: new_zh})


def migrate_channels(cr):
    """The invitations' channel is a cx.channel record of the same code."""
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'cx_nps_invitation' AND column_name = 'channel'
        """
    )
    if not cr.fetchone():
        return
    cr.execute(
        """
        UPDATE cx_nps_invitation i SET channel_id = c.id
          FROM cx_channel c
         WHERE c.code = i.channel
        """
    )
    cr.execute("ALTER TABLE cx_nps_invitation DROP COLUMN channel")
