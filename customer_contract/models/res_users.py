# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    # res.users is written by the administrators of the users only (a user
    # changes their own preferences, not this): no other guard is needed.
    contract_sign_limit = fields.Monetary(
        string="Contract Signature Limit",
        currency_field="contract_sign_limit_currency_id",
        help="Highest value of a contract (its total) or of an amended "
        "contract this Contract Signatory may sign for the company; 0 means "
        "no limit.",
    )
    contract_sign_limit_currency_id = fields.Many2one(
        "res.currency", related="company_id.currency_id", string="Limit Currency"
    )

    _contract_sign_limit_check = models.Constraint(
        "CHECK(contract_sign_limit >= 0)",
        "A contract signature limit cannot be negative.",
    )
