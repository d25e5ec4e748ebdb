"""The passive and promoter follow-up SLAs are hours, like the detractor's.

``cx_nps_passive_days``/``cx_nps_promoter_days`` become ``cx_nps_passive_hours``/
``cx_nps_promoter_hours`` (x 24), keeping each company's setting.
"""

RENAMED = (
    ("cx_nps_passive_days", "cx_nps_passive_hours"),
    ("cx_nps_promoter_days", "cx_nps_promoter_hours"),
)


def migrate(cr, version):
    for old, new in RENAMED:
        cr.execute(
            """
            SELECT 1 FROM information_schema.columns
             WHERE table_name = 'res_company' AND column_name = %s
            """,
            (old,),
        )
        if not cr.fetchone():
            continue
        cr.execute(f'ALTER TABLE res_company RENAME COLUMN "{old}" TO "{new}"')
        cr.execute(f'UPDATE res_company SET "{new}" = "{new}" * 24')
