# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CustomerContractAmendment(models.Model):
    _inherit = "customer.contract.amendment"

    renewal_id = fields.Many2one(
        "customer.contract.renewal",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The term this amendment renews the contract after.",
    )
