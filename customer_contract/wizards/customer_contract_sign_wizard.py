# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.customer_contract_signature_mixin import SIGNATORY_GROUP


class CustomerContractSignWizard(models.TransientModel):
    _name = "customer.contract.sign.wizard"
    _description = "Mark a Contract or an Amendment as Signed"

    contract_id = fields.Many2one("customer.contract", readonly=True)
    amendment_id = fields.Many2one("customer.contract.amendment", readonly=True)
    signed_by = fields.Char(
        string="Signed By (Customer)",
        required=True,
        compute="_compute_signed_by",
        store=True,
        readonly=False,
        precompute=True,
    )
    date_signed = fields.Date(
        string="Signature Date", required=True, default=fields.Date.context_today
    )
    company_signatory_id = fields.Many2one(
        "res.users",
        string="Signed By (Company)",
        required=True,
        default=lambda self: self._default_company_signatory(),
        domain=lambda self: [
            ("share", "=", False),
            ("all_group_ids", "in", self.env.ref(SIGNATORY_GROUP).ids),
        ],
        help="A Contract Signatory, within their signature limit.",
    )
    document = fields.Binary(
        string="Signed Document",
        required=True,
        help="The scan of the document signed by both parties.",
    )
    document_name = fields.Char()

    @api.model
    def _default_company_signatory(self):
        user = self.env.user
        return user if user.has_group(SIGNATORY_GROUP) else self.env["res.users"]

    @api.depends("contract_id", "amendment_id")
    def _compute_signed_by(self):
        for wizard in self:
            wizard.signed_by = (
                wizard.amendment_id or wizard.contract_id
            ).signatory_id.name

    def action_confirm(self):
        self.ensure_one()
        document = self.amendment_id or self.contract_id
        if not document:
            raise UserError(self.env._("Choose the contract or amendment signed."))
        document._action_sign(
            self.signed_by,
            self.date_signed,
            self.company_signatory_id,
            document=self.document,
            filename=self.document_name,
        )
        return {"type": "ir.actions.act_window_close"}
