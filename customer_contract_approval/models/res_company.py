# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    contract_approval_allow_owner = fields.Boolean(
        string="Owners Approve Their Contracts",
        help="Let the owner of a contract or amendment be one of its reviewers. "
        "Off by default: segregation of duties.",
    )
