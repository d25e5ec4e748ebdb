"""Tier movements leave the contact every employee reads (Trust 3).

Earlier versions logged "Tier changed: ... annual spend ..., lifetime value ..." in the
customer's chatter and put the advisor's "moved up / dropped" activity on the contact.
The figures are kept on the tier movement (cx.tier.history, CX groups only): the notes
are deleted and the open activities move to the customer's latest movement.
"""

TIER_NOTE = ("Tier changed: %", "层级变更:%")
SUMMARIES = (
    "Customer moved up to %",
    "Customer dropped to %",
    "客户升级至 %",
    "客户降级至 %",
)


def migrate(cr, version):
    cr.execute(
        """
        DELETE FROM mail_message
         WHERE model = 'res.partner' AND message_type = 'notification'
           AND (body::text LIKE ANY (%s) OR body::text LIKE ANY (%s))
        """,
        (
            [f"<p>{like}" for like in TIER_NOTE],
            list(TIER_NOTE),
        ),
    )
    cr.execute(
        """
        WITH latest AS (
            SELECT DISTINCT ON (partner_id) partner_id, id
              FROM cx_tier_history
             ORDER BY partner_id, date DESC, id DESC
        )
        UPDATE mail_activity a
           SET res_model = 'cx.tier.history',
               res_model_id = (SELECT id FROM ir_model WHERE model = 'cx.tier.history'),
               res_id = latest.id
          FROM latest
         WHERE a.res_model = 'res.partner' AND a.res_id = latest.partner_id
           AND a.summary LIKE ANY (%s)
        """,
        (list(SUMMARIES),),
    )
