"""The detractor playbook's first call follows the company's detractor SLA.

Its step carried its own 24 h (and "within 24 hours" in its name), so changing the
SLA in the settings left the playbook behind. A step still as shipped gets offset 0
(= the company's SLA) and a name without hours; a step a dealer changed is kept.
The steps' channel becomes a cx.channel record.
"""

from odoo import SUPERUSER_ID, api

OLD_NAME = "Call the customer within 24 hours (phone, not SMS)"
NEW_NAME = ("Call the customer (phone, not SMS)", "电话联系客户（不是短信！）")


def migrate(cr, version):
    migrate_channels(cr)
    env = api.Environment(cr, SUPERUSER_ID, {})
    step = env.ref(
        "cx_experience_recovery.playbook_detractor_step_call", raise_if_not_found=False
    )
    if not step or step.kind != "first_contact":
        return
    company = step.company_id or env.company
    if step.offset_hours == company.cx_nps_detractor_hours:
        step.offset_hours = 0
    if step.with_context(lang="en_US").name == OLD_NAME:
        step.with_context(lang="en_US").name = NEW_NAME[0]
        if env["res.lang"]._lang_get("zh_CN"):
            step.with_context(lang="zh_CN").name = NEW_NAME[1]


def migrate_channels(cr):
    """The steps' channel is a cx.channel record of the same code."""
    for table in ("cx_recovery_playbook_step", "cx_recovery_case_step"):
        cr.execute(
            """
            SELECT 1 FROM information_schema.columns
             WHERE table_name = %s AND column_name = 'channel'
            """,
            (table,),
        )
        if not cr.fetchone():
            continue
        cr.execute(
            f"""
            UPDATE {table} t SET channel_id = c.id
              FROM cx_channel c
             WHERE c.code = t.channel
            """
        )
        cr.execute(f"ALTER TABLE {table} DROP COLUMN channel")
