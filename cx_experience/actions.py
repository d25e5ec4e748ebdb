"""Stat buttons: their action (as fleet's ``return_action_to_open``) and counts."""


def related_action(record, xml_id, field, create=True):
    """Window action ``xml_id`` on the records whose ``field`` is ``record``.

    With ``create``, records created from it get ``record`` in ``field``.
    """
    record.ensure_one()
    action = record.env["ir.actions.act_window"]._for_xml_id(xml_id)
    action["domain"] = [(field, "=", record.id)]
    action["context"] = {f"default_{field}": record.id} if create else {}
    return action


def set_counts(records, count_field, model, inverse, domain=()):
    """Set ``count_field`` of ``records`` to how many ``model`` records point to each
    through ``inverse`` (and match ``domain``): one grouped read for all."""
    counts = dict(
        records.env[model]._read_group(
            [(inverse, "in", records.ids), *domain], [inverse], ["__count"]
        )
    )
    for record in records:
        record[count_field] = counts.get(record, 0)
