# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CustomerContractObligationRefuseWizard(models.TransientModel):
    _name = "customer.contract.obligation.refuse.wizard"
    _description = "Refuse the Evidence of an Obligation"

    obligation_id = fields.Many2one(
        "customer.contract.obligation", required=True, readonly=True
    )
    evidence_submitted_ids = fields.Many2many(
        related="obligation_id.evidence_submitted_ids"
    )
    reason = fields.Text(
        required=True,
        help="The customer reads it on the portal and in the message sent to him.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.obligation_id._refuse_evidence(self.reason)
        return {"type": "ir.actions.act_window_close"}
