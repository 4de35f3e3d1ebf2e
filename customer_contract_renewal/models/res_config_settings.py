# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    contract_renewal_notice_days = fields.Integer(
        related="company_id.contract_renewal_notice_days", readonly=False
    )
    contract_renewal_reminder_days = fields.Integer(
        related="company_id.contract_renewal_reminder_days", readonly=False
    )
    contract_renewal_reminder_template_id = fields.Many2one(
        related="company_id.contract_renewal_reminder_template_id", readonly=False
    )
    contract_renewal_done_template_id = fields.Many2one(
        related="company_id.contract_renewal_done_template_id", readonly=False
    )
