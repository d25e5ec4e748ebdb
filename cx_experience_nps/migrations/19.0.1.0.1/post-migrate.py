"""NPS surveys are answered once, from the customer's own link (Trust 1); the
monthly CX PDFs are no longer attached to the company every employee reads (Trust 3).
"""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE survey_survey
           SET access_mode = 'token', is_attempts_limited = TRUE, attempts_limit = 1
         WHERE cx_is_nps_survey
           AND (access_mode != 'token' OR NOT is_attempts_limited
                OR attempts_limit IS DISTINCT FROM 1)
        """
    )
    cr.execute(
        """
        UPDATE ir_attachment
           SET res_model = NULL, res_id = NULL
         WHERE res_model = 'res.company' AND name LIKE 'CX report %%.pdf'
           AND mimetype = 'application/pdf'
        """
    )
