# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CustomerContractTemplate(models.Model):
    _name = "customer.contract.template"
    _description = "Contract Template"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    type_id = fields.Many2one("customer.contract.type", string="Contract Type")
    clause_ids = fields.Many2many(
        "customer.contract.clause",
        check_company=True,
        help="Clauses copied, rendered, onto a contract using this template.",
    )
    note = fields.Html(string="Notes", translate=True)
    company_id = fields.Many2one("res.company", index=True)
    active = fields.Boolean(default=True)
