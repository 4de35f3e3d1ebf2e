# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.tier_definition import CONTRACT_APPROVAL_MODELS


class CustomerContractApprovalWizard(models.TransientModel):
    _name = "customer.contract.approval.wizard"
    _description = "Approve or Reject a Contract"

    res_model = fields.Char(required=True, readonly=True)
    res_id = fields.Many2oneReference(
        model_field="res_model", required=True, readonly=True
    )
    decision = fields.Selection(
        [("approve", "Approve"), ("reject", "Reject")], required=True, readonly=True
    )
    comment = fields.Text(help="Required to reject: the owner receives it.")
    document_name = fields.Char(compute="_compute_document_name")

    @api.depends("res_model", "res_id")
    def _compute_document_name(self):
        for wizard in self:
            wizard.document_name = (
                wizard._get_document().display_name
                if wizard.res_model in CONTRACT_APPROVAL_MODELS
                else False
            )

    def _get_document(self):
        self.ensure_one()
        if self.res_model not in CONTRACT_APPROVAL_MODELS:
            raise UserError(
                self.env._("Only contracts and amendments are approved here.")
            )
        return self.env[self.res_model].browse(self.res_id).exists()

    def action_confirm(self):
        self.ensure_one()
        document = self._get_document()
        if not document:
            raise UserError(self.env._("The document to decide on no longer exists."))
        document._approval_decide(self.decision, self.comment)
        return {"type": "ir.actions.act_window_close"}
