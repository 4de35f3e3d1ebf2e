# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CustomerContractType(models.Model):
    _name = "customer.contract.type"
    _description = "Contract Type"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code shown in lists and reports.")
    sequence = fields.Integer(default=10)
    template_id = fields.Many2one(
        "customer.contract.template",
        string="Default Template",
        check_company=True,
        help="Template proposed for new contracts of this type.",
    )
    description = fields.Text(translate=True)
    company_id = fields.Many2one("res.company", index=True)
    active = fields.Boolean(default=True)
    contract_count = fields.Integer(compute="_compute_contract_count")
    obligation_template_ids = fields.One2many(
        "customer.contract.obligation.template",
        "type_id",
        string="Obligations",
        help="Obligations every contract of this type carries, generated when "
        "the contract is signed.",
    )

    def _compute_contract_count(self):
        counts = dict(
            self.env["customer.contract"]._read_group(
                [("type_id", "in", self.ids)], ["type_id"], ["__count"]
            )
        )
        for contract_type in self:
            contract_type.contract_count = counts.get(contract_type, 0)
