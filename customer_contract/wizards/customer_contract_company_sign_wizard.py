# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.http import request

SIGNABLE_MODELS = ("customer.contract", "customer.contract.amendment")


class CustomerContractCompanySignWizard(models.TransientModel):
    _name = "customer.contract.company.sign.wizard"
    _description = "Sign a Contract or an Amendment for the Company"

    res_model = fields.Selection(
        [
            ("customer.contract", "Contract"),
            ("customer.contract.amendment", "Amendment"),
        ],
        string="Document Type",
        required=True,
        readonly=True,
    )
    res_id = fields.Integer(required=True, readonly=True)
    document_name = fields.Char(compute="_compute_document_name")
    signer_name = fields.Char(
        string="Signed By", default=lambda self: self.env.user.name, readonly=True
    )
    signature = fields.Binary(required=True)

    @api.depends("res_model", "res_id")
    def _compute_document_name(self):
        for wizard in self:
            wizard.document_name = wizard._get_document().display_name

    def _get_document(self):
        self.ensure_one()
        if self.res_model not in SIGNABLE_MODELS:
            return self.env["customer.contract"]
        return self.env[self.res_model].browse(self.res_id).exists()

    def action_confirm(self):
        self.ensure_one()
        document = self._get_document()
        if not document:
            raise UserError(self.env._("Choose the contract or amendment to sign."))
        httprequest = request.httprequest if request else None
        document._action_company_sign(
            self.signature,
            ip_address=httprequest.remote_addr if httprequest else None,
            user_agent=httprequest.user_agent.string if httprequest else None,
        )
        return {"type": "ir.actions.act_window_close"}
