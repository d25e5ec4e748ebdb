"""Re-survey answers are recovery outcomes: keep them out of NPS figures."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE cx_nps_response r
           SET counts_in_nps = FALSE
          FROM survey_user_input ui
         WHERE ui.id = r.user_input_id
           AND ui.cx_recovery_case_id IS NOT NULL
           AND r.counts_in_nps
        """
    )
