"""The tier run moved to its own model; channels are records.

- The daily tier cron is ``noupdate``: point it at ``cx.tier.run``, keeping the
  schedule and any change the dealer made to it.
- The customers' preferred channel and the contact log's channel move from
  Selection values to ``cx.channel`` records of the same code.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    migrate_channels(cr)
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("cx_experience.ir_cron_cx_recompute_tiers", raise_if_not_found=False)
    if cron and cron.model_id.model == "res.partner":
        cron.write(
            {
                "model_id": env["ir.model"]._get_id("cx.tier.run"),
                "code": "model._cron_cx_recompute_tiers()",
            }
        )


# Channels are records (cx.channel) instead of Selection values: the preferred channel
# of the customers and the channel of the contact log move to their records.
CHANNEL_COLUMNS = (
    ("res_partner", "cx_preferred_channel", "cx_preferred_channel_id"),
    ("cx_contact_log", "channel", "channel_id"),
)


def migrate_channels(cr):
    for table, old, new in CHANNEL_COLUMNS:
        cr.execute(
            """
            SELECT 1 FROM information_schema.columns
             WHERE table_name = %s AND column_name = %s
            """,
            (table, old),
        )
        if not cr.fetchone():
            continue
        cr.execute(
            f"""
            UPDATE {table} t SET {new} = c.id
              FROM cx_channel c
             WHERE c.code = t.{old}
            """
        )
        cr.execute(f"ALTER TABLE {table} DROP COLUMN {old}")
