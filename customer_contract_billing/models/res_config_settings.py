# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    contract_billing_post = fields.Boolean(
        related="company_id.contract_billing_post", readonly=False
    )
    contract_billing_journal_id = fields.Many2one(
        related="company_id.contract_billing_journal_id", readonly=False
    )
