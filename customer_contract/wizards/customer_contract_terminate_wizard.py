# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CustomerContractTerminateWizard(models.TransientModel):
    _name = "customer.contract.terminate.wizard"
    _description = "Terminate a Contract"

    contract_id = fields.Many2one("customer.contract", required=True, readonly=True)
    reason = fields.Text(required=True)
    termination_date = fields.Date(required=True, default=fields.Date.context_today)

    def action_confirm(self):
        self.ensure_one()
        self.contract_id._action_terminate(self.reason, self.termination_date)
        return {"type": "ir.actions.act_window_close"}
