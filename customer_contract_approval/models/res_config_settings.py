# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    contract_approval_allow_owner = fields.Boolean(
        related="company_id.contract_approval_allow_owner", readonly=False
    )
