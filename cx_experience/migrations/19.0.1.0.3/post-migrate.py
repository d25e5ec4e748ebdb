"""Peak-end follows the seeds: the peak is the most intense moment, good or bad, and
the follow-up call after the visit is shown beside the score, not counted in it.

The follow-up stage is ``noupdate`` data: mark it as after the visit here, then
recompute the stored analysis of every journey with touchpoints, in batches.
"""

from odoo import SUPERUSER_ID, api

BATCH_SIZE = 5000
ANALYSIS_FIELDS = (
    "touchpoint_count",
    "emotion_peak",
    "emotion_trough",
    "emotion_end",
    "peak_end_score",
    "emotion_after_visit",
    "pain_point_count",
    "negative_moment_of_truth",
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    stage = env.ref(
        "cx_experience.cx_touchpoint_stage_follow_up", raise_if_not_found=False
    )
    if stage:
        stage.after_visit = True
    cr.execute(
        "SELECT DISTINCT journey_id FROM cx_touchpoint"
        " WHERE journey_id IS NOT NULL ORDER BY journey_id"
    )
    ids = [row[0] for row in cr.fetchall()]
    Journey = env["cx.journey"].with_context(active_test=False)
    fields_ = [Journey._fields[name] for name in ANALYSIS_FIELDS]
    for start in range(0, len(ids), BATCH_SIZE):
        journeys = Journey.browse(ids[start : start + BATCH_SIZE])
        for field in fields_:
            env.add_to_compute(field, journeys)
        journeys.flush_recordset(list(ANALYSIS_FIELDS))
        env.invalidate_all()
