# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    contract_obligation_reminder_days = fields.Integer(
        related="company_id.contract_obligation_reminder_days", readonly=False
    )
    contract_compliance_warning_days = fields.Integer(
        related="company_id.contract_compliance_warning_days", readonly=False
    )
    contract_sign_order = fields.Selection(
        related="company_id.contract_sign_order", readonly=False
    )
    contract_sign_reminder_days = fields.Integer(
        related="company_id.contract_sign_reminder_days", readonly=False
    )
    contract_sign_expiry_days = fields.Integer(
        related="company_id.contract_sign_expiry_days", readonly=False
    )
    contract_overdue_activity_days = fields.Integer(
        related="company_id.contract_overdue_activity_days", readonly=False
    )
