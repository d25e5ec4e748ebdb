"""The tier run moved from the contacts to its own service model ``cx.tier.run``.

The daily cron is ``noupdate``: point it at the new model, keeping the schedule and
any change the dealer made to it.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("cx_experience.ir_cron_cx_recompute_tiers", raise_if_not_found=False)
    if cron and cron.model_id.model == "res.partner":
        cron.write(
            {
                "model_id": env["ir.model"]._get_id("cx.tier.run"),
                "code": "model._cron_cx_recompute_tiers()",
            }
        )
