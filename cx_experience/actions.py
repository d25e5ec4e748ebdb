"""The stat buttons' actions: one helper, as fleet's ``return_action_to_open``."""


def related_action(record, xml_id, field, create=True):
    """Window action ``xml_id`` on the records whose ``field`` is ``record``.

    With ``create``, records created from it get ``record`` in ``field``.
    """
    record.ensure_one()
    action = record.env["ir.actions.act_window"]._for_xml_id(xml_id)
    action["domain"] = [(field, "=", record.id)]
    action["context"] = {f"default_{field}": record.id} if create else {}
    return action
