"""Tier, RFM, lifetime value and the preference profile become per company
(company-dependent jsonb); family members get their own company.

What was computed or learnt so far belongs to the customer's company, else the main
company (the cron user's, and the single dealer of most databases). The next daily
tier run is a full one for every company (the recompute state is kept per company).
"""

from odoo.tools import SQL

COLUMNS = {
    "cx_tier_id": "int4",
    "cx_tier_date": "timestamp",
    "cx_tier_advisor_id": "int4",
    "cx_annual_spend": "float8",
    "cx_ltv": "float8",
    "cx_last_visit_date": "date",
    "cx_rfm_frequency": "int4",
    "cx_rfm_monetary": "float8",
    # preference profile
    "cx_drink": "varchar",
    "cx_preferred_visit_time": "varchar",
    "cx_communication_style": "varchar",
    "cx_tech_familiarity": "varchar",
    "cx_interests": "varchar",
    "cx_last_topic": "varchar",
    "cx_last_topic_date": "date",
    "cx_profile_notes": "text",
}


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "SELECT res_id FROM ir_model_data"
        " WHERE module = 'base' AND name = 'main_company'"
    )
    row = cr.fetchone()
    main = row[0] if row else 1
    for column, udt in COLUMNS.items():
        cr.execute(
            "SELECT udt_name FROM information_schema.columns"
            " WHERE table_name = 'res_partner' AND column_name = %s",
            [column],
        )
        found = cr.fetchone()
        if not found or found[0] == "jsonb":
            continue
        value = (
            SQL("to_char(%s, 'YYYY-MM-DD HH24:MI:SS')", SQL.identifier(column))
            if udt == "timestamp"
            else SQL.identifier(column)
        )
        cr.execute(
            SQL(
                "ALTER TABLE res_partner ALTER COLUMN %(col)s DROP DEFAULT,"
                " ALTER COLUMN %(col)s TYPE jsonb USING CASE WHEN %(col)s IS NULL"
                " THEN NULL ELSE jsonb_build_object(COALESCE(company_id, %(main)s)::text,"
                " %(value)s) END",
                col=SQL.identifier(column),
                main=main,
                value=value,
            )
        )
    cr.execute(
        "DELETE FROM ir_config_parameter WHERE key = 'cx_experience.tier_recompute_state'"
    )
    # family members: the customer's company so far (related), else the main one
    cr.execute(
        "UPDATE cx_family_member SET company_id = %s WHERE company_id IS NULL", [main]
    )
