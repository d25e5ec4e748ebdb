"""NPS surveys are answered once, from the customer's own link (Trust 1)."""


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
