"""One bad record never stops a batch: the helper every CX cron sends through."""

import logging

from odoo.exceptions import UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def error_message(error):
    """The message a manager reads for ``error`` (a UserError's own text)."""
    if isinstance(error, UserError):
        return str(error.args[0]) if error.args else type(error).__name__
    return f"{type(error).__name__}: {error}"


def run_isolated(records, process, what):
    """Run ``process(records)`` in a savepoint; when it fails, run it again record by
    record, each in its own savepoint, so that the good records still go through.

    The fast path stays set-wise; a failing record costs the retry of its batch only.
    Each failure is logged (``what`` names the job in the server log).

    :return: ``(done, failures)``: the records processed and ``{id: message}`` of
        the records that failed, whose changes were rolled back.
    """
    if not records:
        return records, {}
    cr = records.env.cr
    try:
        with cr.savepoint():
            process(records)
        return records, {}
    except Exception as error:
        if len(records) == 1:
            return _failed(records, error, what)
    done, failures = records.browse(), {}
    for record in records:
        try:
            with cr.savepoint():
                process(record)
            done |= record
        except Exception as error:
            failures.update(_failed(record, error, what)[1])
    return done, failures


def claim(records, condition):
    """The records of ``records`` that still meet ``condition`` (SQL on their table)
    and that no other transaction holds, row-locked for this one (``FOR NO KEY UPDATE
    SKIP LOCKED``): two workers running the same cron never handle the same record."""
    if not records:
        return records
    records.env.cr.execute(
        SQL(
            "SELECT id FROM %s WHERE id IN %s AND %s FOR NO KEY UPDATE SKIP LOCKED",
            SQL.identifier(records._table),
            tuple(records.ids),
            condition,
        )
    )
    return records.browse([row[0] for row in records.env.cr.fetchall()])


def mark_failed(records, failures, values, note):
    """Record the failures of ``run_isolated`` on the records: ``values(message)``
    written once per distinct message, ``note(message)`` logged in their chatter in
    one batch. Returns the failed records."""
    failed = records.browse(list(failures))
    for message in set(failures.values()):
        failed.filtered(lambda r, m=message: failures[r.id] == m).write(values(message))
    if failed:
        failed._message_log_batch(
            bodies={record.id: note(failures[record.id]) for record in failed}
        )
    return failed


def _failed(record, error, what):
    message = error_message(error)
    _logger.warning(
        "%s: %s skipped after an error: %s", what, record, message, exc_info=True
    )
    return record.browse(), {record.id: message}
