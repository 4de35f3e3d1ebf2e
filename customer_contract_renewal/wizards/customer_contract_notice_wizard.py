# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CustomerContractNoticeWizard(models.TransientModel):
    _name = "customer.contract.notice.wizard"
    _description = "Give Notice of Non-Renewal"

    contract_id = fields.Many2one("customer.contract", required=True, readonly=True)
    notice_deadline = fields.Date(related="contract_id.renewal_notice_deadline")
    date_end = fields.Date(related="contract_id.date_end")
    party = fields.Selection(
        [("company", "Our Company"), ("customer", "The Customer")],
        string="Notice Given By",
        required=True,
        default="customer",
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.contract_id._action_give_notice(self.party, self.reason)
        return {"type": "ir.actions.act_window_close"}
