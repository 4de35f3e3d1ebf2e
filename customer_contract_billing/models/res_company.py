# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    contract_billing_post = fields.Boolean(
        string="Post Contract Invoices",
        help="Invoices made from the billing plans of contracts are posted at "
        "once; otherwise they are left in draft for an accountant to check.",
    )
    contract_billing_journal_id = fields.Many2one(
        "account.journal",
        string="Contract Invoices Journal",
        check_company=True,
        domain="[('type', '=', 'sale')]",
        help="Sales journal of the invoices made from billing plans (empty: "
        "the company's first sales journal).",
    )
