"""The customer's side of the journey (issue 14).

- Repair progress stages are new data: the cars already in the workshop (running
  visits) start at "Car received", without touchpoints for the past.
"""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE fleet_vehicle_log_services s
           SET cx_repair_stage_id = st.id, cx_repair_stage_at = now() at time zone 'UTC'
          FROM (SELECT res_id AS id FROM ir_model_data
                 WHERE module = 'cx_experience' AND name = 'cx_repair_stage_received') st
         WHERE s.state = 'running' AND s.cx_repair_stage_id IS NULL
        """
    )
